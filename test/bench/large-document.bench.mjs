// Single-document exports past the stream threshold (issue 11): a Terraform
// state and an AWS Config snapshot of BENCH_DOC_MB MiB (default 128) and twice that, read
// record by record as they arrive (src/inventory/json-stream.ts), against a
// bare read + JSON.parse of the same bytes. Each run in its own process, for
// its wall time and its peak resident memory (process.resourceUsage().maxRSS).
// The point: time within a small factor of JSON.parse, and memory that does
// not hold the document (JSON.parse needs the whole string and every value).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importScript, parseScript, timeChild, writeDocument } from "./import-child.mjs";
import { fmt } from "./stats.mjs";

function configItem(i) {
  return {
    configurationItemStatus: "OK",
    resourceType: "AWS::S3::Bucket",
    resourceId: `bucket-${i}`,
    ARN: `arn:aws:s3:::bucket-${i}`,
    awsAccountId: "111122223333",
    awsRegion: "eu-west-1",
    configurationItemCaptureTime: "2025-01-10T10:00:00.000Z",
    tags: { env: "prod", team: `t${i % 50}` },
    configuration: { name: `bucket-${i}`, versioning: { status: "Enabled" }, encryption: { rules: [{ algorithm: "aws:kms", kmsKeyId: `arn:aws:kms:eu-west-1:111122223333:key/${i}` }] } },
  };
}

function stateResource(i) {
  return {
    mode: "managed",
    type: "aws_s3_bucket",
    name: `b${i}`,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes: { arn: `arn:aws:s3:::bucket-${i}`, bucket: `bucket-${i}`, id: `bucket-${i}`, region: "eu-west-1", tags: { env: "prod" }, tags_all: { env: "prod" }, versioning: [{ enabled: true, mfa_delete: false }] }, sensitive_attributes: [] }],
  };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "srm-doc-"));
  const mb = Number(process.env.BENCH_DOC_MB ?? 128);
  const rows = [];
  try {
    // Twice the size as well: the time ratio stays, and the import's memory does not follow the size.
    const cases = [mb, mb * 2].flatMap((size) => [
      ["terraform", `Terraform state, ${size} MiB`, "state.tfstate", (p) => writeDocument(p, size, stateResource, '{"version":4,"terraform_version":"1.9.8","serial":1,"lineage":"bench","outputs":{},"resources":[\n', "\n]}\n", ",\n")],
      ["aws-config", `AWS Config snapshot (configurationItems), ${size} MiB`, "snapshot.json", (p) => writeDocument(p, size, configItem, '{"fileVersion":"1.0","configSnapshotId":"bench","configurationItems":[\n', "\n]}\n", ",\n")],
    ]);
    for (const [kind, label, name, make] of cases) {
      const file = join(dir, name);
      const records = make(file);
      const bytes = statSync(file).size;
      const base = timeChild(parseScript(file));
      const imp = timeChild(importScript(kind, file));
      const [imported, problems] = imp.out.split(" ").map(Number);
      if (imported !== records || problems !== 0) throw new Error(`${label}: imported ${imported} of ${records}, ${problems} problem(s)`);
      rows.push(`| ${label} | ${fmt(bytes / 2 ** 20, 0)} | ${records} | ${fmt(base.cpuMs / 1000, 2)} | ${fmt(imp.cpuMs / 1000, 2)} | ${fmt(imp.cpuMs / base.cpuMs, 2)}x | ${fmt(base.ms / 1000, 2)} | ${fmt(imp.ms / 1000, 2)} | ${fmt(imp.ms / base.ms, 2)}x | ${fmt(base.rssMb, 0)} | ${fmt(imp.rssMb, 0)} | ${fmt(imp.rssMb / base.rssMb, 2)}x |`);
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    "One process each: read + `JSON.parse` as the baseline; import = read as a stream (the document is",
    "past the 64 MiB threshold), parse each record, normalize, redact, write NDJSON to a null sink.",
    "Every record imported, none rejected. CPU is the process's user + system time, start-up included;",
    "wall is its elapsed time. Peak RSS is the process's maximum resident set.",
    "",
    "| input | MiB | records | JSON.parse CPU s | import CPU s | CPU ratio | JSON.parse wall s | import wall s | wall ratio | JSON.parse peak MiB | import peak MiB | memory ratio |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
