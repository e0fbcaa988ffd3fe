import type { Report, ReportResource } from "../join/report.js";
import { ChunkBuffer, collectText } from "./chunk-buffer.js";
import { reportSource, type ReportSource } from "./report-stream.js";
import type { EvidenceCounts, FindingsSummary, Matrix, MatrixRow } from "../types.js";
import { resourceDuties } from "../evidence/duties.js";
import { countState, coveragePercent, emptyCounts } from "../evidence/state.js";
import { httpUrl, markdownCell, markdownText } from "./escape.js";
import { groupByFramework } from "./framework-view.js";
import { FRAMEWORK_NAMES, type RenderOptions } from "./options.js";

// Escaping beyond escape.ts. markdownCell leaves [ ] ( ) * _ ~ alone, so a tag
// value like "[x](javascript:alert(1))" would become a link; these helpers make
// every user-controlled string inert text. CommonMark backslash escapes:
// https://spec.commonmark.org/0.31.2/#backslash-escapes

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A table cell that renders as exactly the text given: no links, emphasis, HTML or broken rows. */
export function inertCell(value: string): string {
  return markdownCell(value.replace(CONTROLS, "\ufffd").replace(/\t/g, " ")).replace(/([[\]*_~!])/g, "\\$1");
}

/** Inline text outside tables (headings, list items), inert like inertCell. */
export function inertText(value: string): string {
  return markdownText(value.replace(CONTROLS, "\ufffd").replace(/\t/g, " ")).replace(/([*_~!()])/g, "\\$1");
}

/** A code span holding any text: the fence is longer than any backtick run inside (CommonMark §6.1); pipes escaped for GFM tables. */
export function codeCell(value: string): string {
  const text = value.replace(CONTROLS, "\ufffd").replace(/\r\n|\r|\n|\t/g, " ");
  if (text === "") return "";
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || longest > 0 ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/**
 * A link for an http(s) URL, or inert text for anything else: catalog and
 * overlay sources are free text, and `javascript:` must never become a link.
 */
function sourceLink(value: string, label: string): string {
  const href = httpUrl(value);
  if (!href) return inertCell(value);
  return `[${label}](${href.replace(/[()|<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

function table(headers: readonly string[], rows: readonly string[][]): string[] {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

/** Anchors for sections whose headings carry user text: explicit ids, unique per document. */
class Anchors {
  readonly #used = new Set<string>();
  make(prefix: string, id: string): string {
    const base = `${prefix}-${id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
    let anchor = base;
    for (let i = 2; this.#used.has(anchor); i++) anchor = `${base}-${i}`;
    this.#used.add(anchor);
    return anchor;
  }
}

function owner(row: MatrixRow): string {
  return `**${row.owner}**${row.party ? ` (${inertCell(row.party)})` : ""}`;
}

function verify(row: MatrixRow): string {
  return [row.verify?.cli && codeCell(row.verify.cli), row.verify?.console && `Console: ${inertCell(row.verify.console)}`].filter(Boolean).join("<br>");
}

function basis(matrix: Matrix, row: MatrixRow): string {
  const origin = row.origin === "model" ? `${matrix.subject.model} default` : row.origin === "service" ? "service" : `overlay ${row.overlay ?? ""}`.trim();
  const sources = row.sources.map((s, i) => sourceLink(s, String(i + 1))).join(" ");
  return `${inertCell(origin)}${sources ? ` ${sources}` : ""}`;
}

const MATRIX_HEADERS = ["Control", "Owner", "Provider responsibility", "Customer responsibility", "How to verify", "Basis"];

function rowCells(matrix: Matrix, row: MatrixRow): string[] {
  return [`${codeCell(row.control)} ${inertCell(row.title)}`, owner(row), inertCell(row.provider), inertCell(row.customer), verify(row), basis(matrix, row)];
}

/** One matrix as a table: per control, or grouped by a framework's ids when options.framework is set. */
function matrixTable(matrix: Matrix, options: RenderOptions): string[] {
  if (!options.framework) return table(MATRIX_HEADERS, matrix.rows.map((row) => rowCells(matrix, row)));
  const framework = options.framework;
  const rows = groupByFramework(matrix.rows, framework).flatMap((group) => group.rows.map((row) => [inertCell(group.id), ...rowCells(matrix, row)]));
  return table([`${FRAMEWORK_NAMES[framework]} id`, ...MATRIX_HEADERS], rows);
}

function subjectLine(matrix: Matrix): string {
  const { subject } = matrix;
  return `Service model: **${subject.model}**${subject.provider ? `, provider: **${inertText(subject.provider)}**` : ""}.`;
}

function header(title: string, options: RenderOptions, lead: string): string[] {
  const out = [`# ${inertText(title)}`, "", `Generated ${options.now.toISOString()}${options.toolVersion ? ` by cloud-srm ${inertText(options.toolVersion)}` : ""}${options.catalogVersion ? ` (catalog ${inertText(options.catalogVersion)})` : ""}. ${lead}`];
  if (options.framework) out.push("", `Rows are grouped by ${FRAMEWORK_NAMES[options.framework]} ids (a control appears under each id it maps to).`);
  return out;
}

function ownerCounts(matrix: Matrix): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of matrix.rows) counts[row.owner] = (counts[row.owner] ?? 0) + 1;
  return counts;
}

/**
 * Matrices as one Markdown document: a title, a table of contents, a summary
 * of who owns how many controls, and a section per matrix.
 */
export function matricesMarkdown(matrices: readonly Matrix[], options: RenderOptions): string {
  const anchors = new Anchors();
  const sections = matrices.map((matrix) => ({ matrix, anchor: anchors.make("matrix", matrix.subject.id) }));
  const out = header(options.title ?? "Cloud shared-responsibility matrix", options, `${matrices.length} ${matrices.length === 1 ? "matrix" : "matrices"}, one row per security control.`);
  out.push("", "## Contents", "", "- [Summary](#summary)");
  for (const { matrix, anchor } of sections) out.push(`- [${inertText(matrix.subject.name)} (${inertText(matrix.subject.id)})](#${anchor})`);
  out.push("", "## Summary", "");
  out.push(
    ...table(
      ["Subject", "Model", "Customer", "Shared", "Provider", "Other"],
      matrices.map((m) => {
        const c = ownerCounts(m);
        const other = m.rows.length - (c.customer ?? 0) - (c.shared ?? 0) - (c.provider ?? 0);
        return [`${inertCell(m.subject.name)} ${codeCell(m.subject.id)}`, m.subject.model, String(c.customer ?? 0), String(c.shared ?? 0), String(c.provider ?? 0), String(other)];
      }),
    ),
  );
  for (const { matrix, anchor } of sections) {
    out.push("", `<a id="${anchor}"></a>`, "", `## ${inertText(matrix.subject.name)} (${inertText(matrix.subject.id)})`, "", subjectLine(matrix), "", ...matrixTable(matrix, options));
  }
  return `${out.join("\n")}\n`;
}

const STATE_HEADERS = ["Not met", "Unknown", "Unchecked", "Met"];

/** Markdown rows listed per table of the findings section; the JSON report has all. */
const FINDINGS_LISTED = 100;

/** What changed since a baseline report. */
function driftMarkdown(d: NonNullable<Report["drift"]>): string[] {
  const out = ["## Changes since the baseline", "", `Baseline generated ${inertText(d.baseline)}.`, ""];
  const list = (title: string, rows: { uid: string; type: string; service: string | null }[]) => {
    out.push(`### ${title} (${rows.length})`, "");
    if (rows.length) out.push(...table(["Resource", "Type", "Service"], rows.slice(0, FINDINGS_LISTED).map((r) => [codeCell(r.uid), codeCell(r.type), r.service ? codeCell(r.service) : "(unmapped)"])), "");
    else out.push("None.", "");
  };
  list("Added", d.added);
  list("Removed", d.removed);
  list("Unknown: missing in a scope that failed this run", d.unknown);
  out.push(`### Duties that changed state (${d.flipped.length})`, "");
  if (d.flipped.length) out.push(...table(["Resource", "Control", "Was", "Now"], d.flipped.slice(0, FINDINGS_LISTED).map((f) => [codeCell(f.uid), codeCell(f.control), f.from, f.to])), "");
  else out.push("None.", "");
  out.push(`### New resources missing a required tag (${d.untagged.length})`, "");
  if (d.untagged.length) out.push(...table(["Resource", "Missing tags"], d.untagged.slice(0, FINDINGS_LISTED).map((u) => [codeCell(u.uid), inertCell(u.missing.join(", "))])));
  else out.push("None.");
  return out;
}

/** What was imported from scanners, and what could not be used (never dropped silently). */
function findingsMarkdown(f: FindingsSummary): string[] {
  const out = ["## Imported findings", ""];
  if (f.staleAfterDays !== undefined) out.push(`Findings observed more than ${f.staleAfterDays} days before the report are stale: shown, but they decide nothing.`, "");
  out.push(
    ...table(
      ["Tool", "File", "Findings", "Matched", "Unmatched", "Unmapped", "Stale", "Muted", "Skipped", "Problems"],
      f.sources.map((s) => [s.kind, inertCell(s.file), ...[s.findings, s.matched, s.unmatched, s.unmapped, s.stale, s.muted, s.skipped, s.problems].map(String)]),
    ),
  );
  out.push("", `### Unmatched findings (${f.unmatchedTotal})`, "", f.unmatchedTotal ? "Their resource is not in the inventory:" : "None: every finding matched a resource.");
  if (f.unmatched.length) {
    out.push("", ...table(["Tool", "Check", "Verdict", "Resource", "Where"], f.unmatched.slice(0, FINDINGS_LISTED).map((u) => [u.kind, codeCell(u.check), u.verdict, codeCell(u.resource), inertCell(`${u.file}:${u.position}`)])));
  }
  out.push("", `### Unmapped checks (${f.unmappedChecks.length})`, "", f.unmappedChecks.length ? "No mapping file maps these check ids to a control, so they are evidence of nothing yet:" : "None.");
  if (f.unmappedChecks.length) out.push("", ...table(["Tool", "Check", "Findings"], f.unmappedChecks.slice(0, FINDINGS_LISTED).map((c) => [c.kind, codeCell(c.check), String(c.count)])));
  out.push("", `### Sources that disagree (${f.disagreementTotal})`, "", f.disagreementTotal ? "One source says met, another not met; both results are on the resource:" : "None.");
  if (f.disagreements.length) {
    out.push("", ...table(["Resource", "Control", "Met per", "Not met per"], f.disagreements.slice(0, FINDINGS_LISTED).map((d) => [codeCell(d.uid), codeCell(d.control), d.met.join(", "), d.notMet.join(", ")])));
  }
  return out;
}

function stateCells(counts: EvidenceCounts): string[] {
  return [String(counts.notMet), String(counts.unknown), String(counts.unchecked), String(counts.met)];
}

/** The duty states of one resource, counted. */
function resourceCounts(r: ReportResource): EvidenceCounts {
  const counts = emptyCounts();
  for (const duty of resourceDuties(undefined, r)) countState(counts, duty.state);
  return counts;
}

function resourceLabel(r: ReportResource): string {
  return r.name ? `${inertCell(r.name)}<br>${codeCell(r.uid)}` : codeCell(r.uid);
}

/** A table's header and separator lines, for tables whose rows are written one by one. */
function tableHead(headers: readonly string[]): string[] {
  return table(headers, []);
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

const NOT_MET_HEADERS = ["Resource", "Type", "Account", "Control", "Check", "Finding"];
const RESOURCE_HEADERS = ["Resource", "Account", "Region", ...STATE_HEADERS];

/** What the document states before it lists rows: counted in one pass, so the rows themselves are never held. */
interface RowCounts {
  /** Not-met evidence results over all resources. */
  notMet: number;
  /** Resources per service id. */
  byService: Map<string, number>;
}

async function countRows(source: ReportSource): Promise<RowCounts> {
  const counts: RowCounts = { notMet: 0, byService: new Map() };
  for await (const r of source.rows("uid")) {
    if (r.service) counts.byService.set(r.service, (counts.byService.get(r.service) ?? 0) + 1);
    for (const c of r.controls) for (const e of c.evidence ?? []) if (e.status === "not-met") counts.notMet++;
  }
  return counts;
}

/**
 * A report as one Markdown document for an auditor: title, table of contents,
 * summary (per service and per account), coverage, evidence not met, input
 * problems, and a section per service with its matrix and its resources.
 * Collects {@link reportMarkdownChunks}.
 */
export async function reportMarkdown(report: Report, options: RenderOptions): Promise<string> {
  return collectText(reportMarkdownChunks(reportSource(report), options));
}

/**
 * The report Markdown in chunks (issue 14): the head gives the summary
 * sections; one pass counts what the headings state, one lists the evidence
 * not met (uid order), one lists resources per service (service order). Linear
 * in resources; no pass keeps more than one row.
 */
export async function* reportMarkdownChunks(source: ReportSource, options: RenderOptions): AsyncGenerator<string> {
  const report = source.head;
  const { summary, coverage } = report;
  const anchors = new Anchors();
  const serviceIds = Object.keys(report.services).sort();
  const sections = serviceIds.map((id) => ({ matrix: report.services[id]!, anchor: anchors.make("service", id) }));
  const counts = source.rowCount ? await countRows(source) : { notMet: 0, byService: new Map<string, number>() };
  const pct = (coverage.ratio * 100).toFixed(1);
  const buffer = new ChunkBuffer();
  const out = {
    /** Lines from the head: few, written as a block. */
    push(...lines: string[]) {
      for (const line of lines) buffer.line(line);
    },
  };
  out.push(
    ...header(
      options.title ?? "Cloud shared-responsibility report",
      options,
      `${summary.resources} resources in ${summary.accounts} account(s); ${summary.mapped} mapped to ${summary.services} services (${pct}%).`,
    ),
  );
  out.push("", "## Contents", "", "- [Summary](#summary)", "- [Coverage](#coverage)", "- [Evidence not met](#evidence-not-met)");
  if (report.findings) out.push("- [Imported findings](#imported-findings)");
  if (report.drift) out.push("- [Changes since the baseline](#changes-since-the-baseline)");
  if (report.problems.length) out.push("- [Input problems](#input-problems)");
  out.push("- [Services](#services)");
  for (const { matrix, anchor } of sections) out.push(`  - [${inertText(matrix.subject.name)} (${inertText(matrix.subject.id)})](#${anchor})`);

  out.push("", "## Summary", "");
  out.push(
    ...table(
      ["Measure", "Value"],
      [
        ["Resources", String(summary.resources)],
        ["Mapped to a service", `${summary.mapped} (${pct}%)`],
        ["Services", String(summary.services)],
        ["Accounts", String(summary.accounts)],
        ["Duties (customer or shared control x resource)", String(coverage.evidence.duties)],
        ["Duties not met", String(summary.evidence.notMet)],
        ["Duties unknown (a rule applies, data missing)", String(summary.evidence.unknown)],
        ["Duties unchecked (no rule or finding covers them)", String(summary.evidence.unchecked)],
        ["Duties met", String(summary.evidence.met)],
        ["Evidence coverage (duties covered by a rule or finding)", `${coverage.evidence.covered} (${coveragePercent(summary.evidence)})`],
        ["Input problems (records skipped)", String(summary.problems)],
      ],
    ),
  );
  out.push("", "### By service", "");
  out.push(
    ...table(
      ["Service", "Model", "Resources", "You own", "Shared", ...STATE_HEADERS, "Coverage"],
      report.byService.map((s) => [
        `${inertCell(s.name)} ${codeCell(s.service)}`,
        s.model,
        String(s.resources),
        String(s.customerControls),
        String(s.sharedControls),
        ...stateCells(s.evidence),
        coveragePercent(s.evidence),
      ]),
    ),
  );
  out.push("", "### By account", "");
  out.push(
    ...table(
      ["Provider", "Account", "Resources", "Mapped", ...STATE_HEADERS],
      report.byAccount.map((a) => [inertCell(a.provider), codeCell(a.account), String(a.resources), String(a.mapped), ...stateCells(a.evidence)]),
    ),
  );

  if (buffer.full) yield buffer.take();
  out.push("", "## Coverage", "", `${coverage.mapped} of ${coverage.total} resources (${pct}%) map to a service in the catalog.`, "");
  out.push(
    `Evidence coverage: ${coverage.evidence.covered} of ${coverage.evidence.duties} customer and shared duties (${coveragePercent(summary.evidence)}) are covered by a configuration rule or an imported finding; ` +
      `the other ${summary.evidence.unchecked} are **unchecked**: nothing shows whether they are done.`,
    "",
  );
  if (coverage.unmapped.length) {
    out.push("Types that map to no service (their resources carry no responsibility rows):", "");
    out.push(...table(["Type", "Type system", "Resources"], coverage.unmapped.map((u) => [codeCell(u.type), u.typeSystem, String(u.count)])));
  } else {
    out.push("Every resource type maps to a service.");
  }
  if (coverage.mappedTypes.length) {
    out.push("", "Types that map:", "");
    out.push(...table(["Type", "Type system", "Service", "Resources"], coverage.mappedTypes.map((m) => [codeCell(m.type), m.typeSystem, codeCell(m.service), String(m.count)])));
  }

  if (buffer.full) yield buffer.take();
  out.push("", "## Evidence not met", "");
  if (counts.notMet) {
    out.push(`${counts.notMet} checks on customer-owned duties are not met:`, "", ...tableHead(NOT_MET_HEADERS));
    for await (const r of source.rows("uid")) {
      for (const c of r.controls) {
        for (const e of c.evidence ?? []) {
          if (e.status !== "not-met") continue;
          const line = tableRow([resourceLabel(r), codeCell(r.type), codeCell(r.account), codeCell(e.control), inertCell(e.title), inertCell(e.detail ?? "")]);
          if (buffer.line(line)) yield buffer.take();
        }
      }
    }
  } else {
    out.push(source.rowCount ? "None of the checked duties is failing." : "No per-resource data in this report.");
  }
  if (summary.evidence.unchecked) {
    out.push("", `${summary.evidence.unchecked} duties are unchecked (no rule or finding covers them) and ${summary.evidence.unknown} unknown: they are not evidence of compliance.`);
  }

  if (report.findings) out.push("", ...findingsMarkdown(report.findings));
  if (report.drift) out.push("", ...driftMarkdown(report.drift));

  if (report.problems.length) {
    out.push("", "## Input problems", "", `${report.problems.length} records could not be read and were skipped:`, "");
    out.push(...table(["Source", "Position", "Problem"], report.problems.map((p) => [inertCell(p.source), inertCell(p.position), inertCell(p.message)])));
  }

  if (buffer.full) yield buffer.take();
  out.push("", "## Services");
  const rows = source.rows("service")[Symbol.asyncIterator]();
  let next = await rows.next();
  for (const { matrix, anchor } of sections) {
    const id = matrix.subject.id;
    out.push("", `<a id="${anchor}"></a>`, "", `### ${inertText(matrix.subject.name)} (${inertText(id)})`, "", subjectLine(matrix), "");
    out.push(...matrixTable(matrix, options));
    const count = counts.byService.get(id) ?? 0;
    if (count) out.push("", `Resources (${count}):`, "", ...tableHead(RESOURCE_HEADERS));
    // Service order: skip rows of services listed before this one (or without a matrix), then take this one's.
    while (!next.done && next.value.service !== null && next.value.service < id) next = await rows.next();
    while (!next.done && next.value.service === id) {
      const r = next.value;
      if (buffer.line(tableRow([resourceLabel(r), codeCell(r.account), inertCell(r.region ?? ""), ...stateCells(resourceCounts(r))]))) yield buffer.take();
      next = await rows.next();
    }
    if (buffer.full) yield buffer.take();
  }
  await rows.return?.();
  yield buffer.take();
}
