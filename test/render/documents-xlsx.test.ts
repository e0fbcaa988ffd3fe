import { inflateRawSync } from "node:zlib";
import { crc32 as nodeCrc32 } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { MATRIX_CRM_HEADERS, reportCrm } from "../../src/render/crm.js";
import { neutraliseFormula } from "../../src/render/escape.js";
import { crc32 } from "../../src/render/xlsx/crc32.js";
import { reportSource } from "../../src/render/report-stream.js";
import { matricesXlsx, reportXlsx, reportXlsxChunks } from "../../src/render/xlsx/documents.js";
import { workbookXlsx } from "../../src/render/xlsx/workbook.js";
import { MAX_CELL_CHARS } from "../../src/render/xlsx/xml-text.js";
import JSZip from "jszip";
import { zip, ZipWriter } from "../../src/render/xlsx/zip.js";
import { exampleReport, FORMULA_START, HOSTILE, hostileMatrix, hostileReport, modelMatrix, NOW } from "./documents-fixtures.js";
import { syntheticSource } from "./stream-fixtures.js";

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook;
}

/** Reads a ZIP's central directory and inflates every entry, checking sizes and CRC-32 against node:zlib. */
function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(bytes);
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString("ascii", p + 46, p + 46 + nameLength);
    expect(buf.readUInt32LE(offset)).toBe(0x04034b50);
    const dataStart = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const data = inflateRawSync(buf.subarray(dataStart, dataStart + size));
    expect(nodeCrc32(data)).toBe(crc);
    files.set(name, data);
    p += 46 + nameLength;
  }
  return files;
}

function headerRow(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.getRow(1).values as unknown[]).slice(1).map(String);
}

function expectNoFormulas(workbook: ExcelJS.Workbook): void {
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
        if (typeof cell.value === "string") expect(cell.value).not.toMatch(FORMULA_START);
      }),
    ),
  );
}

describe("CRC-32 and ZIP", () => {
  it("CRC-32 matches the check value and node:zlib", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    const data = Buffer.from(HOSTILE.join("\n"));
    expect(crc32(data)).toBe(nodeCrc32(data));
    expect(crc32(data.subarray(100), crc32(data.subarray(0, 100)))).toBe(nodeCrc32(data));
  });

  it("archives read back entry by entry", () => {
    const files = unzip(zip([{ name: "a.txt", data: Buffer.from("hello") }, { name: "dir/b.bin", data: new Uint8Array(70_000).fill(7) }]));
    expect(files.get("a.txt")!.toString()).toBe("hello");
    expect(files.get("dir/b.bin")!.length).toBe(70_000);
  });
});

describe("streamed ZIP entries and ZIP64", () => {
  function archive(zip64Above?: number): Buffer {
    const writer = new ZipWriter({ zip64Above });
    const parts: Buffer[] = [...writer.entry("a.txt", Buffer.from("hello"))];
    const entry = writer.open("dir/sheet.xml");
    parts.push(entry.header);
    // Pieces deflated one by one (each sync-flushed) must read back as one stream.
    for (let i = 0; i < 50; i++) parts.push(entry.write(Buffer.from(`<row r="${i}">${"x".repeat(i * 997)}</row>`)));
    parts.push(entry.end(), ...writer.end());
    return Buffer.concat(parts);
  }
  const expected = Array.from({ length: 50 }, (_, i) => `<row r="${i}">${"x".repeat(i * 997)}</row>`).join("");

  it("a streamed entry reads back through its data descriptor (our reader and JSZip)", async () => {
    const bytes = archive();
    expect(unzip(bytes).get("dir/sheet.xml")!.toString()).toBe(expected);
    const read = await JSZip.loadAsync(bytes);
    expect(await read.file("dir/sheet.xml")!.async("string")).toBe(expected);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(false);
  });

  it("offsets past the ZIP64 threshold are written as ZIP64 records that a reader follows", async () => {
    const bytes = archive(0);
    // The ZIP64 end of central directory record and its locator are there, and the classic record points at them.
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    expect(bytes.readUInt32LE(bytes.length - 6)).toBe(0xffffffff);
    const read = await JSZip.loadAsync(bytes);
    expect(await read.file("a.txt")!.async("string")).toBe("hello");
    expect(await read.file("dir/sheet.xml")!.async("string")).toBe(expected);
  });
});

describe("matrices XLSX", () => {
  it("reads back with a real reader: sheets, headers, frozen header, autofilter, values", async () => {
    const matrix = modelMatrix();
    const workbook = await load(await matricesXlsx([matrix], { now: NOW }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Summary", "Responsibility matrix"]);
    const sheet = workbook.getWorksheet("Responsibility matrix")!;
    expect(headerRow(sheet)).toEqual([...MATRIX_CRM_HEADERS]);
    expect(sheet.rowCount).toBe(matrix.rows.length + 1);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1, topLeftCell: "A2" });
    expect(sheet.autoFilter).toBe(`A1:V${matrix.rows.length + 1}`);
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A1").fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(8);
    expect(sheet.getColumn(9).width).toBeLessThanOrEqual(60);
    const row = matrix.rows.findIndex((r) => r.control === "data.encryption-at-rest") + 2;
    expect(sheet.getCell(`C${row}`).value).toBe("data.encryption-at-rest");
    expect(sheet.getCell(`I${row}`).value).toBe(matrix.rows[row - 2]!.customer);
    expectNoFormulas(workbook);
  });

  it("same input, same bytes (fixed ZIP timestamps); the clock only moves docProps/core.xml and the Summary's Generated string", async () => {
    const a = await matricesXlsx([modelMatrix()], { now: NOW });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(await matricesXlsx([modelMatrix()], { now: NOW })))).toBe(0);
    const later = unzip(await matricesXlsx([modelMatrix()], { now: new Date("2027-01-01T00:00:00Z") }));
    const before = unzip(a);
    for (const [name, data] of before) {
      if (name !== "docProps/core.xml" && name !== "xl/sharedStrings.xml") expect(later.get(name)!.equals(data), name).toBe(true);
    }
    expect(before.get("docProps/core.xml")!.toString()).toContain("2026-01-15T12:00:00Z");
  });

  it("hostile overlay text is stored as inert text, XML-safe, cut to Excel's cell limit", async () => {
    const matrix = hostileMatrix();
    const workbook = await load(await matricesXlsx([matrix], { now: NOW, title: "<b>&'\"" }));
    const sheet = workbook.getWorksheet("Responsibility matrix")!;
    matrix.rows.forEach((_, i) => {
      const text = HOSTILE[i % HOSTILE.length]!;
      const value = sheet.getCell(`D${i + 2}`).value; // title
      expect(typeof value).toBe("string");
      const stored = value as string;
      if (FORMULA_START.test(text)) expect(stored.startsWith("'")).toBe(true);
      expect(stored.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
      // eslint-disable-next-line no-control-regex
      expect(stored).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      if (text.startsWith("<script>")) expect(stored).toBe(text);
      if (text.startsWith("pipes")) expect(stored).toBe(text);
      if (text.startsWith("emoji")) expect(stored).toBe(text);
      if (text.startsWith("line one")) expect(stored.replace(/\r\n/g, "\n")).toBe(text.replace(/\r\n/g, "\n"));
      if (text.length > MAX_CELL_CHARS) expect(stored.endsWith(" [truncated]")).toBe(true);
      if (text.startsWith("=HYPERLINK")) expect(stored).toBe(neutraliseFormula(text));
    });
    expectNoFormulas(workbook);
    // Excel would read a literal "_x0041_" as "A" (ST_Xstring); the writer escapes the underscore.
    const files = unzip(await matricesXlsx([matrix], { now: NOW }));
    const strings = files.get("xl/sharedStrings.xml")!.toString();
    expect(strings).toContain("_x005F_x0041_ looks like an Excel escape");
    expect(strings).not.toContain("<script>");
    expect(files.get("xl/worksheets/sheet2.xml")!.toString()).not.toContain("<f>");
  });
});

describe("report XLSX", () => {
  it("has Summary, Services, Responsibility matrix, Resources, Evidence not met, Coverage, Input problems", async () => {
    const { report } = await exampleReport();
    const bytes = await reportXlsx(report, { now: NOW });
    const workbook = await load(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Summary", "Services", "Responsibility matrix", "Resources", "Evidence not met", "Coverage", "Input problems"]);
    for (const sheet of workbook.worksheets) expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const resources = workbook.getWorksheet("Resources")!;
    // Resources x controls with owner and evidence; duty text and framework ids are on the matrix sheet.
    expect(headerRow(resources)).toEqual(["resource_uid", "resource_name", "resource_type", "provider", "account", "region", "service", "model", "control", "title", "owner", "party", "evidence_status", "evidence_detail", "evidence_source", "evidence_check", "evidence_observed_at"]);
    expect(resources.rowCount).toBe(reportCrm(report).rows.length + 1);
    const orders = resources.getRows(2, resources.rowCount - 1)!.find((row) => row.getCell(2).value === "orders-prod" && row.getCell(9).value === "data.encryption-at-rest")!;
    expect(orders.getCell(11).value).toBe("shared");
    expect(orders.getCell(13).value).toBe("not-met");
    const matrix = workbook.getWorksheet("Responsibility matrix")!;
    expect(matrix.rowCount).toBe(Object.values(report.services).reduce((n, m) => n + m.rows.length, 0) + 1);
    expect(workbook.getWorksheet("Evidence not met")!.rowCount).toBe(report.summary.evidence.notMet + 1);
    const summary = workbook.getWorksheet("Summary")!;
    const resourcesRow = summary.getColumn(1).values.indexOf("Resources");
    expect(summary.getCell(`B${resourcesRow}`).value).toBe(report.summary.resources); // a number, not text
    const coverage = workbook.getWorksheet("Coverage")!;
    expect(coverage.rowCount).toBe(report.coverage.unmapped.length + report.coverage.mappedTypes.length + 1);
    expectNoFormulas(workbook);
    expect(Buffer.from(await reportXlsx(report, { now: NOW })).equals(Buffer.from(bytes))).toBe(true);
  });

  it("framework view groups the matrix and resource sheets", async () => {
    const { report } = await exampleReport();
    const workbook = await load(await reportXlsx(report, { now: NOW, framework: "pci" }));
    expect(headerRow(workbook.getWorksheet("Resources")!).slice(0, 3)).toEqual(["framework", "framework_id", "resource_uid"]);
    expect(workbook.getWorksheet("Resources")!.getCell("A2").value).toBe("pci");
  });

  it("hostile names and tags through every sheet: no formulas, neutralised, valid XML", async () => {
    const report = await hostileReport();
    const workbook = await load(await reportXlsx(report, { now: NOW }));
    expectNoFormulas(workbook);
    const notMet = workbook.getWorksheet("Evidence not met")!;
    expect(notMet.rowCount).toBe(HOSTILE.length + 1);
    const names = (notMet.getColumn(2).values as unknown[]).slice(2);
    expect(names).toContain(neutraliseFormula('=HYPERLINK("http://x","y")'));
    expect(names).toContain("'+cmd|' /C calc'!A0");
    expect(names).toContain("'@SUM(1+1)");
    expect(names).toContain("'-2+3");
    const coverage = workbook.getWorksheet("Coverage")!;
    expect((coverage.getColumn(2).values as unknown[]).slice(2)).toContain("Custom::Thing");
  });
});

/** A sheet's data rows (header excluded) as plain values, empty cells as null. */
function dataRows(sheet: ExcelJS.Worksheet, columns: number): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Array.from({ length: columns }, (_, c) => row.getCell(c + 1).value ?? null));
  });
  return rows;
}

describe("report XLSX written as it goes", () => {
  it("shares repeated strings in a bounded table; inline columns and strings past the bound are inline", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`uid-${i}`, `value-${i % 7}`, i % 2 ? "=cmd" : "same"]);
    async function* streamed() {
      yield* rows;
    }
    const bytes = await workbookXlsx([{ name: "Rows", headers: ["uid", "value", "other"], rows: streamed(), rowCount: rows.length, inlineColumns: [0] }], {
      now: NOW,
      maxSharedStrings: 5,
    });
    const files = unzip(bytes);
    expect(files.get("xl/sharedStrings.xml")!.toString()).toMatch(/uniqueCount="5"/);
    const sheet = files.get("xl/worksheets/sheet1.xml")!.toString();
    expect(sheet).toContain('t="inlineStr"><is><t xml:space="preserve">uid-39</t>');
    const read = await load(bytes);
    expect(dataRows(read.getWorksheet("Rows")!, 3)).toEqual(rows.map(([a, b, c]) => [a, b, neutraliseFormula(c!)]));
  });

  it("the chunks are the wrapper's bytes", async () => {
    const { report } = await exampleReport();
    const chunks: Uint8Array[] = [];
    for await (const chunk of reportXlsxChunks(reportSource(report), { now: NOW })) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(await reportXlsx(report, { now: NOW })))).toBe(true);
  });

  it("the framework view streams the same rows reportCrm groups in memory", async () => {
    const { report } = await exampleReport();
    const workbook = await load(await reportXlsx(report, { now: NOW, framework: "nist-800-53" }));
    const table = reportCrm(report, { framework: "nist-800-53" });
    const expected = table.rows.map((row) => row.map((v) => (v === "" ? null : neutraliseFormula(v))));
    expect(dataRows(workbook.getWorksheet("Resources")!, table.headers.length)).toEqual(expected);
  });

  it("a sheet past the row limit continues on numbered sheets, every row kept in order, and the Summary says so", async () => {
    const { report } = await exampleReport();
    const whole = await load(await reportXlsx(report, { now: NOW }));
    const split = await load(await reportXlsx(report, { now: NOW, maxRowsPerSheet: 10 }));
    const names = split.worksheets.map((s) => s.name);
    for (const sheet of ["Summary", "Responsibility matrix", "Resources", "Evidence not met"]) {
      const original = whole.getWorksheet(sheet)!;
      const columns = original.getRow(1).cellCount;
      const parts = names.filter((n) => n === sheet || n.startsWith(`${sheet} (`));
      expect(parts.length, sheet).toBeGreaterThan(1);
      // In order: the sheet, then (2), (3)...
      expect(parts).toEqual([sheet, ...parts.slice(1).map((_, k) => `${sheet} (${k + 2})`)]);
      const rows = parts.flatMap((name) => {
        const part = split.getWorksheet(name)!;
        expect(part.rowCount, name).toBeLessThanOrEqual(10);
        expect(headerRow(part)).toEqual(headerRow(original));
        return dataRows(part, columns);
      });
      if (sheet === "Summary") {
        // The Summary gains the notes, each naming the sheets a sheet continues on.
        const notes = rows.slice(original.rowCount - 1);
        expect(rows.slice(0, original.rowCount - 1)).toEqual(dataRows(original, columns));
        const resourcesNote = notes.find((n) => n[0] === "Sheet Resources continues")!;
        const resourceParts = names.filter((n) => n.startsWith("Resources ("));
        expect(resourcesNote[1]).toContain(`continued on ${resourceParts.map((n) => `'${n}'`).join(", ")}.`);
        expect(notes.some((n) => n[0] === "Sheet Summary continues")).toBe(true);
      } else {
        expect(rows).toEqual(dataRows(original, columns));
      }
    }
    // Sheets that fit stay whole.
    const short = whole.worksheets.filter((s) => s.rowCount <= 10 && s.name !== "Summary").map((s) => s.name);
    expect(short.length).toBeGreaterThan(0);
    for (const name of short) expect(names.filter((n) => n.startsWith(`${name} (`)), name).toEqual([]);
  });

  it("streams 2,000 resources: compressed chunks come out while the Resources pass reads rows", async () => {
    const { report } = await exampleReport();
    const source = syntheticSource(report, 2_000);
    const seen: { pass: number; produced: number }[] = [];
    const chunks: Uint8Array[] = [];
    for await (const chunk of reportXlsxChunks(source, { now: NOW })) {
      chunks.push(chunk);
      const pass = source.produced.length - 1;
      seen.push({ pass, produced: source.produced[pass] ?? 0 });
    }
    // Passes: count, Resources, Evidence not met.
    expect(source.produced).toEqual([2_000, 2_000, 2_000]);
    const during = seen.filter((s) => s.pass === 1 && s.produced < 2_000).map((s) => s.produced);
    expect(new Set(during).size).toBeGreaterThan(10);
    // Between two chunks the writer reads at most a few hundred resources (a held sheet would be all 2,000 at once).
    const gaps = during.slice(1).map((p, i) => p - during[i]!);
    expect(Math.max(...gaps, during[0]!)).toBeLessThan(400);
    // Every resource x control row is in the Resources sheet.
    const files = unzip(Buffer.concat(chunks));
    const sheet = files.get("xl/worksheets/sheet4.xml")!.toString();
    let expected = 0;
    for (let i = 0; i < 2_000; i++) {
      const r = report.resources[i % report.resources.length]!;
      expected += r.service ? r.controls.length : 1;
    }
    expect(sheet.match(/<row /g)?.length).toBe(expected + 1);
  });
});

