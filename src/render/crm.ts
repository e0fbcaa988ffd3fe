import type { EvidenceResult } from "../evidence/evaluate.js";
import { dutyState, isDuty } from "../evidence/state.js";
import type { Report, ReportResource } from "../join/report.js";
import type { Framework, Matrix, MatrixRow } from "../types.js";
import type { ReportSource } from "./report-stream.js";
import { csvField, csvRow } from "./escape.js";
import { groupByFramework } from "./framework-view.js";
import { FrameworkBuckets } from "./framework-buckets.js";
import { DRIFT_COLUMNS, DriftCells } from "./drift-cells.js";
import type { DriftResource } from "../evidence/baseline.js";
import type { RenderOptions } from "./options.js";

/**
 * The customer responsibility matrix (CRM) as plain tables, the one shape the
 * CSV and XLSX exports share: one row per subject x control for matrices, one
 * per resource x control for reports. Cells are raw strings here; each format
 * escapes them on the way out.
 */
export interface CrmTable {
  headers: readonly string[];
  rows: string[][];
}

/** Framework columns, in the order the catalog lists them. */
export const FRAMEWORK_COLUMNS: readonly Framework[] = ["nist-800-53", "ccm", "cis", "iso27001", "soc2", "pci", "mcsb"];

/** Columns of the per-subject matrix table (the first 21 are the historical `matrix --format csv` columns). */
export const MATRIX_CRM_HEADERS = [
  "subject",
  "model",
  "control",
  "title",
  "domain",
  "owner",
  "party",
  "provider_responsibility",
  "customer_responsibility",
  "secure_by_default",
  "verify_cli",
  "verify_console",
  "origin",
  "sources",
  ...FRAMEWORK_COLUMNS,
  "evidence_rules",
] as const;

/** Columns of the per-resource table. */
export const RESOURCE_CRM_HEADERS = [
  "resource_uid",
  "resource_name",
  "resource_type",
  "provider",
  "account",
  "region",
  "service",
  "model",
  "control",
  "title",
  "domain",
  "owner",
  "party",
  "provider_responsibility",
  "customer_responsibility",
  "verify_cli",
  "verify_console",
  "evidence_status",
  "evidence_detail",
  "evidence_source",
  "evidence_check",
  "evidence_observed_at",
  ...FRAMEWORK_COLUMNS,
] as const;

/** Leading columns when rows are grouped by a framework (options.framework). */
const FRAMEWORK_GROUP_HEADERS = ["framework", "framework_id"] as const;

/** Shown in the service column for a resource whose type maps to no service: never a silent drop. */
export const UNMAPPED = "(unmapped)";

function origin(row: MatrixRow): string {
  return row.origin === "overlay" ? `overlay:${row.overlay ?? ""}` : row.origin;
}

function frameworkIds(row: MatrixRow): string[] {
  return FRAMEWORK_COLUMNS.map((f) => (row.frameworks[f] ?? []).join(" "));
}

function matrixCells(matrix: Matrix, row: MatrixRow): string[] {
  return [
    matrix.subject.id,
    matrix.subject.model,
    row.control,
    row.title,
    row.domain,
    row.owner,
    row.party ?? "",
    row.provider,
    row.customer,
    row.default ?? "",
    row.verify?.cli ?? "",
    row.verify?.console ?? "",
    origin(row),
    row.sources.join(" "),
    ...frameworkIds(row),
    (row.evidence ?? []).map((rule) => rule.id).join(" "),
  ];
}

/**
 * Rows regrouped under one framework's ids (a row appears under each id it
 * maps to, unmapped rows last), with the framework and id as leading cells.
 */
function groupRows<T extends { frameworks: MatrixRow["frameworks"]; cells: string[] }>(items: readonly T[], framework: Framework): string[][] {
  return groupByFramework(items, framework).flatMap((group) => group.rows.map((item) => [framework, group.id, ...item.cells]));
}

/** The CRM of one or more matrices: one row per subject x control (per framework id x row with options.framework). */
export function matrixCrm(matrices: readonly Matrix[], options: Pick<RenderOptions, "framework"> = {}): CrmTable {
  const items = matrices.flatMap((matrix) => matrix.rows.map((row) => ({ frameworks: row.frameworks, cells: matrixCells(matrix, row) })));
  if (!options.framework) return { headers: MATRIX_CRM_HEADERS, rows: items.map((i) => i.cells) };
  return { headers: [...FRAMEWORK_GROUP_HEADERS, ...MATRIX_CRM_HEADERS], rows: groupRows(items, options.framework) };
}

/** The worst of a control's evidence results: not-met, then unknown, then met; "" when no rule applies. */
export function evidenceStatus(results: readonly EvidenceResult[] | undefined): string {
  if (!results?.length) return "";
  if (results.some((r) => r.status === "not-met")) return "not-met";
  if (results.some((r) => r.status === "unknown")) return "unknown";
  return "met";
}

/**
 * The evidence_status cell of a resource x control row: the duty's state for
 * customer and shared rows ("unchecked" when nothing covers it, never blank),
 * the worst result or "" for rows that are not the customer's.
 */
export function rowStatus(control: ReportResource["controls"][number]): string {
  if (isDuty(control.owner)) return control.state ?? dutyState(control.evidence);
  return evidenceStatus(control.evidence);
}

/** Where the evidence came from: "rule" for configuration rules, the tool for findings (each once, in order). */
export function evidenceSources(results: readonly EvidenceResult[] | undefined): string {
  return [...new Set((results ?? []).map((r) => r.source ?? "rule"))].join(" ");
}

/** The check ids: the tool's own id for findings, the rule id for rules. */
export function evidenceChecks(results: readonly EvidenceResult[] | undefined): string {
  return [...new Set((results ?? []).map((r) => r.check ?? r.rule))].join(" ");
}

/** The latest observation time among the results ("" when none says). */
export function evidenceObservedAt(results: readonly EvidenceResult[] | undefined): string {
  let latest = "";
  for (const r of results ?? []) if (r.observedAt && r.observedAt > latest) latest = r.observedAt;
  return latest;
}

/** Each result as "status: check (why)", in rule order. */
export function evidenceDetail(results: readonly EvidenceResult[] | undefined): string {
  return (results ?? []).map((r) => `${r.status}: ${r.title}${r.detail ? ` (${r.detail})` : ""}`).join("\n");
}

const frameworkCells = new WeakMap<MatrixRow, string[]>();
/** The framework id columns of a row, computed once per row (reports repeat rows per resource). */
function cachedFrameworkIds(row: MatrixRow): string[] {
  let cells = frameworkCells.get(row);
  if (!cells) {
    cells = frameworkIds(row);
    frameworkCells.set(row, cells);
  }
  return cells;
}

function resourceCells(resource: ReportResource): string[] {
  return [resource.uid, resource.name ?? "", resource.type, resource.provider, resource.account, resource.region ?? ""];
}

const EMPTY_FRAMEWORKS: MatrixRow["frameworks"] = {};

/**
 * One resource's CRM rows (the cells of RESOURCE_CRM_HEADERS), each with the
 * matrix row it came from: one per control, or a single row with service
 * "(unmapped)" (or the service id, when its matrix is missing) and blanks.
 * `rows` is the resource's service matrix by control. Shared by the in-memory
 * CRM and the streamed XLSX, so both write the same cells.
 */
export function resourceCrmItems(resource: ReportResource, rows: ReadonlyMap<string, MatrixRow> | undefined): { row: MatrixRow | undefined; cells: string[] }[] {
  const head = resourceCells(resource);
  if (!resource.service || !rows) {
    const blanks = RESOURCE_CRM_HEADERS.length - head.length - 2;
    return [{ row: undefined, cells: [...head, resource.service ?? UNMAPPED, resource.model ?? "", ...Array<string>(blanks).fill("")] }];
  }
  const service = resource.service;
  return resource.controls.map((control) => {
    const row = rows.get(control.control);
    return {
      row,
      cells: [
        ...head,
        service,
        resource.model ?? "",
        control.control,
        row?.title ?? "",
        row?.domain ?? "",
        control.owner,
        row?.party ?? "",
        row?.provider ?? "",
        row?.customer ?? "",
        row?.verify?.cli ?? "",
        row?.verify?.console ?? "",
        rowStatus(control),
        evidenceDetail(control.evidence),
        evidenceSources(control.evidence),
        evidenceChecks(control.evidence),
        evidenceObservedAt(control.evidence),
        ...(row ? cachedFrameworkIds(row) : FRAMEWORK_COLUMNS.map(() => "")),
      ],
    };
  });
}

/**
 * The CRM of a report: one row per resource x control, with the duty text of
 * the resource's service and the evidence for that control on that resource.
 * A resource of an unmapped type gets one row with service "(unmapped)".
 */
export function reportCrm(report: Report, options: Pick<RenderOptions, "framework"> = {}): CrmTable {
  const rowIndex = new Map<string, Map<string, MatrixRow>>();
  for (const [id, matrix] of Object.entries(report.services)) rowIndex.set(id, new Map(matrix.rows.map((r) => [r.control, r])));
  const drift = report.drift ? new DriftCells(report.drift) : undefined;
  const items: { frameworks: MatrixRow["frameworks"]; cells: string[] }[] = [];
  for (const resource of report.resources) {
    for (const { row, cells } of resourceCrmItems(resource, resource.service ? rowIndex.get(resource.service) : undefined)) {
      if (drift) cells.push(...drift.cells(resource.uid, cells[8]));
      items.push({ frameworks: row?.frameworks ?? EMPTY_FRAMEWORKS, cells });
    }
  }
  const headers = drift ? [...RESOURCE_CRM_HEADERS, ...DRIFT_COLUMNS] : RESOURCE_CRM_HEADERS;
  // Resources of the baseline that are gone follow the report's rows (in the framework view too).
  const gone = drift ? [...drift.gone()].map((g) => [...goneCells(g.resource), g.change, g.detail]) : [];
  if (!options.framework) return { headers, rows: [...items.map((i) => i.cells), ...gone] };
  const framework = options.framework;
  return { headers: [...FRAMEWORK_GROUP_HEADERS, ...headers], rows: [...groupRows(items, framework), ...gone.map((cells) => [framework, "", ...cells])] };
}

/** The CRM cells of a baseline resource that is not in the report: what the baseline knew of it, the rest blank. */
export function goneCells(r: DriftResource): string[] {
  const head = [r.uid, "", r.type, r.provider ?? "", r.account, "", r.service ?? UNMAPPED, ""];
  return [...head, ...Array<string>(RESOURCE_CRM_HEADERS.length - head.length).fill("")];
}

/** Every evidence result that is not met, per resource: the customer duties that are not done. */
export function evidenceNotMet(report: Report): { resource: ReportResource; result: EvidenceResult }[] {
  return report.resources.flatMap((resource) =>
    resource.controls.flatMap((c) => (c.evidence ?? []).filter((e) => e.status === "not-met").map((result) => ({ resource, result }))),
  );
}

/** A CRM table as RFC 4180 CSV (CRLF line ends, formula-neutralised cells). */
export function crmCsv(table: CrmTable): string {
  // Fields repeat (the same duty text on every resource's row): quote each distinct value once.
  const fields = new Map<string, string>();
  const field = (value: string) => {
    let out = fields.get(value);
    if (out === undefined) {
      out = csvField(value);
      fields.set(value, out);
    }
    return out;
  };
  const lines = [csvRow(table.headers)];
  for (const row of table.rows) lines.push(`${row.map(field).join(",")}\r\n`);
  return lines.join("");
}

/**
 * A report as CSV: one row per resource x control, the columns of reportCrm.
 * Without a framework view the rows are assembled from pre-quoted fragments
 * (one per service x control, one per resource) instead of a table of cells:
 * a 10,000-resource report is 350,000 rows, and the table alone would cost
 * more memory than the whole document.
 */
export function reportCsv(report: Report, options: RenderOptions): string {
  return [...reportCsvChunks(report, options)].join("");
}

/**
 * The same CSV as reportCsv in chunks of about 1 MiB, for writing to a stream
 * without ever holding the whole document (a 10,000-resource report is about
 * 150 MB of CSV).
 */
export function* reportCsvChunks(report: Report, options: RenderOptions): Generator<string> {
  if (options.framework) {
    yield* chunked(crmCsv(reportCrm(report, options)).slice(0, -2).split("\r\n"));
    return;
  }
  const drift = report.drift ? new DriftCells(report.drift) : undefined;
  const lines = resourceCsvLines(report.services, drift);
  let chunk = csvRow(csvHeaders(drift));
  for (const resource of report.resources) {
    for (const line of lines(resource)) chunk += `${line}\r\n`;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (drift) for (const line of goneLines(drift)) chunk += `${line}\r\n`;
  if (chunk) yield chunk;
}

function csvHeaders(drift: DriftCells | undefined): string[] {
  return drift ? [...RESOURCE_CRM_HEADERS, ...DRIFT_COLUMNS] : [...RESOURCE_CRM_HEADERS];
}

/** CSV lines of the baseline's resources that are gone (removed, or unknown: their scope failed). */
function goneLines(drift: DriftCells, lead = ""): string[] {
  return [...drift.gone()].map((g) => `${lead}${[...goneCells(g.resource), g.change, g.detail].map(csvField).join(",")}`);
}

/**
 * The report CSV from a streamed report (ReportSource): one pass over the rows
 * in uid order, chunks of about 1 MiB. The framework view regroups every row
 * under framework ids, which needs the whole table: it is built in memory.
 * A partial run (source.head.problems) is not written into the CSV: RFC 4180
 * has no comment or metadata line (a trailing "#" line is a data row to every
 * reader), and a run-wide column on every row would change the CRM's column
 * contract; the CLI says it on stderr and in the exit code (issue 11).
 */
export async function* reportCsvStream(source: ReportSource, options: RenderOptions): AsyncGenerator<string> {
  const drift = source.head.drift ? new DriftCells(source.head.drift) : undefined;
  if (options.framework) {
    yield* frameworkCsvStream(source, options.framework, drift);
    return;
  }
  const lines = resourceCsvLines(source.head.services, drift);
  let chunk = csvRow(csvHeaders(drift));
  for await (const resource of source.rows("uid")) {
    for (const line of lines(resource)) chunk += `${line}\r\n`;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (drift) for (const line of goneLines(drift)) chunk += `${line}\r\n`;
  if (chunk) yield chunk;
}

/**
 * The CSV framework view from a streamed report, the same bytes as
 * crmCsv(reportCrm(report, { framework })): one pass over the rows in uid
 * order puts each line in its framework id's group (FrameworkBuckets: spilled
 * to temporary files past a budget), then the groups are written in order.
 */
async function* frameworkCsvStream(source: ReportSource, framework: Framework, drift: DriftCells | undefined): AsyncGenerator<string> {
  const rowIndex = new Map(Object.entries(source.head.services).map(([id, m]) => [id, new Map(m.rows.map((r) => [r.control, r]))]));
  const buckets = new FrameworkBuckets(framework, source.head.services, { separator: "\r\n" });
  // Duty texts and ids repeat on every resource's rows: quote each once (a bounded memo, uids pass through it too).
  const quoted = new Map<string, string>();
  const quote = (value: string) => {
    let out = quoted.get(value);
    if (out === undefined) {
      if (quoted.size >= 100_000) quoted.clear();
      out = csvField(value);
      quoted.set(value, out);
    }
    return out;
  };
  try {
    const lead = `${csvField(framework)},`;
    for await (const resource of source.rows("uid")) {
      for (const { row, cells } of resourceCrmItems(resource, resource.service ? rowIndex.get(resource.service) : undefined)) {
        if (drift) cells.push(...drift.cells(resource.uid, cells[8]));
        const line = cells.map(quote).join(",");
        buckets.add(row, (id) => `${lead}${quote(id)},${line}`);
      }
    }
    yield csvRow([...FRAMEWORK_GROUP_HEADERS, ...csvHeaders(drift)]);
    yield* buckets.chunks();
    if (drift) {
      const gone = goneLines(drift, `${lead},`);
      if (gone.length) yield `${gone.join("\r\n")}\r\n`;
    }
  } finally {
    buckets.close();
  }
}

function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = "";
  for (const line of lines) {
    chunk += `${line}\r\n`;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/**
 * The CSV lines (without line ends) of one resource: one per control of its
 * service, assembled from pre-quoted fragments per service x control.
 */
function resourceCsvLines(services: Report["services"], drift?: DriftCells): (resource: ReportResource) => string[] {
  const fragments = new Map<string, Map<string, { head: string; tail: string; owner: string; party: string }>>();
  for (const [id, matrix] of Object.entries(services)) {
    const byControl = new Map<string, { head: string; tail: string; owner: string; party: string }>();
    for (const row of matrix.rows) {
      byControl.set(row.control, {
        head: [row.control, row.title, row.domain].map(csvField).join(","),
        owner: csvField(row.owner),
        party: csvField(row.party ?? ""),
        tail: [row.provider, row.customer, row.verify?.cli ?? "", row.verify?.console ?? ""].map(csvField).join(","),
      });
    }
    fragments.set(id, byControl);
  }
  const blank = ",".repeat(FRAMEWORK_COLUMNS.length);
  const frameworkTails = new WeakMap<MatrixRow, string>();
  const rowsByService = new Map(Object.entries(services).map(([id, m]) => [id, new Map(m.rows.map((r) => [r.control, r]))]));
  return (resource) => {
    const head = resourceCells(resource).map(csvField).join(",");
    const byControl = resource.service ? fragments.get(resource.service) : undefined;
    if (!resource.service || !byControl) {
      const line = `${head},${csvField(resource.service ?? UNMAPPED)},${csvField(resource.model ?? "")}${",".repeat(RESOURCE_CRM_HEADERS.length - 8)}`;
      return [drift ? `${line},${drift.cells(resource.uid, undefined).map(csvField).join(",")}` : line];
    }
    const service = `${csvField(resource.service)},${csvField(resource.model ?? "")}`;
    const rows = rowsByService.get(resource.service)!;
    const lines: string[] = [];
    for (const control of resource.controls) {
      const f = byControl.get(control.control);
      const row = rows.get(control.control);
      let frameworks = blank;
      if (row) {
        frameworks = frameworkTails.get(row) ?? `,${cachedFrameworkIds(row).map(csvField).join(",")}`;
        frameworkTails.set(row, frameworks);
      }
      const status = rowStatus(control);
      const e = control.evidence;
      const evidence = e?.length
        ? [status, evidenceDetail(e), evidenceSources(e), evidenceChecks(e), evidenceObservedAt(e)].map(csvField).join(",")
        : `${status},,,,`;
      const line = `${head},${service},${f?.head ?? `${csvField(control.control)},,`},${csvField(control.owner)},${f?.party ?? ""},${f?.tail ?? ",,,"},${evidence}${frameworks}`;
      lines.push(drift ? `${line},${drift.cells(resource.uid, control.control).map(csvField).join(",")}` : line);
    }
    return lines;
  };
}
