// Long lines and large single documents (issue 11): the importers against a
// bare JSON.parse of the same bytes, in the same run, each in its own process.
// Importing does more than parsing (redaction copies every value, resources
// are built and serialized), so the figure to watch is the ratio, and that it
// stays the same as the input doubles (linear), not its absolute value.
// Sizes: BENCH_LINE_MB (default 64, then doubled), BENCH_STATE_MB (default 128).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childStats, importScript, parseScript, timeChild, writeDocument } from "./import-child.mjs";
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
    configuration: { name: `bucket-${i}`, versioning: { status: "Enabled" }, encryption: { rules: [{ algorithm: "aws:kms", kmsKeyId: `arn:aws:kms:eu-west-1:111122223333:key/${i}` }] }, policy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Principal: { AWS: "arn:aws:iam::111122223333:root" } }] } },
  };
}

function stateResource(i) {
  return {
    mode: "managed",
    type: "aws_s3_bucket",
    name: `b${i}`,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes: { arn: `arn:aws:s3:::bucket-${i}`, bucket: `bucket-${i}`, id: `bucket-${i}`, region: "eu-west-1", tags: { env: "prod" }, tags_all: { env: "prod" }, versioning: [{ enabled: true, mfa_delete: false }], server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: `arn:aws:kms:eu-west-1:111122223333:key/${i}` }] }] }] }, sensitive_attributes: [] }],
  };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "srm-long-"));
  const lineMb = Number(process.env.BENCH_LINE_MB ?? 64);
  const stateMb = Number(process.env.BENCH_STATE_MB ?? 128);
  const rows = [];
  try {
    const cases = [
      ["aws-config", `one NDJSON line (a Config page, \`jq -c\`), ${lineMb} MiB`, "line1.ndjson", lineMb, (p, mb) => writeDocument(p, mb, configItem, '{"configurationItems":[', "]}\n")],
      ["aws-config", `one NDJSON line, ${lineMb * 2} MiB (twice the size)`, "line2.ndjson", lineMb * 2, (p, mb) => writeDocument(p, mb, configItem, '{"configurationItems":[', "]}\n")],
      ["aws-config", `the same items one per line, ${lineMb} MiB`, "lines.ndjson", lineMb, (p, mb) => writeDocument(p, mb, configItem, "", "\n", "\n")],
      ["terraform", `Terraform state, one document, ${stateMb} MiB`, "state.tfstate", stateMb, (p, mb) => writeDocument(p, mb, stateResource, '{"version":4,"terraform_version":"1.9.8","serial":1,"lineage":"bench","outputs":{},"resources":[\n', "\n]}\n", ",\n")],
    ];
    for (const [kind, label, name, mb, make] of cases) {
      const file = join(dir, name);
      const records = make(file, mb);
      const bytes = statSync(file).size;
      // NDJSON of one record per line: the baseline parses each line, like the importer.
      const base = name === "lines.ndjson"
        ? timeChild(`import { readFileSync } from "node:fs"; let n = 0; for (const l of readFileSync(${JSON.stringify(file)}, "utf8").split("\\n")) if (l) { JSON.parse(l); n++; } process.stdout.write(String(n) + ${childStats});`)
        : timeChild(parseScript(file));
      const imp = timeChild(importScript(kind, file));
      const [imported, problems] = imp.out.split(" ").map(Number);
      if (imported !== records || problems !== 0) throw new Error(`${label}: imported ${imported} of ${records}, ${problems} problem(s)`);
      rows.push(`| ${label} | ${fmt(bytes / 2 ** 20, 0)} | ${records} | ${fmt(base.cpuMs / 1000, 2)} | ${fmt(imp.cpuMs / 1000, 2)} | ${fmt(imp.cpuMs / base.cpuMs, 2)}x | ${fmt(base.ms / 1000, 2)} | ${fmt(imp.ms / 1000, 2)} | ${fmt(imp.ms / base.ms, 2)}x |`);
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    "One process each (read + `JSON.parse` as the baseline; import = read, parse, normalize, redact and",
    "write NDJSON to a null sink). CPU is the process's user + system time, start-up included; wall its",
    "elapsed time. Every record imported, none rejected.",
    "",
    "| input | MiB | records | JSON.parse CPU s | import CPU s | CPU ratio | JSON.parse wall s | import wall s | wall ratio |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
