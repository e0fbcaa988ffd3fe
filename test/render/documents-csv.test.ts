import { describe, expect, it } from "vitest";
import { MATRIX_CRM_HEADERS, RESOURCE_CRM_HEADERS, reportCrm, reportCsv, UNMAPPED } from "../../src/render/crm.js";
import { neutraliseFormula } from "../../src/render/escape.js";
import { matricesCsv } from "../../src/render/matrix-csv.js";
import { exampleReport, FORMULA_START, golden, HOSTILE, hostileMatrix, hostileReport, modelMatrix, NOW, parseCsv } from "./documents-fixtures.js";

const LEGACY_HEADERS = "subject,model,control,title,domain,owner,party,provider_responsibility,customer_responsibility,secure_by_default,verify_cli,verify_console,origin,sources,nist-800-53,ccm,cis,iso27001,soc2,pci,mcsb";

describe("matrix CSV", () => {
  it("keeps the historical columns first and one record per control (golden)", () => {
    const matrix = modelMatrix();
    const csv = matricesCsv([matrix]);
    golden("matrix-aws-rds.csv", csv);
    const records = parseCsv(csv);
    expect(records[0]!.join(",").startsWith(LEGACY_HEADERS)).toBe(true);
    expect(records[0]).toEqual([...MATRIX_CRM_HEADERS]);
    expect(records).toHaveLength(matrix.rows.length + 1);
    expect(records.every((r) => r.length === MATRIX_CRM_HEADERS.length)).toBe(true);
    const enc = records.find((r) => r[2] === "data.encryption-at-rest")!;
    expect(enc[5]).toBe(matrix.rows.find((r) => r.control === "data.encryption-at-rest")!.owner);
  });

  it("groups by a framework's ids with options.framework (a row under each id, unmapped last)", () => {
    const matrix = modelMatrix();
    const records = parseCsv(matricesCsv([matrix], { now: NOW, framework: "nist-800-53" }));
    expect(records[0]!.slice(0, 3)).toEqual(["framework", "framework_id", "subject"]);
    const expected = matrix.rows.reduce((n, r) => n + Math.max(1, r.frameworks["nist-800-53"]?.length ?? 0), 0);
    expect(records).toHaveLength(expected + 1);
    for (const r of records.slice(1)) {
      expect(r[0]).toBe("nist-800-53");
      const ids = r[2 + 14]!.split(" ").filter(Boolean); // the row's own nist-800-53 column
      expect(r[1] === "(unmapped)" ? ids.length === 0 : ids.includes(r[1]!)).toBe(true);
    }
  });

  it("neutralises formula payloads and round-trips hostile overlay text", () => {
    const matrix = hostileMatrix();
    const records = parseCsv(matricesCsv([matrix]));
    expect(records).toHaveLength(matrix.rows.length + 1);
    records.slice(1).forEach((r, i) => {
      const text = HOSTILE[i % HOSTILE.length]!;
      expect(r[3]).toBe(neutraliseFormula(text)); // title
      expect(r[8]).toBe(neutraliseFormula(text)); // customer
      for (const cell of r) expect(cell).not.toMatch(FORMULA_START);
    });
  });
});

describe("report CSV", () => {
  it("has one record per resource x control, and one per unmapped resource (golden, example report)", async () => {
    const { report } = await exampleReport();
    const csv = reportCsv(report, { now: NOW });
    golden("example-report.csv", csv);
    const records = parseCsv(csv);
    expect(records[0]).toEqual([...RESOURCE_CRM_HEADERS]);
    const expected = report.resources.reduce((n, r) => n + (r.service ? r.controls.length : 1), 0);
    expect(records).toHaveLength(expected + 1);
    const col = (name: string) => RESOURCE_CRM_HEADERS.indexOf(name as never);
    const notMet = records.filter((r) => r[col("evidence_status")] === "not-met");
    expect(notMet.length).toBeGreaterThan(0);
    expect(new Set(notMet.map((r) => `${r[col("resource_uid")]}|${r[col("control")]}`)).size).toBeLessThanOrEqual(report.summary.evidence.notMet);
    const unmapped = records.filter((r) => r[col("service")] === UNMAPPED);
    expect(unmapped).toHaveLength(report.coverage.unmapped.reduce((n, u) => n + u.count, 0));
    // The customer's duty text for each control comes from the service matrix.
    const rds = records.find((r) => r[col("service")] === "aws.rds" && r[col("control")] === "data.encryption-at-rest")!;
    expect(rds[col("customer_responsibility")]).toBe(report.services["aws.rds"]!.rows.find((r) => r.control === "data.encryption-at-rest")!.customer);
  });

  it("framework view: rows grouped by id with framework columns first", async () => {
    const { report } = await exampleReport();
    const table = reportCrm(report, { framework: "soc2" });
    expect(table.headers.slice(0, 2)).toEqual(["framework", "framework_id"]);
    const ids = table.rows.map((r) => r[1]!);
    expect(ids.indexOf("(unmapped)")).toBeGreaterThan(ids.lastIndexOf("CC6.1"));
  });

  it("hostile names and tags: formula payloads neutralised, every value round-trips", async () => {
    const report = await hostileReport();
    const records = parseCsv(reportCsv(report, { now: NOW }));
    const col = (name: string) => RESOURCE_CRM_HEADERS.indexOf(name as never);
    for (const r of records) for (const cell of r) expect(cell).not.toMatch(FORMULA_START);
    for (const [i, text] of HOSTILE.entries()) {
      const uid = `arn:aws:rds:eu-west-1:123456789012:db:hostile-${String(i).padStart(2, "0")}`;
      const rows = records.filter((r) => r[col("resource_uid")] === uid);
      expect(rows).toHaveLength(report.services["aws.rds"]!.rows.length);
      expect(rows.every((r) => r[col("resource_name")] === neutraliseFormula(text))).toBe(true);
      expect(rows.find((r) => r[col("control")] === "data.encryption-at-rest")![col("evidence_status")]).toBe("not-met");
    }
    const unmapped = records.find((r) => r[col("service")] === UNMAPPED)!;
    expect(unmapped[col("resource_uid")]).toBe("'=cmd|unmapped");
    expect(unmapped[col("resource_name")]).toBe("'+unmapped");
  });
});
