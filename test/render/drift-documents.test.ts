import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, joinReport, renderReport, reportDocumentChunks, type Resource } from "../../src/index.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { crmCsv, reportCrm, RESOURCE_CRM_HEADERS } from "../../src/render/crm.js";
import { FrameworkBuckets } from "../../src/render/framework-buckets.js";
import { CLOUD_SRM_NS } from "../../src/render/oscal/index.js";
import { hostileResources, parseCsv } from "./documents-fixtures.js";

// Drift (`report --baseline`) in every document: HTML and the OSCAL assessment results (as
// text and Markdown), the CRM CSV (change columns), the XLSX (a Drift sheet), and the streamed
// framework views (one pass, groups spilled to disk) against their in-memory forms.

const DIR = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00Z");
const all = (): Resource[] =>
  readFileSync(`${DIR}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

async function driftReport() {
  const catalog = builtinCatalog();
  const [logs, orders, , , vm] = all();
  const old = await buildReport([logs!, orders!], { catalog, now: NOW });
  // The bucket's public access block is gone now: its duty flips.
  const changed = { ...logs!, attributes: { supplementaryConfiguration: { PublicAccessBlockConfiguration: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false } } } };
  const current = await buildReport([changed, vm! /* added, no owner tag */], { catalog, now: NOW });
  current.drift = diffReports(old, current, { requiredTags: ["owner"] });
  return { current, logs: logs!, orders: orders!, vm: vm! };
}

describe("drift in documents", () => {
  it("HTML has a 'Changes since the baseline' part listing added, removed, flipped and untagged", async () => {
    const { current, orders, vm } = await driftReport();
    expect(current.drift!.flipped.length).toBeGreaterThan(0);
    const html = String(await renderReport("html", current, { now: NOW }));
    const part = html.slice(html.indexOf('id="drift"'), html.indexOf("</section>", html.indexOf('id="drift"')));
    expect(part).toContain("Changes since the baseline");
    expect(part).toContain(`Added (1)`);
    expect(part).toContain(vm.uid);
    expect(part).toContain(`Removed (1)`);
    expect(part).toContain(orders.uid);
    expect(part).toMatch(/Duties that changed state \(\d+\)/);
    expect(part).toContain("New resources missing a required tag (1)");
    // Without a baseline there is no such part.
    current.drift = undefined;
    expect(String(await renderReport("html", current, { now: NOW }))).not.toContain('id="drift"');
  });

  it("the OSCAL assessment results count the drift in props and list it in the result's remarks", async () => {
    const { current, orders } = await driftReport();
    const doc = JSON.parse(String(await renderReport("oscal-ar", current, { now: NOW }))) as { "assessment-results": { results: { props: { name: string; ns: string; value: string }[]; remarks?: string }[] } };
    const result = doc["assessment-results"].results[0]!;
    const prop = (name: string) => result.props.find((p) => p.name === name && p.ns === CLOUD_SRM_NS)?.value;
    expect(prop("drift-added")).toBe("1");
    expect(prop("drift-removed")).toBe("1");
    expect(Number(prop("drift-flipped"))).toBe(current.drift!.flipped.length);
    expect(prop("drift-untagged")).toBe("1");
    expect(result.remarks).toContain(orders.uid);
    expect(result.remarks).toContain("arn:aws:s3:::acme-logs network.public-exposure: was unknown, now not-met");
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return out;
}

describe("drift in the CRM CSV and XLSX", () => {
  it("CSV: change and change_detail columns on each row, gone resources after the rows; none without a baseline", async () => {
    const { current, orders, vm } = await driftReport();
    const csv = String(await renderReport("csv", current, { now: NOW }));
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...RESOURCE_CRM_HEADERS, "change", "change_detail"]);
    const change = header!.indexOf("change");
    const added = rows.filter((r) => r[0] === vm.uid);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((r) => r[change] === "added" && r[change + 1] === "missing required tag: owner")).toBe(true);
    const flipped = rows.find((r) => r[0] === "arn:aws:s3:::acme-logs" && r[8] === "network.public-exposure")!;
    expect(flipped.slice(change)).toEqual(["state-changed", "unknown -> not-met"]);
    expect(rows.at(-1)!.slice(0, 3)).toEqual([orders.uid, "", orders.type]);
    expect(rows.at(-1)!.slice(change)).toEqual(["removed", ""]);
    expect(rows.filter((r) => r[change] === "").length).toBeGreaterThan(0);
    // The fast path and the cell table agree, with and without a framework view.
    expect(csv).toBe(crmCsv(reportCrm(current)));
    const grouped = String(await renderReport("csv", current, { now: NOW, framework: "nist-800-53" }));
    expect(grouped).toBe(crmCsv(reportCrm(current, { framework: "nist-800-53" })));
    expect(parseCsv(grouped).at(-1)!.slice(0, 3)).toEqual(["nist-800-53", "", orders.uid]);
    current.drift = undefined;
    expect(parseCsv(String(await renderReport("csv", current, { now: NOW })))[0]).toEqual([...RESOURCE_CRM_HEADERS]);
  });

  it("a failed scope's resource is unknown in the CSV, never removed", async () => {
    const { current, orders } = await driftReport();
    const drift = current.drift!;
    current.drift = { ...drift, removed: [], unknown: drift.removed.map((r) => ({ ...r, reason: "scope 123 failed in this run" })) };
    const rows = parseCsv(String(await renderReport("csv", current, { now: NOW })));
    const gone = rows.filter((r) => r[0] === orders.uid);
    expect(gone.map((r) => r.slice(-2))).toEqual([["unknown", "scope 123 failed in this run"]]);
    expect(rows.some((r) => r.at(-2) === "removed")).toBe(false);
  });

  it("XLSX: a Drift sheet (read back with ExcelJS) and the counts on the Summary; none without a baseline", async () => {
    const { current, orders, vm } = await driftReport();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from((await renderReport("xlsx", current, { now: NOW })) as Uint8Array) as never);
    const sheet = workbook.getWorksheet("Drift")!;
    const values = (n: number) => {
      const cells = (sheet.getRow(n).values as unknown[]).slice(1);
      return Array.from({ length: 10 }, (_, i) => (cells[i] === null || cells[i] === undefined ? "" : String(cells[i])));
    };
    expect(values(1)).toEqual(["change", "resource_uid", "resource_type", "provider", "service", "account", "control", "from", "to", "detail"]);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2));
    expect(rows).toContainEqual(["added", vm.uid, vm.type, vm.provider, expect.any(String), vm.account.uid, "", "", "", "missing required tag: owner"]);
    expect(rows.find((r) => r[0] === "removed")![1]).toBe(orders.uid);
    expect(rows.filter((r) => r[0] === "state-changed")).toHaveLength(current.drift!.flipped.length);
    const summary = workbook.getWorksheet("Summary")!;
    const items = new Map<string, unknown>();
    summary.eachRow((row) => items.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(items.get("Resources removed since the baseline")).toBe(1);
    current.drift = undefined;
    const plain = new ExcelJS.Workbook();
    await plain.xlsx.load(Buffer.from((await renderReport("xlsx", current, { now: NOW })) as Uint8Array) as never);
    expect(plain.getWorksheet("Drift")).toBeUndefined();
  });
});

describe("framework views stream in one pass", () => {
  it("CSV and XLSX from rows spilled to disk equal the in-memory documents (with drift)", async () => {
    const { current } = await driftReport();
    const resources = [...all(), ...hostileResources()];
    const whole = await buildReport(resources, { now: NOW });
    whole.drift = diffReports(current, whole, { requiredTags: ["owner"] });
    for (const framework of ["nist-800-53", "pci", "soc2"] as const) {
      const spilled = await joinReport(resources, { now: NOW, runSize: 3 });
      try {
        spilled.head.drift = whole.drift;
        const want = crmCsv(reportCrm(whole, { framework }));
        expect((await text(reportDocumentChunks("csv", spilled, { now: NOW, framework }))) === want, framework).toBe(true);
        const xlsx = Buffer.concat((await collect(reportDocumentChunks("xlsx", spilled, { now: NOW, framework }))) as Uint8Array[]);
        const memory = Buffer.from((await renderReport("xlsx", whole, { now: NOW, framework })) as Uint8Array);
        expect(xlsx.equals(memory), framework).toBe(true);
      } finally {
        spilled.close();
      }
    }
  });

  it("groups spilled to temporary files come back in the view's order, and the files go", async () => {
    const { current } = await driftReport();
    const memory = new FrameworkBuckets("nist-800-53", current.services);
    const spilled = new FrameworkBuckets("nist-800-53", current.services, { budget: 10 });
    const rows = Object.values(current.services).flatMap((m) => m.rows);
    for (const [i, row] of [...rows, undefined].entries()) {
      memory.add(row, (id) => `${id}|${i}`);
      spilled.add(row, (id) => `${id}|${i}`);
    }
    const want = await collect(memory.lines());
    expect(want.length).toBeGreaterThan(rows.length);
    expect(want.at(-1)).toBe(`(unmapped)|${rows.length}`);
    expect(await collect(spilled.lines())).toEqual(want);
  });
});
