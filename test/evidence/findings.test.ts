import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, type Report, type Resource } from "../../src/index.js";
import { loadFindings } from "../../src/evidence/findings/load.js";
import { parseFindings } from "../../src/evidence/findings/read.js";
import { stripInstanceKeys } from "../../src/evidence/findings/keys.js";
import { reportCsv } from "../../src/render/crm.js";
import { runCli } from "../support/cli.js";

const DIR = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00Z");
const catalog = builtinCatalog();
const inventory = (): Resource[] =>
  readFileSync(`${DIR}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

const ALL = [
  { kind: "securityhub", file: `${DIR}securityhub.asff.json` },
  { kind: "aws-config-rules", file: `${DIR}config-by-rule.json` },
  { kind: "aws-config-rules", file: `${DIR}config-aggregate.json` },
  { kind: "prowler", file: `${DIR}prowler.ocsf.json` },
  { kind: "prowler-csv", file: `${DIR}prowler.csv` },
  { kind: "azure-policy", file: `${DIR}azure-policy.json` },
  { kind: "defender", file: `${DIR}defender.json` },
  { kind: "scc", file: `${DIR}scc.json` },
  { kind: "checkov", file: `${DIR}checkov.json` },
  { kind: "trivy", file: `${DIR}trivy.json` },
] as const;

async function report(): Promise<Report> {
  const findings = await loadFindings(ALL, catalog, { now: NOW });
  return buildReport(inventory(), { catalog, now: NOW, findings });
}

/** A duty row of a named resource, with only the evidence of imported findings (rules dropped). */
const evidenceOf = (r: Report, name: string, control: string) => {
  const row = r.resources.find((x) => x.name === name)!.controls.find((c) => c.control === control)!;
  return { ...row, evidence: row.evidence?.filter((e) => e.source) };
};

describe("imported findings", () => {
  it("every tool's findings join by its own key and map to controls through catalog data", async () => {
    const r = await report();
    // Security Hub consolidated id (S3.8 FAILED) on an ARN.
    const logs = evidenceOf(r, "acme-logs", "network.public-exposure");
    expect(logs.state).toBe("not-met");
    expect(logs.evidence).toContainEqual(expect.objectContaining({ source: "securityhub", check: "S3.8", status: "not-met", observedAt: "2026-01-14T10:00:00.000Z" }));
    // AWS Config aggregator result, keyed by type + bucket name.
    expect(evidenceOf(r, "acme-logs", "data.encryption-in-transit").evidence).toEqual([
      expect.objectContaining({ source: "aws-config-rules", check: "s3-bucket-ssl-requests-only", status: "met" }),
    ]);
    // Terraform instance with a module path and a for_each key gets the findings of its configuration block.
    const data = evidenceOf(r, "acme-data-eu", "data.encryption-at-rest");
    expect(data.evidence?.map((e) => `${e.source}:${e.check}:${e.status}`).sort()).toEqual(["checkov:CKV_AWS_19:met", "prowler:s3_bucket_default_encryption:met", "trivy:AWS-0088:met"]);
    expect(evidenceOf(r, "acme-data-eu", "logging.audit-trail").state).toBe("not-met"); // Checkov CKV_AWS_18
    // Trivy's old AVD- id is accepted and mapped like the new one.
    expect(evidenceOf(r, "acme-data-eu", "network.public-exposure").evidence).toContainEqual(expect.objectContaining({ source: "trivy", check: "AWS-0086", status: "not-met" }));
    // Azure: ARM ids compare case-insensitively (policy states are lower case, Prowler upper case).
    const tls = evidenceOf(r, "acmedata", "data.encryption-in-transit");
    expect(tls.evidence?.map((e) => e.source).sort()).toEqual(["azure-policy", "prowler"]);
    expect(tls.evidence?.find((e) => e.source === "prowler")?.detail).toContain("muted in prowler");
    expect(evidenceOf(r, "jumpbox", "network.ingress-rules")).toMatchObject({ state: "not-met", evidence: [expect.objectContaining({ source: "defender" })] });
    // Prowler CSV: PASS is met, MANUAL is unknown. (The duty stays unknown: the RDS rule lacks data.)
    expect(evidenceOf(r, "orders", "network.public-exposure").evidence).toEqual([expect.objectContaining({ source: "prowler-csv", status: "met" })]);
    expect(evidenceOf(r, "orders", "network.public-exposure").state).not.toBe("not-met");
    expect(evidenceOf(r, "orders", "data.backup-recovery").evidence).toEqual([expect.objectContaining({ source: "prowler-csv", status: "unknown" })]);
  });

  it("SCC reports failures only: an absent finding is never met", async () => {
    const r = await report();
    expect(evidenceOf(r, "acme-gcs", "network.public-exposure").state).toBe("not-met");
    // The other bucket has only an INACTIVE finding: SCC adds nothing, and nothing says it is fine.
    const quiet = evidenceOf(r, "acme-gcs-quiet", "network.public-exposure");
    expect(quiet.evidence).toEqual([]);
    expect(quiet.state).not.toBe("met");
    expect(evidenceOf(r, "acme-gcs-quiet", "data.classification").state).toBe("unchecked");
  });

  it("disagreeing sources are both shown and listed", async () => {
    const r = await report();
    const enc = evidenceOf(r, "orders", "data.encryption-at-rest");
    expect(enc.state).toBe("not-met");
    expect(enc.evidence?.map((e) => `${e.source}:${e.status}`).sort()).toEqual(["aws-config-rules:not-met", "securityhub:met"]);
    expect(r.findings?.disagreements).toContainEqual({ uid: "arn:aws:rds:us-east-1:111122223333:db:orders", control: "data.encryption-at-rest", met: ["securityhub"], notMet: ["aws-config-rules"] });
  });

  it("unmatched findings are reported, unmapped checks listed, stale ones decide nothing", async () => {
    const r = await report();
    const f = r.findings!;
    expect(f.unmatched).toEqual([
      expect.objectContaining({ kind: "securityhub", check: "S3.8", resource: "arn:aws:s3:::somebody-elses-bucket", position: "Findings[3]" }),
    ]);
    expect(f.unmatchedTotal).toBe(1);
    expect(f.unmappedChecks).toEqual([{ kind: "securityhub", check: "Macie.1", count: 1 }]);
    const hub = f.sources.find((s) => s.kind === "securityhub")!;
    expect(hub).toMatchObject({ findings: 5, skipped: 1, stale: 1, unmatched: 1, unmapped: 1 });
    const stale = evidenceOf(r, "acme-logs", "logging.audit-trail").evidence!.find((e) => e.check === "S3.9")!;
    expect(stale).toMatchObject({ status: "unknown", stale: true });
    expect(stale.detail).toContain("more than 30 days");
    // Config NOT_APPLICABLE is no evidence at all.
    expect(evidenceOf(r, "acme-logs", "logging.audit-trail").evidence!.some((e) => e.source === "aws-config-rules")).toBe(false);
    // The CRM carries the evidence columns: state, source, check, when.
    const csv = reportCsv(r, { now: NOW });
    expect(csv.split("\r\n")[0]).toContain("evidence_status,evidence_detail,evidence_source,evidence_check,evidence_observed_at");
    expect(csv).toMatch(/,not-met,[^\r]*,rule securityhub,aws\.s3\.[a-z.-]+ S3\.8,2026-01-14T10:00:00\.000Z,/);
  });

  it("a file of the wrong kind fails with its name; bad records are problems with positions", () => {
    expect(() => parseFindings("trivy", "[]", "x.json")).toThrow("x.json: not Trivy JSON");
    expect(() => parseFindings("securityhub", "{", "y.json")).toThrow(/y\.json: not JSON/);
    const parsed = parseFindings("aws-config-rules", JSON.stringify({ EvaluationResults: [{ ComplianceType: "COMPLIANT" }] }), "z.json");
    expect(parsed.problems).toEqual([{ file: "z.json", position: "EvaluationResults[0]", message: expect.stringContaining("ConfigRuleName") }]);
    expect(stripInstanceKeys('module.a["x"].module.b[0].aws_s3_bucket.c["k"]')).toBe("module.a.module.b.aws_s3_bucket.c");
  });

  it("the CLI reads --findings KIND=FILE (repeatable) and reports what it could not use", async () => {
    const args = ["report", "--inventory", `${DIR}inventory.ndjson`, "--format", "json"];
    for (const { kind, file } of ALL) args.push("--findings", `${kind}=${file}`);
    const { code, stdout } = await runCli([...args, "--fail-on", "not-met"], { SOURCE_DATE_EPOCH: String(NOW.getTime() / 1000) });
    expect(code).toBe(4);
    const json = JSON.parse(stdout) as Report;
    expect(json.findings?.unmatchedTotal).toBe(1);
    const nd = await runCli(["report", "--inventory", `${DIR}inventory.ndjson`, "--format", "ndjson", "--findings", `scc=${DIR}scc.json`], { SOURCE_DATE_EPOCH: "1768478400" });
    expect(nd.stderr).toContain("findings: 1 read from 1 file(s), 1 matched a resource");
    const bad = await runCli(["report", "--example", "--findings", "nessus=x.json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--findings takes <kind>=<file>");
  });
});
