import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, importInventory, type Report, type Resource } from "../../src/index.js";

// The second batch of configuration rules (issue 12 item 3: audit logs, backups, key rotation,
// default service accounts, TLS, patching, public exposure), each evaluated on fixtures in every
// source's documented format that carries the setting (an AWS Config snapshot with configuration
// and supplementaryConfiguration, Terraform state v4, an Azure Resource Graph reply, a Cloud Asset
// export), through the real importers so redaction runs first. Met, not met and unknown per source.

const DIR = fileURLToPath(new URL("../fixtures/evidence-rules-breach/", import.meta.url));
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
  const matches = report.resources.filter((r) => r.uid.endsWith(name) || r.source.ref === name);
  if (matches.length !== 1) throw new Error(`${matches.length} resources match ${name}`);
  return matches[0]!.controls.flatMap((c) => c.evidence ?? []).find((e) => e.rule === rule);
}

describe("configuration rules for the breach failure modes, in every source that carries them", () => {
  it.each([
    // KMS key rotation: AWS Config supplementaryConfiguration.KeyRotationStatus.
    ["key/0a1b2c3d-0000-4000-8000-000000000001", "aws.kms.key-rotation", "met"],
    ["key/0a1b2c3d-0000-4000-8000-000000000002", "aws.kms.key-rotation", "not-met"],
    ["key/0a1b2c3d-0000-4000-8000-000000000003", "aws.kms.key-rotation", "unknown"],
    // DynamoDB point-in-time recovery: ContinuousBackupsDescription.
    ["table/orders", "aws.dynamodb.point-in-time-recovery", "met"],
    ["table/sessions", "aws.dynamodb.point-in-time-recovery", "not-met"],
    ["table/carts", "aws.dynamodb.point-in-time-recovery", "unknown"],
    // S3 server access logs.
    [":::acme-logged", "aws.s3.server-access-logging", "met"],
    [":::acme-unlogged", "aws.s3.server-access-logging", "not-met"],
    [":::acme-bare", "aws.s3.server-access-logging", "unknown"],
    ["aws_s3_bucket.legacy_logged", "aws.s3.server-access-logging", "met"],
    ["aws_s3_bucket.plain", "aws.s3.server-access-logging", "unknown"], // may be set by aws_s3_bucket_logging
    ["aws_s3_bucket_logging.data", "aws.s3.server-access-logging", "met"],
    // RDS patching and log exports.
    ["db:billing", "aws.rds.auto-minor-version-upgrade", "met"],
    ["db:billing", "aws.rds.log-exports", "met"],
    ["db:legacy", "aws.rds.auto-minor-version-upgrade", "not-met"],
    ["db:legacy", "aws.rds.log-exports", "not-met"],
    ["db:sparse", "aws.rds.auto-minor-version-upgrade", "unknown"],
    ["db:sparse", "aws.rds.log-exports", "unknown"],
    ["aws_db_instance.app", "aws.rds.auto-minor-version-upgrade", "not-met"],
    ["aws_db_instance.app", "aws.rds.log-exports", "not-met"],
    // Redshift.
    ["cluster:dwh", "aws.redshift.encrypted", "met"],
    ["cluster:dwh", "aws.redshift.not-publicly-accessible", "met"],
    ["cluster:dwh", "aws.redshift.automated-snapshots", "met"],
    ["cluster:dwh", "aws.redshift.audit-logging", "met"],
    ["cluster:dwh-open", "aws.redshift.encrypted", "not-met"],
    ["cluster:dwh-open", "aws.redshift.not-publicly-accessible", "not-met"],
    ["cluster:dwh-open", "aws.redshift.automated-snapshots", "not-met"],
    ["cluster:dwh-open", "aws.redshift.audit-logging", "not-met"],
    ["aws_redshift_cluster.dwh", "aws.redshift.encrypted", "met"],
    ["aws_redshift_cluster.dwh", "aws.redshift.not-publicly-accessible", "not-met"],
    ["aws_redshift_cluster.dwh", "aws.redshift.automated-snapshots", "met"],
    ["aws_redshift_logging.dwh", "aws.redshift.audit-logging", "met"],
    // DMS (AWS Config items use CloudFormation-style names for DMS).
    ["rep:REPPRIVATE", "aws.dms.not-publicly-accessible", "met"],
    ["rep:REPPRIVATE", "aws.dms.auto-minor-version-upgrade", "met"],
    ["rep:REPPRIVATE", "aws.dms.multi-az", "met"],
    ["rep:REPPUBLIC", "aws.dms.not-publicly-accessible", "not-met"],
    ["rep:REPPUBLIC", "aws.dms.auto-minor-version-upgrade", "not-met"],
    ["rep:REPPUBLIC", "aws.dms.multi-az", "not-met"],
    ["endpoint:EPVERIFIED", "aws.dms.endpoint-ssl-verify", "met"],
    ["endpoint:EPPLAIN", "aws.dms.endpoint-ssl-verify", "not-met"],
    ["aws_dms_replication_instance.rep", "aws.dms.not-publicly-accessible", "not-met"],
    ["aws_dms_replication_instance.rep", "aws.dms.auto-minor-version-upgrade", "met"],
    ["aws_dms_endpoint.src", "aws.dms.endpoint-ssl-verify", "not-met"], // require encrypts but does not verify the server
    // Load balancer listeners and access logs.
    ["listener/app/web/50dc6c495c0c9188/l-https", "aws.elb.listener-encrypted", "met"],
    ["listener/app/web/50dc6c495c0c9188/l-redirect", "aws.elb.listener-encrypted", "met"],
    ["listener/app/web/50dc6c495c0c9188/l-plain", "aws.elb.listener-encrypted", "not-met"],
    ["aws_lb_listener.https", "aws.elb.listener-encrypted", "met"],
    ["aws_lb_listener.http_redirect", "aws.elb.listener-encrypted", "met"],
    ["aws_lb_listener.http_plain", "aws.elb.listener-encrypted", "not-met"],
    ["aws_lb.web", "aws.elb.access-logs", "not-met"],
    ["aws_lb.api", "aws.elb.access-logs", "met"],
    // EKS: endpoint and audit log, now from AWS Config items too.
    ["cluster/eks-private", "aws.eks.api-endpoint-not-open-to-internet", "met"],
    ["cluster/eks-private", "aws.eks.audit-log", "met"],
    ["cluster/eks-open", "aws.eks.api-endpoint-not-open-to-internet", "not-met"],
    ["cluster/eks-open", "aws.eks.audit-log", "not-met"],
    ["cluster/eks-sparse", "aws.eks.api-endpoint-not-open-to-internet", "unknown"],
    ["cluster/eks-sparse", "aws.eks.audit-log", "unknown"],
    ["aws_eks_cluster.logged", "aws.eks.audit-log", "met"],
    ["aws_eks_cluster.silent", "aws.eks.audit-log", "not-met"],
    // EC2 (Terraform).
    ["aws_instance.public_app", "aws.ec2.root-volume-encrypted", "not-met"],
    ["aws_instance.public_app", "aws.ec2.no-public-ip", "not-met"],
    ["aws_instance.private_app", "aws.ec2.root-volume-encrypted", "met"],
    ["aws_instance.private_app", "aws.ec2.no-public-ip", "met"],
    // Azure App Service, VMs, storage.
    ["sites/site-secure", "azure.app-service.https-only", "met"],
    ["sites/site-secure", "azure.app-service.minimum-tls-1-2", "met"],
    ["sites/site-old", "azure.app-service.https-only", "not-met"],
    ["sites/site-old", "azure.app-service.minimum-tls-1-2", "unknown"], // Resource Graph rows carry no siteConfig
    ["azurerm_linux_web_app.site", "azure.app-service.https-only", "met"],
    ["azurerm_linux_web_app.site", "azure.app-service.minimum-tls-1-2", "not-met"],
    ["virtualMachines/vm-hardened", "azure.vm.encryption-at-host", "met"],
    ["virtualMachines/vm-hardened", "azure.vm.linux-password-authentication-disabled", "met"],
    ["virtualMachines/vm-plain", "azure.vm.encryption-at-host", "unknown"], // securityProfile omitted: never met by absence
    ["virtualMachines/vm-plain", "azure.vm.linux-password-authentication-disabled", "not-met"],
    ["azurerm_linux_virtual_machine.vm", "azure.vm.encryption-at-host", "not-met"],
    ["azurerm_linux_virtual_machine.vm", "azure.vm.linux-password-authentication-disabled", "met"],
    ["storageAccounts/acmelocked", "azure.storage.default-network-action-deny", "met"],
    ["storageAccounts/acmeopen", "azure.storage.default-network-action-deny", "not-met"],
    ["acmelocked/blobServices/default", "azure.storage.blob-soft-delete", "met"],
    ["acmeopen/blobServices/default", "azure.storage.blob-soft-delete", "not-met"],
    ["azurerm_storage_account.sa", "azure.storage.default-network-action-deny", "not-met"],
    ["azurerm_storage_account.sa", "azure.storage.blob-soft-delete", "met"],
    // GCP networks.
    ["subnetworks/sub-logged", "gcp.vpc.subnet-flow-logs", "met"],
    ["subnetworks/sub-quiet", "gcp.vpc.subnet-flow-logs", "not-met"],
    ["subnetworks/sub-sparse", "gcp.vpc.subnet-flow-logs", "unknown"],
    ["google_compute_subnetwork.logged", "gcp.vpc.subnet-flow-logs", "met"],
    ["google_compute_subnetwork.quiet", "gcp.vpc.subnet-flow-logs", "not-met"],
    ["networks/net-auto", "gcp.vpc.custom-mode-network", "not-met"],
    ["networks/net-custom", "gcp.vpc.custom-mode-network", "met"],
    ["google_compute_network.auto", "gcp.vpc.custom-mode-network", "not-met"],
    // Compute Engine: Secure Boot, OS Login, default service account.
    ["instances/vm-shielded", "gcp.compute.secure-boot", "met"],
    ["instances/vm-shielded", "gcp.compute.os-login", "met"],
    ["instances/vm-shielded", "gcp.compute.dedicated-service-account", "met"],
    ["instances/vm-plain", "gcp.compute.secure-boot", "not-met"],
    ["instances/vm-plain", "gcp.compute.os-login", "unknown"], // project metadata may set it
    ["instances/vm-plain", "gcp.compute.dedicated-service-account", "not-met"],
    ["google_compute_instance.web", "gcp.compute.secure-boot", "not-met"],
    ["google_compute_instance.web", "gcp.compute.os-login", "met"],
    ["google_compute_instance.web", "gcp.compute.dedicated-service-account", "not-met"], // empty email = the default account
    // Dataproc and App Engine default service accounts, App Engine env variables.
    ["clusters/etl-1", "gcp.dataproc.dedicated-service-account", "not-met"],
    ["clusters/etl-1", "gcp.dataproc.internal-ip-only", "met"],
    ["clusters/etl-2", "gcp.dataproc.dedicated-service-account", "unknown"],
    ["clusters/etl-2", "gcp.dataproc.internal-ip-only", "unknown"],
    ["google_dataproc_cluster.etl", "gcp.dataproc.dedicated-service-account", "met"],
    ["google_dataproc_cluster.etl", "gcp.dataproc.internal-ip-only", "not-met"],
    ["versions/v2", "gcp.app-engine.dedicated-service-account", "met"],
    ["versions/v2", "gcp.app-engine.no-secrets-in-env-variables", "met"],
    ["google_app_engine_standard_app_version.v1", "gcp.app-engine.dedicated-service-account", "not-met"],
    ["google_app_engine_standard_app_version.v1", "gcp.app-engine.no-secrets-in-env-variables", "not-met"],
    // Load balancing.
    ["sslPolicies/pol-modern", "gcp.load-balancing.ssl-policy-tls-1-2", "met"],
    ["google_compute_ssl_policy.legacy", "gcp.load-balancing.ssl-policy-tls-1-2", "not-met"],
    ["backendServices/be-quiet", "gcp.load-balancing.backend-logging", "not-met"],
    ["google_compute_backend_service.web", "gcp.load-balancing.backend-logging", "met"],
    // Cloud SQL.
    ["instances/db-ha", "gcp.sql.no-world-open-authorized-networks", "met"],
    ["instances/db-ha", "gcp.sql.high-availability", "met"],
    ["instances/db-open", "gcp.sql.no-world-open-authorized-networks", "not-met"],
    ["instances/db-open", "gcp.sql.high-availability", "not-met"],
    ["google_sql_database_instance.open", "gcp.sql.no-world-open-authorized-networks", "not-met"],
    ["google_sql_database_instance.open", "gcp.sql.high-availability", "not-met"],
    // BigQuery, Spanner, KMS IAM, disks, service account keys, audit configs.
    ["datasets/ds_public", "gcp.bigquery.no-public-dataset-access", "not-met"],
    ["datasets/ds_private", "gcp.bigquery.no-public-dataset-access", "met"],
    ["google_bigquery_dataset.analytics", "gcp.bigquery.no-public-dataset-access", "met"],
    ["google_bigquery_dataset_access.public", "gcp.bigquery.no-public-dataset-access", "not-met"],
    ["databases/db-protected", "gcp.spanner.drop-protection", "met"],
    ["databases/db-unprotected", "gcp.spanner.drop-protection", "unknown"], // the API omits false booleans
    ["google_spanner_database.ledger", "gcp.spanner.drop-protection", "not-met"],
    ["google_kms_crypto_key_iam_member.public", "gcp.kms.no-public-key-access", "not-met"],
    ["disks/disk-scheduled", "gcp.persistent-disk.snapshot-schedule", "met"],
    ["disks/disk-bare", "gcp.persistent-disk.snapshot-schedule", "unknown"],
    ["google_compute_disk.data", "gcp.persistent-disk.snapshot-schedule", "met"],
    ["google_compute_disk.scratch", "gcp.persistent-disk.snapshot-schedule", "unknown"], // may be attached by a separate resource
    ["keys/key-user", "gcp.iam.no-user-managed-keys", "not-met"],
    ["keys/key-system", "gcp.iam.no-user-managed-keys", "met"],
    ["google_project_iam_audit_config.all", "gcp.logging.data-access-audit-logs", "met"],
    ["google_project_iam_audit_config.storage", "gcp.logging.data-access-audit-logs", "not-met"],
    // IAM trust policies (Config's URL-encoded documents, Terraform JSON).
    ["role/open-trust", "aws.iam.no-public-trust-policy", "not-met"],
    ["role/vendor-audit", "aws.iam.no-public-trust-policy", "met"], // Principal names the account, with an external id
    ["aws_iam_role.open_trust", "aws.iam.no-public-trust-policy", "not-met"],
    ["aws_iam_role.lambda_exec", "aws.iam.no-public-trust-policy", "met"],
    // S3: TLS-only bucket policies and ACLs disabled.
    [":::acme-logged", "aws.s3.deny-insecure-transport", "met"],
    [":::acme-unlogged", "aws.s3.deny-insecure-transport", "not-met"], // no policy: plain HTTP accepted
    [":::acme-bare", "aws.s3.deny-insecure-transport", "unknown"], // the item records no BucketPolicy
    ["aws_s3_bucket_policy.tls_only", "aws.s3.deny-insecure-transport", "met"],
    ["aws_s3_bucket_policy.read_only", "aws.s3.deny-insecure-transport", "not-met"],
    ["aws_s3_bucket_ownership_controls.enforced", "aws.s3.acls-disabled", "met"],
    ["aws_s3_bucket_ownership_controls.legacy", "aws.s3.acls-disabled", "not-met"],
    // GCP basic roles (Terraform grants).
    ["google_project_iam_member.editor", "gcp.iam.no-basic-roles", "not-met"],
    ["google_project_iam_member.storage_admin", "gcp.iam.no-basic-roles", "met"],
    ["google_project_iam_policy.full", "gcp.iam.no-basic-roles", "not-met"],
    // Kubernetes workloads (Cloud Asset): privileged containers and secrets in env.
    ["pods/debug-shell", "gcp.gke-workloads.no-privileged-containers", "not-met"],
    ["deployments/web", "gcp.gke-workloads.no-privileged-containers", "met"],
    ["deployments/web", "gcp.gke-workloads.no-secrets-in-env", "not-met"],
    ["deployments/worker", "gcp.gke-workloads.no-secrets-in-env", "met"], // a Secret reference
    ["deployments/listed", "gcp.gke-workloads.no-privileged-containers", "unknown"], // no spec in the source
    ["deployments/listed", "gcp.gke-workloads.no-secrets-in-env", "unknown"],
  ])("%s: %s is %s", (name, rule, status) => {
    const r = result(name, rule);
    expect(r, `${rule} on ${name}`).toBeDefined();
    expect(r!.status, r!.detail).toBe(status);
  });

  it("names secret-like App Engine and Kubernetes variables without their values", () => {
    expect(result("google_app_engine_standard_app_version.v1", "gcp.app-engine.no-secrets-in-env-variables")!.detail).toBe(
      "secret-like name(s) with a plain value: API_TOKEN (values not shown)",
    );
    expect(result("deployments/web", "gcp.gke-workloads.no-secrets-in-env")!.detail).toBe("secret-like name(s) with a plain value: DB_PASSWORD (values not shown)");
    const json = JSON.stringify(report) + JSON.stringify(resources);
    for (const secret of ["plain-token-not-real-123", "k8s-plain-secret-not-real"]) expect(json).not.toContain(secret);
  });

  it("says why, in the source's terms", () => {
    expect(result(":::acme-unlogged", "aws.s3.server-access-logging")!.detail).toMatch(/off/);
    expect(result("google_project_iam_audit_config.storage", "gcp.logging.data-access-audit-logs")!.detail).toBe("storage.googleapis.com: DATA_WRITE not enabled");
    expect(result("cluster/eks-open", "aws.eks.audit-log")!.detail).toBe("enabled log types (api) exclude audit");
    expect(result("db:legacy", "aws.rds.log-exports")!.detail).toBe("enabledCloudwatchLogsExports is empty");
  });
});
