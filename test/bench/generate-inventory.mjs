// Writes a realistic normalized inventory as NDJSON: a mix of Terraform, AWS
// Config, ARM and GCP asset records with configuration attributes and tags,
// some misconfigured, some of unmapped types.
import { createWriteStream } from "node:fs";

const SHAPES = [
  (i) => ({ uid: `arn:aws:rds:us-east-1:111122223333:db:db-${i}`, provider: "aws", account: { uid: "111122223333", type: "aws-account" }, region: "us-east-1", type: "AWS::RDS::DBInstance", typeSystem: "cloudformation", name: `db-${i}`, tags: { env: "prod", team: `t${i % 40}` }, attributes: { storageEncrypted: i % 7 !== 0, publiclyAccessible: i % 11 === 0, backupRetentionPeriod: i % 5 === 0 ? 1 : 7, engine: "postgres", dbInstanceClass: "db.r6g.large" }, source: { kind: "aws-config", collectedAt: "2026-11-01T00:00:00Z" } }),
  (i) => ({ uid: `arn:aws:ec2:us-east-1:111122223333:security-group/sg-${i}`, provider: "aws", account: { uid: "111122223333", type: "aws-account" }, region: "us-east-1", type: "aws_security_group", typeSystem: "terraform", name: `sg-${i}`, tags: { env: "prod" }, attributes: { name: `sg-${i}`, ingress: [{ from_port: i % 9 === 0 ? 22 : 443, to_port: i % 9 === 0 ? 22 : 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] }, source: { kind: "terraform-state", ref: `aws_security_group.sg[${i}]` } }),
  (i) => ({ uid: `arn:aws:ec2:us-east-1:111122223333:instance/i-${i}`, provider: "aws", account: { uid: "111122223333", type: "aws-account" }, region: "us-east-1", zone: "us-east-1a", type: "ec2:instance", typeSystem: "arn", tags: { Name: `web-${i}`, env: "prod" }, source: { kind: "aws-resources" } }),
  (i) => ({ uid: `/subscriptions/7c9e6679-7425-40de-944b-e07fc1f90ae7/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa${i}`, provider: "azure", account: { uid: "7c9e6679-7425-40de-944b-e07fc1f90ae7", type: "azure-subscription" }, region: "westeurope", type: "microsoft.storage/storageaccounts", typeSystem: "arm", name: `sa${i}`, tags: { env: "prod" }, attributes: { kind: "StorageV2", properties: { allowBlobPublicAccess: i % 6 === 0, minimumTlsVersion: i % 4 === 0 ? "TLS1_0" : "TLS1_2" } }, source: { kind: "azure-resource-graph" } }),
  (i) => ({ uid: `//storage.googleapis.com/bucket-${i}`, provider: "gcp", account: { uid: "acme-prod", type: "gcp-project" }, region: "us", type: "storage.googleapis.com/Bucket", typeSystem: "gcp-asset", name: `bucket-${i}`, tags: { team: "data" }, attributes: { iamConfiguration: { publicAccessPrevention: i % 3 ? "enforced" : "inherited", uniformBucketLevelAccess: { enabled: i % 2 === 0 } } }, source: { kind: "gcp-asset-export" } }),
  (i) => ({ uid: `random_password.p${i}`, provider: "random", account: { uid: "unknown", type: "other" }, type: "random_password", typeSystem: "terraform", tags: {}, source: { kind: "terraform-state" } }),
];

/** Writes `count` resources to `file`; resolves with the byte size. */
export async function generateInventory(file, count) {
  const out = createWriteStream(file);
  let bytes = 0;
  let buffer = "";
  for (let i = 0; i < count; i++) {
    buffer += `${JSON.stringify(SHAPES[i % SHAPES.length](i))}\n`;
    if (buffer.length > 1 << 20) {
      bytes += buffer.length;
      if (!out.write(buffer)) await new Promise((r) => out.once("drain", r));
      buffer = "";
    }
  }
  bytes += buffer.length;
  out.write(buffer);
  await new Promise((resolve) => out.end(resolve));
  return bytes;
}
