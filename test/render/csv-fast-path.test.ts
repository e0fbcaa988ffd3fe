import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, exampleInventory, importInventory, loadCatalog } from "../../src/index.js";
import { crmCsv, reportCrm, reportCsv, reportCsvChunks } from "../../src/render/crm.js";
import type { Resource } from "../../src/types.js";
import { resource } from "../support/resources.js";

const NOW = new Date("2026-01-01T00:00:00Z");

async function exampleResources(): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const { kind, file } of exampleInventory()) for await (const r of importInventory(kind, file)) out.push(r);
  return out;
}

describe("report CSV", () => {
  it("the streamed fast path gives exactly the bytes of the cell table", async () => {
    const report = await buildReport(await exampleResources(), { now: NOW });
    const expected = crmCsv(reportCrm(report));
    expect(reportCsv(report, { now: NOW })).toBe(expected);
    expect([...reportCsvChunks(report, { now: NOW })].join("")).toBe(expected);
  });

  it("matches with hostile names, overlay parties and unmapped types", async () => {
    const catalog = await loadCatalog({
      overlays: [{ overlay: "o", services: { "aws.rds": { cells: { "identity.mfa": { owner: "third-party", party: '=HYPERLINK("x"),"y"\r\n', sources: ["c"] } } } } }],
    });
    const hostile = ['=1+1', '"quoted, with comma"', "line\nbreak", "@SUM(A1)", "-2+3", "\tTab"];
    const resources = hostile.flatMap((name, i) => [
      resource({ uid: `db-${i}`, name, type: "AWS::RDS::DBInstance", typeSystem: "cloudformation", attributes: { storageEncrypted: i % 2 === 0 }, tags: { t: name } }),
      resource({ uid: `x-${i}`, name, type: "AWS::Made::Up", typeSystem: "cloudformation" }),
    ]);
    const report = await buildReport(resources, { now: NOW, catalog });
    expect(reportCsv(report, { now: NOW })).toBe(crmCsv(reportCrm(report)));
    expect(reportCsv(report, { now: NOW, framework: "pci" })).toBe(crmCsv(reportCrm(report, { framework: "pci" })));
    expect(builtinCatalog()).toBeDefined();
  });
});
