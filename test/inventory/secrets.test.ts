import { describe, expect, it } from "vitest";
import type { ImportProblem } from "../../src/inventory/importer.js";
import { importerFor, type ImportKind } from "../../src/inventory/importers/index.js";
import { countSecrets, findSecretPatterns, isSecretKey, MAX_NESTING, NestingTooDeepError, redactSecrets, redactTags, redactText, REDACTED, sensitiveAttributesOf } from "../../src/inventory/redact.js";
import { TERRAFORM_SENSITIVE, TERRAFORM_SENSITIVE_SOURCES } from "../../src/inventory/redaction/terraform-sensitive.js";
import type { Resource } from "../../src/types.js";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";
import { readResources } from "../../src/inventory/read-resources.js";
import { KUBERNETES_SECRETS, plantedKubernetesState } from "../fixtures/secrets/planted.js";
import { TERRAFORM_SENSITIVE_EXTRA } from "../../src/inventory/redaction/terraform-sensitive-extra.js";
import { plantedAwsConfigNdjson, plantedAzureList, plantedGcpExport, plantedInventoryNdjson, plantedShowJson, plantedState, SECRETS } from "../fixtures/secrets/planted.js";

const NOW = new Date("2025-01-15T12:00:00.000Z");

async function importText(kind: ImportKind, text: string, name: string) {
  const resources: Resource[] = [];
  const problems: ImportProblem[] = [];
  const importer = await importerFor(kind);
  for await (const resource of importer({ text, name }, { now: () => NOW, onProblem: (p) => problems.push(p) })) resources.push(resource);
  return { resources, problems };
}

function expectNoPlanted(text: string): void {
  for (const [label, secret] of Object.entries(SECRETS)) expect(text.includes(secret), `${label} leaked`).toBe(false);
}

const INPUTS: [ImportKind, string, () => string][] = [
  ["terraform", "planted.tfstate", plantedState],
  ["terraform", "planted-show.json", plantedShowJson],
  ["aws-config", "planted-config.ndjson", plantedAwsConfigNdjson],
  ["azure", "planted-azure.json", plantedAzureList],
  ["gcp", "planted-assets.ndjson", plantedGcpExport],
];

describe("redaction: no planted secret survives an import", () => {
  for (const [kind, name, make] of INPUTS) {
    it(`${kind} ${name}: none in the resources or the problems, and re-redaction finds nothing`, async () => {
      const { resources, problems } = await importText(kind, make(), name);
      expect(resources.length).toBeGreaterThan(0);
      expectNoPlanted(JSON.stringify(resources));
      expectNoPlanted(JSON.stringify(problems));
      for (const resource of resources) expect(countSecrets(resource), resource.source.ref).toBe(0);
    });
  }

  it("terraform: the exact leaks of issue 11 are marked, the evidence around them kept", async () => {
    const { resources } = await importText("terraform", plantedState(), "planted.tfstate");
    const by = (ref: string) => resources.find((r) => r.source.ref === ref)!;
    expect(by("random_password.db").attributes).toMatchObject({ result: REDACTED, bcrypt_hash: REDACTED, length: 24, special: true });
    expect(by("azurerm_key_vault_secret.db").attributes).toMatchObject({ value: REDACTED, name: "db" });
    expect(by("azurerm_kubernetes_cluster.aks").attributes).toMatchObject({ kube_config_raw: REDACTED, kube_config: REDACTED, role_based_access_control_enabled: true });
    expect(by("aws_lambda_function.api").attributes?.environment).toEqual([
      // DATABASE_URL goes whole by its name (layer b); the URL pattern (d) would have taken its password.
      { variables: { DATABASE_URL: REDACTED, STRIPE_SK: REDACTED, GH: REDACTED, LOG_LEVEL: "info" } },
    ]);
    expect(by("aws_secretsmanager_secret_version.api").attributes).toMatchObject({ secret_string: REDACTED, version_stages: ["AWSCURRENT"] });
    expect(by("tls_private_key.ssh").attributes).toMatchObject({ private_key_pem: REDACTED, public_key_openssh: "ssh-rsa AAAAB3NzaPlantedPublic" });
    expect(by("aws_ssm_parameter.token").attributes).toMatchObject({ value: REDACTED, type: "SecureString" });
    const ecs = JSON.parse(by("aws_ecs_task_definition.app").attributes?.container_definitions as string) as { environment: unknown[] }[];
    expect(ecs[0]!.environment).toEqual([{ name: "DB_PASSWORD", value: REDACTED }, { name: "MODE", value: "prod" }]);
    expect(by("aws_s3_bucket.logs").tags).toEqual({ Name: "logs", api_token: REDACTED });
  });

  it("the CLI's NDJSON, report documents and stderr carry none of them", async () => {
    const dir = await tempTree({ "planted.tfstate": plantedState(), "config.ndjson": plantedAwsConfigNdjson(), "azure.json": plantedAzureList() });
    const outputs: string[] = [];
    for (const args of [
      ["inventory", "import", "terraform", `${dir}/planted.tfstate`],
      ["inventory", "import", "aws-config", `${dir}/config.ndjson`],
      ["report", "--import", `terraform=${dir}/planted.tfstate`, "--import", `aws-config=${dir}/config.ndjson`, "--import", `azure=${dir}/azure.json`, "--format", "json", "--allow-partial"],
      ["report", "--import", `terraform=${dir}/planted.tfstate`, "--import", `aws-config=${dir}/config.ndjson`, "--format", "md", "--allow-partial"],
      ["report", "--import", `terraform=${dir}/planted.tfstate`, "--format", "oscal-ssp"],
    ]) {
      const { stdout, stderr } = await runCli(args, { SOURCE_DATE_EPOCH: "1700000000" });
      expect(stdout.length).toBeGreaterThan(0);
      outputs.push(stdout, stderr);
    }
    for (const text of outputs) expectNoPlanted(text);
  });
});

describe("redaction: already-normalised NDJSON is not trusted to be clean", () => {
  it("readResources redacts attributes, tags and names of a hand-made inventory, and keeps the evidence", async () => {
    const resources: Resource[] = [];
    for await (const resource of readResources({ text: plantedInventoryNdjson(), name: "hand-made.ndjson" })) resources.push(resource);
    expect(resources).toHaveLength(2);
    expectNoPlanted(JSON.stringify(resources));
    expect(resources[0]).toMatchObject({
      name: `main ${REDACTED}`,
      tags: { api_token: REDACTED, note: `postgres://app:${REDACTED}@db:5432/app` },
      attributes: { storage_encrypted: true, password: REDACTED, environment: [{ name: "STRIPE_SK", value: REDACTED }] },
    });
    expect(resources[1]!.attributes).toEqual({ Type: "SecureString", Value: REDACTED });
    for (const resource of resources) expect(countSecrets(resource)).toBe(0);
  });

  it("`report --inventory` writes none of them in NDJSON, JSON, Markdown or OSCAL", async () => {
    const dir = await tempTree({ "inv.ndjson": plantedInventoryNdjson() });
    for (const format of ["ndjson", "json", "md", "oscal-ssp"]) {
      const { stdout, stderr } = await runCli(["report", "--inventory", `${dir}/inv.ndjson`, "--format", format, "--allow-partial"], { SOURCE_DATE_EPOCH: "1700000000" });
      expect(stdout.length, format).toBeGreaterThan(0);
      expectNoPlanted(stdout);
      expectNoPlanted(stderr);
    }
  });
});

describe("redaction: Kubernetes and Helm in a Terraform state", () => {
  it("kubernetes_secret data, helm values / set_sensitive / manifest / metadata.values, Secret manifests (object and YAML) never leave", async () => {
    const { resources, problems } = await importText("terraform", plantedKubernetesState(), "k8s.tfstate");
    expect(problems).toEqual([]);
    expect(resources).toHaveLength(6);
    const text = JSON.stringify(resources);
    for (const [label, secret] of Object.entries(KUBERNETES_SECRETS)) expect(text.includes(secret), `${label} leaked`).toBe(false);
    const by = (ref: string) => resources.find((r) => r.source.ref === ref)!;
    expect(by("kubernetes_secret.db").attributes).toMatchObject({ data: REDACTED, binary_data: REDACTED, type: "Opaque", metadata: [{ name: "db", namespace: "app" }] });
    expect(by("kubernetes_manifest.db_secret").attributes).toMatchObject({ manifest: { kind: "Secret", data: REDACTED, metadata: { name: "db" } }, object: { data: REDACTED } });
    expect(by("kubernetes_token_request_v1.ci").attributes).toMatchObject({ token: REDACTED });
    const helm = by("helm_release.postgres").attributes!;
    expect(helm).toMatchObject({ chart: "postgresql", version: "15.5.0", repository_username: "robot", repository_password: REDACTED, values: REDACTED, set_sensitive: REDACTED, manifest: REDACTED, set: [{ name: "primary.persistence.size", value: "20Gi" }] });
    expect(helm.metadata).toEqual([expect.objectContaining({ chart: "postgresql", app_version: "16.2.0", revision: 3, values: REDACTED })]);
    expect(by("kubectl_manifest.yaml_secret").attributes).toMatchObject({ yaml_body: REDACTED, kind: "Secret" });
    for (const resource of resources) expect(countSecrets(resource), resource.source.ref).toBe(0);
  });

  it("every hand-listed entry cites an https source", () => {
    for (const [type, entries] of Object.entries(TERRAFORM_SENSITIVE_EXTRA)) {
      for (const entry of entries) {
        expect(entry.source, type).toMatch(/^https:\/\//);
        for (const attribute of entry.attributes) expect(sensitiveAttributesOf(type), type).toContain(attribute);
      }
    }
  });
});

describe("redaction layers", () => {
  it("(a) is generated from the providers' schemas, with provenance", () => {
    expect(TERRAFORM_SENSITIVE_SOURCES.map((s) => s.provider)).toEqual(expect.arrayContaining(["hashicorp/aws", "hashicorp/azurerm", "hashicorp/google", "hashicorp/random", "hashicorp/tls", "hashicorp/azuread"]));
    for (const source of TERRAFORM_SENSITIVE_SOURCES) expect(source.terraformProviderVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(TERRAFORM_SENSITIVE).length).toBeGreaterThan(200);
    expect(sensitiveAttributesOf("random_password")).toEqual(["bcrypt_hash", "result"]);
    expect(sensitiveAttributesOf("aws_ssm_parameter")).toContain("value");
    expect(sensitiveAttributesOf("azurerm_key_vault_secret")).toContain("value");
    // Not sensitive in the provider's schema: random_string's result is meant to be read.
    expect(sensitiveAttributesOf("random_string")).toEqual([]);
    expect(redactSecrets({ value: "v", name: "n" }, [], { resourceType: "aws_ssm_parameter" })).toEqual({ value: REDACTED, name: "n" });
    expect(redactSecrets({ value: "v", name: "n" }, [], { resourceType: "aws_route53_record" })).toEqual({ value: "v", name: "n" });
  });

  it("(b) key names in every naming style, public material kept", () => {
    for (const key of ["password", "master_password", "MasterUserPassword", "client_secret", "clientSecret", "private_key_pem", "primary_access_key", "sas_token", "connection_string", "kube_config_raw", "DB_PASSWORD", "STRIPE_SK", "apiKey", "x_api_key", "token", "secret", "bcrypt_hash", "DATABASE_URL", "SIGNING_SEED"]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ["public_key", "public_key_openssh", "key_name", "kms_key_id", "KmsKeyId", "key_vault_id", "secret_arn", "password_policy", "token_ttl", "manage_master_user_password", "name", "tags", "encrypted", "key_pair", "secret_name"]) {
      expect(isSecretKey(key), key).toBe(false);
    }
    // References to keys and secrets (ARNs, Key Vault URIs) are evidence, not secrets; IMDSv2's httpTokens is a mode.
    expect(redactSecrets({ encryptionKey: "arn:aws:kms:us-east-2:123456789012:alias/aws/s3", metadataOptions: { httpTokens: "required" }, key_vault_secret_id: "https://kv.vault.azure.net/secrets/db" })).toEqual({
      encryptionKey: "arn:aws:kms:us-east-2:123456789012:alias/aws/s3",
      metadataOptions: { httpTokens: "required" },
      key_vault_secret_id: "https://kv.vault.azure.net/secrets/db",
    });
    // Flags and empty values say "set / not set" without being secrets.
    expect(redactSecrets({ password: "", secret: null, token: true, passphrase: "x" })).toEqual({ password: "", secret: null, token: true, passphrase: REDACTED });
  });

  it("(c) name/value pairs with a secret-like name", () => {
    expect(
      redactSecrets({
        env: [
          { name: "DB_PASSWORD", value: "p1" },
          { name: "MODE", value: "prod" },
        ],
        Tags: [
          { Key: "api_token", Value: "t1" },
          { Key: "Name", Value: "web" },
        ],
        Parameters: [{ ParameterKey: "DBPassword", ParameterValue: "p2" }],
      }),
    ).toEqual({
      env: [
        { name: "DB_PASSWORD", value: REDACTED },
        { name: "MODE", value: "prod" },
      ],
      Tags: [
        { Key: "api_token", Value: REDACTED },
        { Key: "Name", Value: "web" },
      ],
      Parameters: [{ ParameterKey: "DBPassword", ParameterValue: REDACTED }],
    });
    expect(redactTags({ Name: "web", db_password: "p3", note: `see ${SECRETS.githubToken}` })).toEqual({ Name: "web", db_password: REDACTED, note: `see ${REDACTED}` });
  });

  it("(d) value patterns, wherever the value sits", () => {
    const cases: [string, string][] = [
      ["-----BEGIN PRIVATE KEY-----\nMIIplanted\n-----END PRIVATE KEY-----", REDACTED],
      ["-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (cut)", REDACTED],
      ["mysql://app:s3cr3t@db:3306/app", `mysql://app:${REDACTED}@db:3306/app`],
      ["Server=tcp:db.database.windows.net;Database=app;User ID=app;Password=Pl4nted!;", `Server=tcp:db.database.windows.net;Database=app;User ID=app;Password=${REDACTED};`],
      ["DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc123+/==;EndpointSuffix=core.windows.net", `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${REDACTED};EndpointSuffix=core.windows.net`],
      ["Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abcDEF123=", `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${REDACTED}`],
      [`key ${SECRETS.awsAccessKeyId} here`, `key ${REDACTED} here`],
      [SECRETS.githubToken, REDACTED],
      ["github_pat_11ABCDEFG0PlantedPlantedPlanted_PlantedPlantedPlantedPlanted", REDACTED],
      [SECRETS.slackToken, REDACTED],
      [SECRETS.googleKey, REDACTED],
      [`Bearer ${SECRETS.jwt}`, `Bearer ${REDACTED}`],
      [SECRETS.bcrypt, REDACTED],
      [SECRETS.stripe, REDACTED],
      ["https://hooks.slack.com/services/T000/B000/PlantedWebhookSecret", REDACTED],
    ];
    for (const [input, expected] of cases) expect(redactText(input), input).toBe(expected);
    expect(redactSecrets({ kubeconfig_text: "apiVersion: v1\nclusters: []\nusers:\n- user:\n    token: abc\n" })).toEqual({ kubeconfig_text: REDACTED });
    // Ordinary values are left alone.
    for (const plain of ["arn:aws:s3:::bucket", "https://example.com/path?x=1", "token-lifetime 5m", "eu-west-1", "postgres://db.internal:5432/app", "ssh-rsa AAAAB3Nza"]) expect(redactText(plain)).toBe(plain);
    expect(findSecretPatterns(`x ${SECRETS.githubToken}`)).toEqual(["github-token"]);
    expect(findSecretPatterns('{"password":"[redacted]","enabled":true}')).toEqual([]);
  });

  it("walks a value of any depth without recursion and refuses one nested past the limit", () => {
    let ok: unknown = { password: "deep-secret" };
    for (let i = 0; i < MAX_NESTING - 2; i++) ok = { a: ok };
    expect(JSON.stringify(redactSecrets(ok))).not.toContain("deep-secret");
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => redactSecrets(deep)).toThrow(NestingTooDeepError);
  });
});
