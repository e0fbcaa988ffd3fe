/**
 * Redaction layer (a) for the Terraform providers that the generated list
 * (terraform-sensitive.ts) cannot reach: kubernetes and helm. Their Pulumi
 * packages are native (not bridged from the Terraform schemas) and their
 * CDKTF packages do not carry the `Sensitive` flag, so the generator has no
 * machine-readable source for them. This list is kept by hand; each entry
 * cites the provider's own schema or documentation. Review it like catalog
 * data when a provider version moves.
 */
export interface ExtraSensitive {
  /** Top-level attributes replaced whole. */
  attributes: readonly string[];
  /** Why: "schema" (the provider marks it Sensitive) or "content" (not marked, but holds secrets by design). */
  reason: "schema" | "content";
  source: string;
}

const SECRET_V1 = "https://github.com/hashicorp/terraform-provider-kubernetes/blob/main/kubernetes/resource_kubernetes_secret_v1.go";

export const TERRAFORM_SENSITIVE_EXTRA: Readonly<Record<string, readonly ExtraSensitive[]>> = {
  // `data` and `binary_data` are `Sensitive: true`; the `_wo` forms are write-only (never in state, listed for old states).
  kubernetes_secret: [{ attributes: ["data", "binary_data", "data_wo", "binary_data_wo"], reason: "schema", source: SECRET_V1 }],
  kubernetes_secret_v1: [{ attributes: ["data", "binary_data", "data_wo", "binary_data_wo"], reason: "schema", source: SECRET_V1 }],
  // "`token` (String, Sensitive)".
  kubernetes_token_request_v1: [{ attributes: ["token"], reason: "schema", source: "https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/token_request_v1" }],
  helm_release: [
    // `repository_password` and `set_sensitive[].value` are `Sensitive: true`.
    { attributes: ["repository_password", "set_sensitive", "set_wo"], reason: "schema", source: "https://registry.terraform.io/providers/hashicorp/helm/3.1.1/docs/resources/release#set_sensitive" },
    // `values` (raw YAML handed to the chart), `manifest` (the rendered
    // manifests, Secrets included) and `metadata.values` (the merged values;
    // the provider cloaks only `set_sensitive` entries there) are not marked,
    // but they are where chart passwords live: the whole value goes.
    { attributes: ["values", "manifest"], reason: "content", source: "https://registry.terraform.io/providers/hashicorp/helm/3.1.1/docs/resources/release#values" },
  ],
};

/** Nested paths (list levels skipped) replaced whole, for the same reasons. */
export const TERRAFORM_SENSITIVE_EXTRA_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  helm_release: [["metadata", "values"]],
};
