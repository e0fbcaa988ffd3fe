import type { Report } from "../../join/report.js";
import type { Matrix } from "../../types.js";
import { evidenceChecks, evidenceDetail, evidenceNotMet, evidenceObservedAt, evidenceSources, matrixCrm, rowStatus, reportCrm, UNMAPPED, type CrmTable } from "../crm.js";
import { FRAMEWORK_NAMES, type RenderOptions } from "../options.js";
import { workbookXlsx, type CellValue, type SheetSpec } from "./workbook.js";

const MATRIX_SHEET = "Responsibility matrix";

function crmSheet(name: string, table: CrmTable): SheetSpec {
  return { name, headers: table.headers, rows: table.rows };
}

function frameworkNote(options: RenderOptions): CellValue[][] {
  return options.framework ? [["Grouped by", FRAMEWORK_NAMES[options.framework]]] : [];
}

/** Matrices as a workbook: a Summary sheet and the responsibility matrix (one row per subject x control). */
export function matricesXlsx(matrices: readonly Matrix[], options: RenderOptions): Uint8Array {
  const title = options.title ?? "Cloud shared-responsibility matrix";
  const summary: CellValue[][] = [["Title", title], ["Generated", options.now.toISOString()], ...frameworkNote(options)];
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
  });
}

function countOwners(matrix: Matrix): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of [...matrix.rows].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0))) counts[row.owner] = (counts[row.owner] ?? 0) + 1;
  return counts;
}

/**
 * A report as a workbook: Summary, Services, Responsibility matrix (service x
 * control), Resources (resource x control), Evidence not met, Coverage and
 * Input problems (records the importers skipped).
 */
export function reportXlsx(report: Report, options: RenderOptions): Uint8Array {
  const title = options.title ?? "Cloud shared-responsibility report";
  const { summary, coverage } = report;
  const summaryRows: CellValue[][] = [
    ["Title", title],
    ["Generated", options.now.toISOString()],
    ["Report generated at", report.generatedAt],
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
    rows: evidenceNotMet(report).map(({ resource: r, result: e }) => [r.uid, r.name, r.type, r.account, r.region, r.service, e.control, e.rule, e.title, e.detail]),
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
  return workbookXlsx(
    [
      { name: "Summary", headers: ["Item", "Value"], rows: summaryRows },
      services,
      crmSheet(MATRIX_SHEET, matrixCrm(matrices, options)),
      options.framework ? crmSheet("Resources", reportCrm(report, options)) : resourcesSheet(report),
      notMet,
      coverageSheet,
      { name: "Input problems", headers: ["source", "position", "message"], rows: report.problems.map((p) => [p.source, p.position, p.message]) },
    ],
    { now: options.now, title },
  );
}

/**
 * Resources x controls without the duty text and framework ids, which are on
 * the Responsibility matrix sheet (one row per service x control): repeating
 * them on 350,000 rows of a 10,000-resource report would double the workbook
 * for no new information. The framework view keeps the full CRM columns.
 */
function resourcesSheet(report: Report): SheetSpec {
  const titles = new Map<string, string>();
  for (const matrix of Object.values(report.services)) for (const row of matrix.rows) titles.set(row.control, row.title);
  const parties = new Map(Object.entries(report.services).map(([id, m]) => [id, new Map(m.rows.map((r) => [r.control, r.party]))]));
  const rows: CellValue[][] = [];
  for (const r of report.resources) {
    const head = [r.uid, r.name, r.type, r.provider, r.account, r.region];
    if (!r.service) {
      rows.push([...head, UNMAPPED, r.model]);
      continue;
    }
    const party = parties.get(r.service);
    for (const c of r.controls) {
      rows.push([...head, r.service, r.model, c.control, titles.get(c.control), c.owner, party?.get(c.control), rowStatus(c), evidenceDetail(c.evidence), evidenceSources(c.evidence), evidenceChecks(c.evidence), evidenceObservedAt(c.evidence)]);
    }
  }
  return {
    name: "Resources",
    headers: ["resource_uid", "resource_name", "resource_type", "provider", "account", "region", "service", "model", "control", "title", "owner", "party", "evidence_status", "evidence_detail", "evidence_source", "evidence_check", "evidence_observed_at"],
    rows,
  };
}
