import { fileURLToPath } from "node:url";
import { examplesUrl } from "./examples-location.js";
import type { ImportKind } from "./inventory/importers/index.js";

/**
 * The bundled, realistic multi-cloud example: a Terraform state (AWS), an Azure
 * Resource Graph export and a GCP Cloud Asset export, with some resources
 * misconfigured as in the classic breaches (open SSH/RDP, public buckets and
 * databases, unencrypted storage, wildcard IAM).
 */
export function exampleInventory(): { kind: ImportKind; file: string }[] {
  const dir = examplesUrl();
  return [
    { kind: "terraform", file: fileURLToPath(new URL("aws-terraform.tfstate", dir)) },
    { kind: "azure", file: fileURLToPath(new URL("azure-resource-graph.json", dir)) },
    { kind: "gcp", file: fileURLToPath(new URL("gcp-assets.ndjson", dir)) },
  ];
}
