import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinCatalog, type EvidenceResult, type Resource } from "../../src/index.js";
import { FindingIndex } from "../../src/evidence/findings/join.js";
import { loadFindings } from "../../src/evidence/findings/load.js";
import { FindingMappings } from "../../src/evidence/findings/mapping.js";
import { readFindingsFile } from "../../src/evidence/findings/read.js";
import type { FindingKind } from "../../src/evidence/findings/tools.js";
import { tempTree } from "../support/tmp.js";

// Findings files are read record by record into a compact index (issue 12's
// scale bar: millions of findings). These tests hold the streamed path to the
// whole-document one, and check what streaming must still get right: records
// cut across reads, a broken record among good ones, a cut-off file, a file
// that is not JSON or not the kind, quoted newlines in Prowler CSV.

const DIR = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00Z");
const catalog = builtinCatalog();
const inventory = (): Resource[] =>
  readFileSync(`${DIR}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

const FILES: { kind: FindingKind; file: string }[] = [
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
];

/** Every resource's evidence from an index, then its summary (what the report shows of findings). */
function outcome(index: FindingIndex): { evidence: EvidenceResult[][]; summary: unknown } {
  const evidence = inventory().map((r) => {
    const e: EvidenceResult[] = [];
    index.attach(r, e);
    return e;
  });
  return { evidence, summary: index.summary() };
}

async function wholeIndex(files: readonly { kind: FindingKind; file: string }[]): Promise<FindingIndex> {
  const index = new FindingIndex({ mappings: new FindingMappings(catalog.findingMappings), now: NOW, staleAfterDays: 30 });
  for (const { kind, file } of files) index.add(kind, file, await readFindingsFile(kind, file));
  return index;
}

const prowlerRecord = (i: number, uid: string) => ({
  metadata: { event_code: "rds_instance_storage_encrypted" },
  status_code: i % 3 ? "PASS" : "FAIL",
  finding_info: { title: "RDS storage encrypted", uid: `f-${i}` },
  resources: [{ uid }],
  time_dt: "2026-01-10T08:00:00Z",
});

describe("findings read record by record", () => {
  it("the streamed index gives every resource the same evidence and the same summary as the whole-document parse", async () => {
    const streamed = await loadFindings(FILES, catalog, { now: NOW });
    const whole = await wholeIndex(FILES);
    expect(streamed.size).toBe(whole.size);
    expect(streamed.size).toBeGreaterThan(15);
    const a = outcome(streamed);
    const b = outcome(whole);
    expect(a).toEqual(b);
    // Findings about resources not in the inventory are listed with their position and the resource as the tool names it.
    const summary = a.summary as ReturnType<FindingIndex["summary"]>;
    expect(summary.unmatchedTotal).toBeGreaterThan(0);
    for (const u of summary.unmatched) expect(u.position).toMatch(/\d/);
  });

  it("thousands of records cut across reads, a broken record among them, a cut-off end: the good ones are all kept", async () => {
    const uid = "arn:aws:rds:us-east-1:111122223333:db:orders";
    const good = Array.from({ length: 3000 }, (_, i) => JSON.stringify(prowlerRecord(i, uid)));
    const withBroken = [...good.slice(0, 1500), '{"metadata": {"event_code": }}', ...good.slice(1500)];
    const dir = await tempTree({
      "big.json": `[\n${withBroken.join(",\n")}\n]\n`,
      "cut.json": `[\n${good.slice(0, 10).join(",\n")},\n{"metadata":`,
    });
    const index = await loadFindings([{ kind: "prowler", file: `${dir}/big.json` }], catalog, { now: NOW });
    expect(index.size).toBe(3000);
    expect(index.problems).toEqual([{ file: `${dir}/big.json`, position: "[1500]", message: expect.any(String) }]);
    const e: EvidenceResult[] = [];
    index.attach({ uid, provider: "aws", type: "AWS::RDS::DBInstance", typeSystem: "cloudformation", name: "orders", account: { uid: "111122223333" }, source: { kind: "test" } } as unknown as Resource, e);
    expect(e.filter((r) => r.status === "not-met").length).toBe(1000 * e.length / 3000);
    const cut = await loadFindings([{ kind: "prowler", file: `${dir}/cut.json` }], catalog, { now: NOW });
    expect(cut.size).toBe(10);
    expect(cut.problems.map((p) => p.message).join()).toMatch(/truncated|ends/);
  });

  it("a file that is not JSON, or JSON of another kind, fails with its name; the error quotes no input", async () => {
    const dir = await tempTree({ "text.json": "password=hunter2\n", "object.json": '{"Results": []}', "empty.json": "" });
    await expect(loadFindings([{ kind: "securityhub", file: `${dir}/text.json` }], catalog, { now: NOW })).rejects.toThrow(/text\.json: not JSON/);
    await expect(loadFindings([{ kind: "securityhub", file: `${dir}/text.json` }], catalog, { now: NOW })).rejects.not.toThrow(/hunter2/);
    await expect(loadFindings([{ kind: "azure-policy", file: `${dir}/object.json` }], catalog, { now: NOW })).rejects.toThrow("object.json: not Azure Policy states");
    await expect(loadFindings([{ kind: "scc", file: `${dir}/empty.json` }], catalog, { now: NOW })).rejects.toThrow(/empty\.json: not JSON/);
  });

  it("Prowler CSV row by row: a quoted field may span lines; a file without the header is not Prowler CSV", async () => {
    const header = "CHECK_ID;STATUS;RESOURCE_UID;CHECK_TITLE;MUTED;TIMESTAMP";
    const text = [header, 'rds_instance_storage_encrypted;FAIL;arn:aws:rds:us-east-1:1:db:a;"Two\nlines";False;2026-01-14 08:00:00', "rds_instance_storage_encrypted;PASS;arn:aws:rds:us-east-1:1:db:b;One;True;2026-01-14 08:00:00", "bad;row", "storage_ensure_minimum_tls_version_12;FAIL;/subscriptions/S/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/Sa1;TLS;False;2026-01-14 08:00:00"].join("\n");
    const dir = await tempTree({ "p.csv": text, "no-header.csv": "a;b\n1;2\n" });
    const streamed = await loadFindings([{ kind: "prowler-csv", file: `${dir}/p.csv` }], catalog, { now: NOW });
    expect(streamed.size).toBe(3);
    // Positions are the line a row starts on; the resource is spelled as the tool spells it.
    const summary = streamed.summary();
    expect(summary.unmatched.map((u) => [u.position, u.verdict, u.resource])).toEqual([
      ["line 2", "fail", "arn:aws:rds:us-east-1:1:db:a"],
      ["line 4", "pass", "arn:aws:rds:us-east-1:1:db:b"],
      ["line 6", "fail", "/subscriptions/S/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/Sa1"],
    ]);
    expect(summary.sources[0]).toMatchObject({ findings: 3, muted: 1, problems: 1 });
    expect(streamed.problems.map((p) => p.position)).toEqual(["line 5"]);
    await expect(loadFindings([{ kind: "prowler-csv", file: `${dir}/no-header.csv` }], catalog, { now: NOW })).rejects.toThrow("no-header.csv: not Prowler CSV");
  });
});
