import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { ReportSchema, JoinedRecordSchema, ResourceSchema } from "../../src/schema/index.js";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";
import { join } from "node:path";

const FIXED = { SOURCE_DATE_EPOCH: "1767225600" }; // 2026-01-01T00:00:00Z

/** Runs the CLI with text on stdin. */
async function runWithStdin(args: string[], input: string) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (c: string | Uint8Array) => ((stdout += String(c)), true) },
    stderr: { write: (c: string) => ((stderr += c), true) },
    env: FIXED,
    stdin: Readable.from([input]),
  });
  return { code, stdout, stderr };
}

describe("cloud-srm report --example", () => {
  it("prints a summary for a person: per service resources, owned controls, evidence not met", async () => {
    const { code, stdout, stderr } = await runCli(["report", "--example"], FIXED);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^50 resources in \d+ account\(s\); 49 mapped to \d+ services \(98\.0%\)\./);
    expect(stdout).toContain("Unmapped types: random_password (1)");
    // RDS: 2 resources; the example's public, unencrypted, one-day-backup database fails at least those 3 rules.
    const rds = /aws\.rds \(Amazon RDS\)\s+\| paas\s+\| 2\s+\| \d+\s+\| \d+\s+\| (\d+)/.exec(stdout);
    expect(Number(rds?.[1])).toBeGreaterThanOrEqual(3);
    // The classic breaches of the example are all found.
    // The classic breaches of the example are all listed under "Evidence not met".
    const section = stdout.slice(stdout.search(/Evidence not met \(\d+\)/));
    expect(section.length).toBeGreaterThan(100);
    for (const name of ["default-allow-ssh", "etl-worker-1", "acme-analytics-public-share", "nsg-jumpbox", "sql-orders-prod", "acmeexportsprod", "bastion", "scratch", "ci-deploy", "orders-prod", "acme-partner-exports"]) {
      expect(section).toMatch(new RegExp(`^${name} `, "m"));
    }
  });

  it("gives the full report as JSON that validates against the published schema, the same bytes each time", async () => {
    const first = await runCli(["report", "--example", "--format", "json"], FIXED);
    const second = await runCli(["report", "--example", "--format", "json"], FIXED);
    expect(first.stdout).toBe(second.stdout);
    const report = ReportSchema.parse(JSON.parse(first.stdout));
    expect(report.generatedAt).toBe("2026-01-01T00:00:00.000Z");
    expect(report.coverage).toMatchObject({ total: 50, mapped: 49, unmapped: [{ type: "random_password", typeSystem: "terraform", count: 1 }] });
    const orders = report.resources.find((r) => r.name === "orders-prod")!;
    expect(orders).toMatchObject({ service: "aws.rds", model: "paas", account: "111122223333" });
    expect(orders.controls).toHaveLength(35);
    const encryption = orders.controls.find((c) => c.control === "data.encryption-at-rest")!;
    expect(encryption.owner).toBe("shared");
    expect(encryption.evidence).toEqual([expect.objectContaining({ rule: "aws.rds.storage-encrypted", status: "not-met" })]);
    expect(report.services["aws.rds"]!.rows).toHaveLength(35);
    expect(report.byControl.find((c) => c.control === "data.encryption-at-rest")!.evidence.notMet).toBeGreaterThanOrEqual(2);
  });

  it("never prints the secrets in the example's Terraform state", async () => {
    const state = readFileSync("docs/examples/aws-terraform.tfstate", "utf8");
    for (const secret of ["Sup3rS3cretOrdersPw!", "example-stripe-key-DO-NOT-LEAK", "Zr8$kq-EXAMPLE-random-result-2b"]) expect(state).toContain(secret);
    for (const format of ["text", "json", "ndjson"]) {
      const { stdout, stderr } = await runCli(["report", "--example", "--format", format], FIXED);
      for (const secret of ["Sup3rS3cretOrdersPw!", "example-stripe-key-DO-NOT-LEAK", "Zr8$kq-EXAMPLE-random-result-2b"]) {
        expect(stdout + stderr, `${format} leaks ${secret}`).not.toContain(secret);
      }
    }
    const imported = await runCli(["inventory", "import", "terraform", "docs/examples/aws-terraform.tfstate"], FIXED);
    expect(imported.stdout).not.toContain("Sup3rS3cretOrdersPw!");
    expect(imported.stdout).not.toContain("example-stripe-key-DO-NOT-LEAK");
  });
});

describe("cloud-srm inventory import and report --inventory", () => {
  it("imports an export to NDJSON resources and joins them from stdin", async () => {
    const imported = await runCli(["inventory", "import", "azure", "docs/examples/azure-resource-graph.json"], FIXED);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe("imported 13 resource(s)\n");
    const lines = imported.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(13);
    for (const line of lines) ResourceSchema.parse(JSON.parse(line));
    const report = await runWithStdin(["report", "--inventory", "-", "--format", "json"], imported.stdout);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).summary).toMatchObject({ resources: 13, mapped: 13 });
  });

  it("streams the join as NDJSON records", async () => {
    const { code, stdout, stderr } = await runCli(["report", "--example", "--format", "ndjson"], FIXED);
    expect(code).toBe(0);
    const records = stdout.trimEnd().split("\n").map((l) => JoinedRecordSchema.parse(JSON.parse(l)));
    expect(records).toHaveLength(50);
    expect(records.find((r) => r.name === "nsg-jumpbox")).toMatchObject({ service: "azure.virtual-network", model: "iaas" });
    expect(records.find((r) => r.type === "random_password")).toMatchObject({ v: 2, service: null, model: null, duties: {}, unchecked: 0, evidence: [] });
    // Lean records: no control lists; covered duties with their state, the rest counted as unchecked.
    for (const record of records) expect(record).not.toHaveProperty("customer");
    const rds = records.find((r) => r.service === "aws.rds" && r.evidence.length > 0)!;
    const matrix = JSON.parse((await runCli(["matrix", "aws.rds", "--format", "json"])).stdout) as { rows: { control: string; owner: string }[] };
    const duties = matrix.rows.filter((row) => row.owner === "customer" || row.owner === "shared").map((row) => row.control);
    expect(Object.keys(rds.duties).length + rds.unchecked).toBe(duties.length);
    for (const [control, state] of Object.entries(rds.duties)) {
      expect(duties).toContain(control);
      const statuses = rds.evidence.filter((e) => e.control === control).map((e) => e.status);
      expect(state).toBe(statuses.includes("not-met") ? "not-met" : statuses.includes("unknown") ? "unknown" : "met");
    }
    // The closing line's counts are the records' counts (the catalog decides the figures: derived, not pinned).
    const count = (state: string) => records.reduce((n, r) => n + Object.values(r.duties).filter((s) => s === state).length, 0);
    const unchecked = records.reduce((n, r) => n + r.unchecked, 0);
    const [met, notMet, unknownCount] = [count("met"), count("not-met"), count("unknown")];
    expect(notMet).toBeGreaterThan(0);
    expect(unchecked).toBeGreaterThan(1000);
    const coverage = (100 * (met + notMet + unknownCount)) / (met + notMet + unknownCount + unchecked);
    expect(stderr).toMatch(/^joined 50 resource\(s\), 49 mapped; unmapped: random_password \(1\)\nduties: /);
    expect(stderr).toContain(`duties: ${notMet} not met, ${unknownCount} unknown, ${unchecked} unchecked, ${met} met; evidence coverage ${coverage.toFixed(1)}%\n`);
    // Each record counts the duties nothing covers: the join's NDJSON never hides them.
    const jumpbox = records.find((r) => r.name === "nsg-jumpbox")!;
    expect(jumpbox.unchecked).toBeGreaterThan(0);
    expect(Object.keys(jumpbox.duties)).toContain(jumpbox.evidence[0]!.control);
  });

  it("reports bad records with their position and keeps the rest (exit 3, partial, for both)", async () => {
    const good = JSON.stringify({ uid: "u1", provider: "aws", account: { uid: "1", type: "aws-account" }, type: "AWS::S3::Bucket", typeSystem: "cloudformation", tags: {}, source: { kind: "t" } });
    const dir = await tempTree({
      "inv.ndjson": `${good}\n{"uid": "broken"\n${JSON.stringify({ uid: "u2", provider: "aws", type: "x" })}\n${good.replace("u1", "u3")}\n`,
      "graph.json": '{"count": 2, "data": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a", "name": "a", "type": "Microsoft.Storage/storageAccounts", "location": "x", "tags": {}}, {"id": "/subscriptions/s/resourceGroups/r/providers/Micro',
    });
    const report = await runCli(["report", "--inventory", join(dir, "inv.ndjson"), "--format", "json"], FIXED);
    expect(report.code).toBe(3);
    const parsed = JSON.parse(report.stdout);
    expect(parsed.summary).toMatchObject({ resources: 2, problems: 2 });
    expect(parsed.problems.map((p: { position: string }) => p.position)).toEqual(["line 2", "line 3"]);
    expect(report.stderr).toMatch(/inv\.ndjson:line 3: not a cloud-srm resource: typeSystem: must be one of/);
    const imported = await runCli(["inventory", "import", "azure", join(dir, "graph.json")], FIXED);
    expect(imported.code).toBe(3);
    expect(imported.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(imported.stderr).toMatch(/graph\.json:.*truncated/);
  });

  it("rejects bad usage with exit code 2", async () => {
    expect((await runCli(["report"])).code).toBe(2);
    expect((await runCli(["report", "--import", "nope=file"])).stderr).toMatch(/--import takes <kind>=<file>/);
    expect((await runCli(["inventory", "import", "oracle", "x"])).code).toBe(2);
    expect((await runCli(["report", "--example"], { SOURCE_DATE_EPOCH: "yesterday" })).code).toBe(2);
  });
});
