import type { Report } from "../../join/report.js";
import type { Matrix, MatrixRow, ReportResource } from "../../types.js";
import {
  evidenceChecks,
  evidenceDetail,
  evidenceObservedAt,
  evidenceSources,
  matrixCrm,
  RESOURCE_CRM_HEADERS,
  resourceCrmItems,
  rowStatus,
  UNMAPPED,
  type CrmTable,
} from "../crm.js";
import { FrameworkBuckets } from "../framework-buckets.js";
import type { Drift, DriftResource } from "../../evidence/baseline.js";
import { FRAMEWORK_NAMES, type RenderOptions } from "../options.js";
import { reportSource, type ReportHead, type ReportSource } from "../report-stream.js";
import { workbookXlsx, workbookXlsxChunks, type CellValue, type SheetSpec } from "./workbook.js";

const MATRIX_SHEET = "Responsibility matrix";

/** Options of the workbook renderers; `maxRowsPerSheet` lets a test see the continuation sheets without a million rows. */
export interface XlsxOptions extends RenderOptions {
  maxRowsPerSheet?: number;
}

function crmSheet(name: string, table: CrmTable): SheetSpec {
  return { name, headers: table.headers, rows: table.rows };
}

function frameworkNote(options: RenderOptions): CellValue[][] {
  return options.framework ? [["Grouped by", FRAMEWORK_NAMES[options.framework]]] : [];
}

/** Matrices as a workbook: a Summary sheet and the responsibility matrix (one row per subject x control). */
export async function matricesXlsx(matrices: readonly Matrix[], options: XlsxOptions): Promise<Uint8Array> {
  const title = options.title ?? "Cloud shared-responsibility matrix";
  const summary: CellValue[][] = [["Title", title], ["Generated", options.now.toISOString()], ...versionRows(options), ...frameworkNote(options)];
  for (const matrix of matrices) {
    const owners = countOwners(matrix);
    summary.push([
      `${matrix.subject.name} (${matrix.subject.id})`,
      `${matrix.subject.model}: ${Object.entries(owners)
        .map(([owner, n]) => `${n} ${owner}`)
        .join(", ")}`,
    ]);
  }
  return workbookXlsx([{ name: "Summary", headers: ["Item", "Value"], rows: summary }, crmSheet(MATRIX_SHEET, matrixCrm(matrices, options))], {
    now: options.now,
    title,
    maxRows: options.maxRowsPerSheet,
  });
}

function countOwners(matrix: Matrix): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of [...matrix.rows].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0))) counts[row.owner] = (counts[row.owner] ?? 0) + 1;
  return counts;
}

/** A report as a workbook (collects {@link reportXlsxChunks}). */
export async function reportXlsx(report: Report, options: XlsxOptions): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of reportXlsxChunks(reportSource(report), options)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

const RESOURCE_HEADERS = [
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
  "owner",
  "party",
  "evidence_status",
  "evidence_detail",
  "evidence_source",
  "evidence_check",
  "evidence_observed_at",
];

/**
 * A report as a workbook written as it goes (issue 14): Summary, Services,
 * Responsibility matrix (service x control), Resources (resource x control),
 * Evidence not met, Coverage and Input problems (records the importers
 * skipped). One pass counts the rows of the row sheets (their dimensions and
 * continuation sheets are written first), one writes Resources and one
 * Evidence not met, both in uid order. A sheet past Excel's 1,048,576 rows
 * continues on "Resources (2)"..., and the Summary says so. With a framework
 * view, Resources is regrouped by the framework's ids: the count pass files
 * each row under its ids (temporary files past a budget), so memory stays
 * bounded and time linear. With a baseline, a Drift sheet lists the changes.
 */
export async function* reportXlsxChunks(source: ReportSource, options: XlsxOptions): AsyncGenerator<Uint8Array> {
  const index = matrixIndex(source.head);
  const buckets = options.framework ? new FrameworkBuckets(options.framework, source.head.services) : undefined;
  try {
    yield* reportWorkbook(source, options, index, buckets);
  } finally {
    buckets?.close();
  }
}

async function* reportWorkbook(source: ReportSource, options: XlsxOptions, index: MatrixIndex, buckets: FrameworkBuckets | undefined): AsyncGenerator<Uint8Array> {
  const report = source.head;
  const title = options.title ?? "Cloud shared-responsibility report";
  const { summary, coverage } = report;
  const counts = await countRows(source, index, buckets);
  const summaryRows: CellValue[][] = [
    ["Title", title],
    ["Generated", options.now.toISOString()],
    ["Report generated at", report.generatedAt],
    ...versionRows(options),
    ...frameworkNote(options),
    ["Resources", summary.resources],
    ["Mapped to a service", summary.mapped],
    ["Coverage (%)", Math.round(coverage.ratio * 1000) / 10],
    ["Services", summary.services],
    ["Accounts", summary.accounts],
    ["Duties (customer or shared control x resource)", coverage.evidence.duties],
    ["Duties not met", summary.evidence.notMet],
    ["Duties unknown (a rule applies, data missing)", summary.evidence.unknown],
    ["Duties unchecked (no rule or finding covers them)", summary.evidence.unchecked],
    ["Duties met", summary.evidence.met],
    ["Evidence coverage (%)", Math.round(coverage.evidence.ratio * 1000) / 10],
    ["Input problems (records skipped)", summary.problems],
    ...(report.drift ? driftSummaryRows(report.drift) : []),
  ];
  const services: SheetSpec = {
    name: "Services",
    headers: ["service", "name", "provider", "model", "resources", "customer_controls", "shared_controls", "evidence_met", "evidence_not_met", "evidence_unknown", "evidence_unchecked"],
    rows: report.byService.map((s) => [
      s.service,
      s.name,
      s.provider,
      s.model,
      s.resources,
      s.customerControls,
      s.sharedControls,
      s.evidence.met,
      s.evidence.notMet,
      s.evidence.unknown,
      s.evidence.unchecked,
    ]),
  };
  const notMet: SheetSpec = {
    name: "Evidence not met",
    headers: ["resource_uid", "resource_name", "resource_type", "account", "region", "service", "control", "rule", "check", "finding"],
    rows: notMetRows(source),
    batched: true,
    rowCount: counts.notMet,
    inlineColumns: [0, 1],
  };
  const coverageSheet: SheetSpec = {
    name: "Coverage",
    headers: ["status", "type", "type_system", "service", "resources"],
    rows: [
      ...coverage.unmapped.map((u): CellValue[] => ["unmapped", u.type, u.typeSystem, "", u.count]),
      ...coverage.mappedTypes.map((m): CellValue[] => ["mapped", m.type, m.typeSystem, m.service, m.count]),
    ],
  };
  const matrices = Object.keys(report.services)
    .sort()
    .map((id) => report.services[id]!);
  const resources: SheetSpec = buckets
    ? { name: "Resources", headers: ["framework", "framework_id", ...RESOURCE_CRM_HEADERS], rows: frameworkRows(buckets), batched: true, rowCount: counts.resources, inlineColumns: [2, 3] }
    : { name: "Resources", headers: RESOURCE_HEADERS, rows: resourceRows(source, index), batched: true, rowCount: counts.resources, inlineColumns: [0, 1] };
  yield* workbookXlsxChunks(
    [
      { name: "Summary", headers: ["Item", "Value"], rows: summaryRows },
      services,
      crmSheet(MATRIX_SHEET, matrixCrm(matrices, options)),
      resources,
      notMet,
      coverageSheet,
      { name: "Input problems", headers: ["source", "position", "message"], rows: report.problems.map((p) => [p.source, p.position, p.message]) },
      ...(report.drift ? [driftSheet(report.drift)] : []),
    ],
    { now: options.now, title, maxRows: options.maxRowsPerSheet },
  );
}

/** Each service's matrix rows by control, and every control's title (from whichever matrix has it). */
interface MatrixIndex {
  rows: Map<string, Map<string, MatrixRow>>;
  titles: Map<string, string>;
}

function matrixIndex(report: ReportHead): MatrixIndex {
  const titles = new Map<string, string>();
  for (const matrix of Object.values(report.services)) for (const row of matrix.rows) titles.set(row.control, row.title);
  return { rows: new Map(Object.entries(report.services).map(([id, m]) => [id, new Map(m.rows.map((r) => [r.control, r]))])), titles };
}

/**
 * Rows of the Resources and Evidence not met sheets, counted before they are
 * written. With a framework view, the same pass files each full CRM row under
 * its framework ids (`buckets`), so the view costs one pass, not one per id.
 */
async function countRows(source: ReportSource, index: MatrixIndex, buckets: FrameworkBuckets | undefined): Promise<{ resources: number; notMet: number }> {
  let resources = 0;
  let notMet = 0;
  for await (const r of source.rows("uid")) {
    for (const c of r.controls) for (const e of c.evidence ?? []) if (e.status === "not-met") notMet++;
    if (!buckets) {
      resources += r.service ? r.controls.length : 1;
      continue;
    }
    const framework = buckets.framework;
    for (const item of crmItems(r, index)) {
      const cells = JSON.stringify(item.cells).slice(1);
      buckets.add(item.row, (id) => {
        resources++;
        return `[${JSON.stringify(framework)},${JSON.stringify(id)},${cells}`;
      });
    }
  }
  return { resources, notMet };
}

/** The not-met results, a batch per resource. */
async function* notMetRows(source: ReportSource): AsyncGenerator<CellValue[][]> {
  for await (const r of source.rows("uid")) {
    const batch: CellValue[][] = [];
    for (const c of r.controls) {
      for (const e of c.evidence ?? []) {
        if (e.status === "not-met") batch.push([r.uid, r.name, r.type, r.account, r.region, r.service, e.control, e.rule, e.title, e.detail]);
      }
    }
    if (batch.length) yield batch;
  }
}

/**
 * Resources x controls without the duty text and framework ids, which are on
 * the Responsibility matrix sheet (one row per service x control): repeating
 * them on every resource row would double the workbook for no new
 * information. The framework view keeps the full CRM columns.
 */
async function* resourceRows(source: ReportSource, index: MatrixIndex): AsyncGenerator<CellValue[][]> {
  for await (const r of source.rows("uid")) {
    const head = [r.uid, r.name, r.type, r.provider, r.account, r.region];
    if (!r.service) {
      yield [[...head, UNMAPPED, r.model]];
      continue;
    }
    const rows = index.rows.get(r.service);
    yield r.controls.map((c) => [
      ...head,
      r.service,
      r.model,
      c.control,
      index.titles.get(c.control),
      c.owner,
      rows?.get(c.control)?.party,
      rowStatus(c),
      evidenceDetail(c.evidence),
      evidenceSources(c.evidence),
      evidenceChecks(c.evidence),
      evidenceObservedAt(c.evidence),
    ]);
  }
}

/** One resource x control row of the full CRM (the cells reportCrm gives), with the matrix row it came from. */
function crmItems(r: ReportResource, index: MatrixIndex): { row: MatrixRow | undefined; cells: string[] }[] {
  return resourceCrmItems(r, r.service ? index.rows.get(r.service) : undefined);
}

/**
 * The full CRM regrouped under a framework's ids, as reportCrm does in
 * memory: ids in natural order, each listing every resource x control row
 * that maps to it, then the rows with no id. The count pass put each row's
 * cells (JSON) in its id's group (FrameworkBuckets, spilled to temporary
 * files past a budget); this reads the groups back in order, in batches.
 */
async function* frameworkRows(buckets: FrameworkBuckets): AsyncGenerator<string[][]> {
  let batch: string[][] = [];
  for await (const line of buckets.lines()) {
    batch.push(JSON.parse(line) as string[]);
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** The Summary's drift rows: the baseline and a count per kind of change. */
function driftSummaryRows(d: Drift): CellValue[][] {
  return [
    ["Baseline report generated at", d.baseline],
    ["Resources added since the baseline", d.added.length],
    ["Resources removed since the baseline", d.removed.length],
    ["Resources unknown (missing in a scope that failed this run, not removed)", d.unknown.length],
    ["Duties that changed state", d.flipped.length],
    ["New resources missing a required tag", d.untagged.length],
  ];
}

/**
 * The Drift sheet (report --baseline): one row per change, `change` first so
 * a filter picks a kind: added (detail: required tags it lacks), removed,
 * unknown (detail: the failed scope), state-changed (one row per duty, with
 * its old and new state). Sizes with the changes, not the resources.
 */
function driftSheet(d: Drift): SheetSpec {
  const missing = new Map(d.untagged.map((u) => [u.uid, u.missing]));
  const rows: CellValue[][] = [];
  const resource = (r: DriftResource): CellValue[] => [r.uid, r.type, r.provider, r.service, r.account];
  for (const r of d.added) rows.push(["added", ...resource(r), "", "", "", missing.has(r.uid) ? `missing required tag: ${missing.get(r.uid)!.join(", ")}` : ""]);
  for (const r of d.removed) rows.push(["removed", ...resource(r), "", "", "", ""]);
  for (const r of d.unknown) rows.push(["unknown", ...resource(r), "", "", "", r.reason]);
  // A flipped duty's resource is in both reports; the Resources sheet has its other columns.
  for (const f of d.flipped) rows.push(["state-changed", f.uid, "", "", "", "", f.control, f.from, f.to, ""]);
  return { name: "Drift", headers: ["change", "resource_uid", "resource_type", "provider", "service", "account", "control", "from", "to", "detail"], rows };
}

/** "Generated by" and "Catalog" Summary rows, when the caller names them (the CLI does; issue 11). */
function versionRows(options: RenderOptions): CellValue[][] {
  const rows: CellValue[][] = [];
  if (options.toolVersion) rows.push(["Generated by", `cloud-srm ${options.toolVersion}`]);
  if (options.catalogVersion) rows.push(["Catalog", options.catalogVersion]);
  return rows;
}
