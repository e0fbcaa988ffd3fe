import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, dutyState, type Report } from "../../src/index.js";
import { reportCsv } from "../../src/render/crm.js";
import { reportHtml } from "../../src/render/html/report.js";
import { reportMarkdown } from "../../src/render/report-markdown.js";
import { reportOcsf } from "../../src/render/ocsf.js";
import { reportText } from "../../src/render/report-text.js";
import { resource } from "../support/resources.js";

const NOW = new Date("2026-01-15T12:00:00Z");
const catalog = builtinCatalog();

/** One RDS instance that fails encryption, one with no configuration at all, one bucket with nothing to read. */
async function smallReport(): Promise<Report> {
  return buildReport(
    [
      resource({ uid: "db-1", type: "AWS::RDS::DBInstance", typeSystem: "cloudformation", attributes: { storageEncrypted: false, publiclyAccessible: false } }),
      resource({ uid: "db-2", type: "rds:db", typeSystem: "arn" }),
      resource({ uid: "thing", type: "Custom::Thing", typeSystem: "cloudformation" }),
    ],
    { catalog, now: NOW },
  );
}

describe("four duty states", () => {
  it("worst of the evidence wins; nothing at all is unchecked, never met", () => {
    expect(dutyState([])).toBe("unchecked");
    expect(dutyState(undefined)).toBe("unchecked");
    expect(dutyState([{ status: "met" }])).toBe("met");
    expect(dutyState([{ status: "met" }, { status: "unknown" }])).toBe("unknown");
    expect(dutyState([{ status: "unknown" }, { status: "not-met" }, { status: "met" }])).toBe("not-met");
  });

  it("every customer and shared duty of every mapped resource is counted in exactly one state", async () => {
    const report = await smallReport();
    const rds = catalog.resolve("aws.rds");
    const duties = rds.rows.filter((r) => r.owner === "customer" || r.owner === "shared").length;
    const e = report.summary.evidence;
    expect(e.met + e.notMet + e.unknown + e.unchecked).toBe(2 * duties);
    expect(report.coverage.evidence.duties).toBe(2 * duties);
    expect(e.notMet).toBeGreaterThan(0);
    // db-2 comes from an ARN listing: no rule names its type, so all of its duties are unchecked.
    const db2 = report.resources.find((r) => r.uid === "db-2")!;
    const db2Duties = db2.controls.filter((c) => c.state);
    expect(db2Duties).toHaveLength(duties);
    expect(db2Duties.every((c) => c.state === "unchecked")).toBe(true);
    // Provider rows carry no state at all.
    expect(db2.controls.filter((c) => c.owner === "provider").every((c) => c.state === undefined)).toBe(true);
    expect(report.coverage.evidence.covered).toBe(e.met + e.notMet + e.unknown);
    expect(report.coverage.evidence.ratio).toBeCloseTo(report.coverage.evidence.covered / (2 * duties));
    // Per service, account and control the same duties are counted.
    const svc = report.byService.find((s) => s.service === "aws.rds")!;
    expect(svc.evidence).toEqual(e);
    expect(report.byAccount[0]!.evidence).toEqual(e);
    const sum = report.byControl.reduce((n, c) => n + c.evidence.met + c.evidence.notMet + c.evidence.unknown + c.evidence.unchecked, 0);
    expect(sum).toBe(2 * duties);
    const encryption = report.byControl.find((c) => c.control === "data.encryption-at-rest")!;
    expect(encryption.evidence).toMatchObject({ notMet: 1, unchecked: 1 });
  });

  it("aggregate-only reports count the same states", async () => {
    const full = await smallReport();
    const lean = await buildReport(
      [
        resource({ uid: "db-1", type: "AWS::RDS::DBInstance", typeSystem: "cloudformation", attributes: { storageEncrypted: false, publiclyAccessible: false } }),
        resource({ uid: "db-2", type: "rds:db", typeSystem: "arn" }),
      ],
      { catalog, now: NOW, keepResources: false },
    );
    expect(lean.summary.evidence).toEqual(full.summary.evidence);
    expect(lean.byControl).toEqual(full.byControl);
  });

  it("no document shows an unchecked duty as blank or fine", async () => {
    const report = await smallReport();
    const unchecked = String(report.summary.evidence.unchecked);
    const text = reportText(report);
    expect(text).toContain(`unchecked ${unchecked}`);
    expect(text).toMatch(/Evidence coverage: \d+ of \d+ duties \(\d+\.\d%\)/);
    const md = await reportMarkdown(report, { now: NOW });
    expect(md).toContain(`| Duties unchecked (no rule or finding covers them) | ${unchecked} |`);
    const html = await reportHtml(report, { now: NOW });
    expect(html).toContain("Unchecked (nothing covers it)");
    expect(html).toContain("Duties unchecked (no rule or finding covers them)");
    // CSV: every customer or shared row has a state; provider rows have none.
    const lines = reportCsv(report, { now: NOW }).trimEnd().split("\r\n");
    const header = lines[0]!.split(",");
    const owner = header.indexOf("owner");
    const status = header.indexOf("evidence_status");
    const db2 = lines.filter((l) => l.startsWith("db-2,")).map((l) => l.split(","));
    expect(db2.length).toBeGreaterThan(0);
    for (const cells of db2) {
      // Duty texts are quoted when they hold commas; owner and status come before any of them only in simple rows.
      if (cells[owner] === "customer" || cells[owner] === "shared") expect(cells).toContain("unchecked");
    }
    expect(lines.some((l) => l.includes(",unchecked,"))).toBe(true);
    expect(status).toBeGreaterThan(owner);
    const events = reportOcsf(report, { now: NOW }).trimEnd().split("\n").map((l) => JSON.parse(l));
    const db2Event = events.find((ev) => ev.resources[0].uid === "db-2");
    expect(db2Event.resources[0].data.cloud_srm.evidence.unchecked).toBeGreaterThan(0);
    expect(db2Event.resources[0].data.cloud_srm.unchecked_controls).toContain("data.encryption-at-rest");
  });
});
