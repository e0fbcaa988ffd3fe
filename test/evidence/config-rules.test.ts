import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, importInventory, type Report, type Resource } from "../../src/index.js";
import { NAMED_TESTS } from "../../src/evidence/checks/index.js";

// The configuration rules for the breach classics, evaluated on fixtures in each
// source's own format (Terraform state v4, an AWS Config snapshot, an Azure
// Resource Graph query result, a Cloud Asset export), through the real importers
// (so redaction runs first, as in production).

const DIR = fileURLToPath(new URL("../fixtures/evidence-rules/", import.meta.url));
const NOW = new Date("2026-06-01T00:00:00Z");

let report: Report;
let resources: Resource[];
beforeAll(async () => {
  resources = [];
  for (const [kind, file] of [
    ["terraform", "terraform.tfstate"],
    ["aws-config", "config-snapshot.json"],
    ["azure", "resource-graph.json"],
    ["gcp", "cloud-asset.ndjson"],
  ] as const) {
    for await (const r of importInventory(kind, `${DIR}${file}`)) resources.push(r);
  }
  report = await buildReport(resources, { now: NOW });
});

/** The result of one rule on the resource whose uid or Terraform address ends with `name`. */
function result(name: string, rule: string) {
  const resource = report.resources.find((r) => r.uid.endsWith(name) || r.source.ref === name);
  if (!resource) throw new Error(`no resource ${name}`);
  return resource.controls.flatMap((c) => (c.evidence ?? []).map((e) => ({ ...e, state: c.state }))).find((e) => e.rule === rule);
}

describe("configuration rules across clouds", () => {
  it.each([
    // AWS: Terraform state and AWS Config items.
    ["aws_cloudtrail.main", "aws.cloudtrail.multi-region", "met"],
    ["aws_cloudtrail.main", "aws.cloudtrail.log-file-validation", "not-met"],
    ["trail/org-trail", "aws.cloudtrail.multi-region", "not-met"],
    ["trail/org-trail", "aws.cloudtrail.log-file-validation", "met"],
    ["aws_kms_key.data", "aws.kms.key-rotation", "not-met"],
    ["aws_instance.web", "aws.ec2.imdsv2-required", "met"],
    ["aws_instance.legacy", "aws.ec2.imdsv2-required", "not-met"],
    ["instance/i-0aaaaaaaaaaaaaaa1", "aws.ec2.imdsv2-required", "not-met"],
    ["instance/i-0aaaaaaaaaaaaaaa2", "aws.ec2.imdsv2-required", "unknown"], // the item lacks metadataOptions
    ["aws_lambda_function.api", "aws.lambda.no-secrets-in-environment", "not-met"],
    ["aws_lambda_function.worker", "aws.lambda.no-secrets-in-environment", "met"], // no variables at all
    ["function:billing", "aws.lambda.no-secrets-in-environment", "not-met"],
    ["function:thumbs", "aws.lambda.no-secrets-in-environment", "unknown"],
    ["aws_s3_bucket_versioning.logs", "aws.s3.versioning-enabled", "met"],
    ["arn:aws:s3:::acme-raw", "aws.s3.versioning-enabled", "not-met"],
    ["aws_db_instance.reports", "aws.rds.deletion-protection", "not-met"],
    ["aws_db_instance.reports", "aws.rds.multi-az", "met"],
    ["db:ledger", "aws.rds.deletion-protection", "met"],
    ["db:ledger", "aws.rds.multi-az", "not-met"],
    ["aws_dynamodb_table.sessions", "aws.dynamodb.point-in-time-recovery", "not-met"],
    ["aws_lambda_function_url.api", "aws.lambda.function-url-iam-auth", "not-met"],
    // Azure: Terraform state and Resource Graph rows.
    ["azurerm_mssql_server.sql", "azure.sql.minimum-tls-1-2", "not-met"],
    ["servers/acme-sql-eu", "azure.sql.minimum-tls-1-2", "met"],
    ["servers/acme-sql-old", "azure.sql.minimum-tls-1-2", "not-met"],
    ["azurerm_mssql_database.orders", "azure.sql.backup-retention", "met"],
    ["azurerm_key_vault.kv", "azure.key-vault.purge-protection", "not-met"],
    ["vaults/acme-kv-eu", "azure.key-vault.purge-protection", "unknown"], // Resource Graph omits it when off: never met by absence
    ["vaults/acme-kv-prod", "azure.key-vault.purge-protection", "met"],
    ["azurerm_linux_web_app.shop", "azure.app-service.no-secrets-in-app-settings", "not-met"],
    ["sites/acme-portal", "azure.app-service.no-secrets-in-app-settings", "not-met"],
    ["sites/acme-api", "azure.app-service.no-secrets-in-app-settings", "unknown"], // Resource Graph rows carry no app settings
    ["azurerm_linux_function_app.jobs", "azure.functions.no-secrets-in-app-settings", "met"], // Key Vault reference
    ["azurerm_storage_account.st", "azure.storage.secure-transfer-required", "met"],
    ["storageAccounts/acmelegacy", "azure.storage.secure-transfer-required", "not-met"],
    // GCP: Terraform state and Cloud Asset.
    ["google_compute_instance.vm", "gcp.compute.no-default-service-account-full-access", "not-met"],
    ["instances/batch-1", "gcp.compute.no-default-service-account-full-access", "not-met"],
    ["instances/batch-2", "gcp.compute.no-default-service-account-full-access", "met"],
    ["google_kms_crypto_key.k", "gcp.kms.rotation-period", "met"],
    ["cryptoKeys/manual", "gcp.kms.rotation-period", "unknown"],
    ["google_sql_database_instance.db", "gcp.sql.ssl-required", "not-met"],
    ["google_sql_database_instance.db", "gcp.sql.no-public-ip", "not-met"],
    ["google_sql_database_instance.db", "gcp.sql.automated-backups", "met"],
    ["instances/orders", "gcp.sql.ssl-required", "met"],
    ["instances/orders", "gcp.sql.no-public-ip", "met"],
    ["instances/orders", "gcp.sql.automated-backups", "met"],
    ["google_storage_bucket.archive", "gcp.storage.versioning-enabled", "met"],
    ["google_storage_bucket_iam_member.public", "gcp.storage.no-public-iam-members", "not-met"],
    ["google_storage_bucket_iam_binding.team", "gcp.storage.no-public-iam-members", "met"],
    // Kubernetes API endpoints, in every source that carries them.
    ["aws_eks_cluster.public", "aws.eks.api-endpoint-not-open-to-internet", "not-met"], // public, 0.0.0.0/0
    ["aws_eks_cluster.restricted", "aws.eks.api-endpoint-not-open-to-internet", "met"], // public, one office range
    ["aws_eks_cluster.internal", "aws.eks.api-endpoint-not-open-to-internet", "met"], // public access off
    ["azurerm_kubernetes_cluster.aks", "azure.aks.api-server-not-open-to-internet", "not-met"], // public, no authorized ranges
    ["azurerm_kubernetes_cluster.aks_private", "azure.aks.api-server-not-open-to-internet", "met"],
    ["managedClusters/aks-ops", "azure.aks.api-server-not-open-to-internet", "met"],
    ["managedClusters/aks-open", "azure.aks.api-server-not-open-to-internet", "not-met"],
    ["managedClusters/aks-legacy", "azure.aks.api-server-not-open-to-internet", "unknown"], // no apiServerAccessProfile in the row
    ["google_container_cluster.gke", "gcp.gke.control-plane-not-open-to-internet", "not-met"], // no private endpoint, no authorized networks
    ["google_container_cluster.gke_office", "gcp.gke.control-plane-not-open-to-internet", "met"],
    ["clusters/gke-private", "gcp.gke.control-plane-not-open-to-internet", "met"],
    ["clusters/gke-open", "gcp.gke.control-plane-not-open-to-internet", "not-met"],
    ["clusters/gke-plain", "gcp.gke.control-plane-not-open-to-internet", "unknown"],
    // Key Vault key rotation policies (Terraform; an absent block is [] in state).
    ["azurerm_key_vault_key.cmk_rotating", "azure.key-vault.key-auto-rotation", "met"],
    ["azurerm_key_vault_key.cmk_static", "azure.key-vault.key-auto-rotation", "not-met"],
    ["azurerm_key_vault_key.cmk_notify_only", "azure.key-vault.key-auto-rotation", "not-met"],
    // Azure Database for PostgreSQL flexible server public network access.
    ["azurerm_postgresql_flexible_server.pg_public", "azure.postgresql-flexible.public-network-access-disabled", "not-met"],
    ["azurerm_postgresql_flexible_server.pg_closed", "azure.postgresql-flexible.public-network-access-disabled", "met"],
    ["flexibleServers/pg-orders", "azure.postgresql-flexible.public-network-access-disabled", "met"],
    ["flexibleServers/pg-reports", "azure.postgresql-flexible.public-network-access-disabled", "not-met"],
    ["flexibleServers/pg-old", "azure.postgresql-flexible.public-network-access-disabled", "unknown"],
    ["flexibleServers/mysql-shop", "azure.mysql-flexible.public-network-access-disabled", "met"],
    ["flexibleServers/mysql-blog", "azure.mysql-flexible.public-network-access-disabled", "not-met"],
    ["flexibleServers/mysql-old", "azure.mysql-flexible.public-network-access-disabled", "unknown"],
    // GKE legacy ABAC. The GKE API omits false booleans, so a disabled one reads legacyAbac: {}: unknown, never met by absence.
    ["google_container_cluster.gke", "gcp.gke.legacy-abac-disabled", "not-met"],
    ["google_container_cluster.gke_office", "gcp.gke.legacy-abac-disabled", "met"],
    ["clusters/gke-open", "gcp.gke.legacy-abac-disabled", "not-met"],
    ["clusters/gke-private", "gcp.gke.legacy-abac-disabled", "unknown"],
    // Shared Key authorization on storage accounts (null in ARM means allowed, but it is absence: unknown).
    ["azurerm_storage_account.st", "azure.storage.shared-key-access-disabled", "not-met"],
    ["storageAccounts/acmelegacy", "azure.storage.shared-key-access-disabled", "met"],
    ["storageAccounts/acmeshared", "azure.storage.shared-key-access-disabled", "not-met"],
    ["storageAccounts/acmedefault", "azure.storage.shared-key-access-disabled", "unknown"],
  ])("%s: %s is %s", (name, rule, status) => {
    const r = result(name, rule);
    expect(r, `${rule} on ${name}`).toBeDefined();
    expect(r!.status).toBe(status);
    // The duty's state follows (worst of its results); a raised rule result is a duty, not a footnote.
    expect(["met", "not-met", "unknown"]).toContain(r!.state);
  });

  it("secrets in environment variables and app settings are named, never shown", () => {
    expect(result("aws_lambda_function.api", "aws.lambda.no-secrets-in-environment")!.detail).toBe("secret-like name(s) with a plain value: DB_PASSWORD (values not shown)");
    expect(result("function:billing", "aws.lambda.no-secrets-in-environment")!.detail).toMatch(/STRIPE_SK/);
    expect(result("azurerm_linux_web_app.shop", "azure.app-service.no-secrets-in-app-settings")!.detail).toMatch(/STORAGE_CONNECTION_STRING \(values not shown\)$/);
    expect(result("sites/acme-portal", "azure.app-service.no-secrets-in-app-settings")!.detail).toMatch(/SQL_CONNECTION_STRING/);
    const json = JSON.stringify(report) + JSON.stringify(resources);
    for (const secret of ["hunter2-in-clear", "sk_live_notarealkey", "notreal123", "c2VjcmV0LWtleS1ub3QtcmVhbA"]) expect(json).not.toContain(secret);
    // A Key Vault reference is a pointer, not a secret: kept through redaction, and it passes.
    const shop = resources.find((r) => r.source.ref === "azurerm_linux_web_app.shop")!;
    expect((shop.attributes!.app_settings as Record<string, string>).DB_PASSWORD).toBe("@Microsoft.KeyVault(SecretUri=https://acme-kv.vault.azure.net/secrets/db-password/)");
    expect((shop.attributes!.app_settings as Record<string, string>).STORAGE_CONNECTION_STRING).toBe("[redacted]");
  });

  it("the named tests say unknown, never met, when the source has no data for them", () => {
    for (const [name, test] of Object.entries(NAMED_TESTS)) {
      expect(test({}).status, name).toBe("unknown");
    }
  });

  it("every evidence rule of the built-in catalog cites documentation (its own https sources, or its cell's)", () => {
    const catalog = builtinCatalog();
    const missing: string[] = [];
    let rules = 0;
    for (const service of catalog.services) {
      for (const [control, cell] of Object.entries(service.cells ?? {})) {
        for (const rule of cell.evidence ?? []) {
          rules++;
          const cites = [...(rule.sources ?? []), ...(cell.sources ?? [])].filter((s) => s.startsWith("https://"));
          if (cites.length === 0) missing.push(`${service.id} ${control} ${rule.id}`);
        }
      }
    }
    expect(rules).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
