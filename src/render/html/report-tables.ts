import type { Framework, FrameworkMapping, Report } from "../../types.js";
import type { ReportHead } from "../report-stream.js";
import { esc } from "./text.js";
import { groupByFramework } from "../framework-view.js";
import { FRAMEWORK_NAMES } from "../options.js";
import { countsText } from "./evidence.js";
import { OWNER_ORDER, ownerBadge } from "./owners.js";
import { dataTable } from "./table.js";

/** Problems listed in full up to this many; the JSON report has them all. */
export const MAX_LISTED_PROBLEMS = 1000;

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** The headline figures. */
export function summaryTable(report: ReportHead): string {
  const { summary, coverage } = report;
  const rows: [string, string][] = [
    ["Resources", String(summary.resources)],
    ["Mapped to a service", `${summary.mapped} (${percent(coverage.ratio)})`],
    ["Not mapped (not covered by this report)", String(summary.resources - summary.mapped)],
    ["Services", String(summary.services)],
    ["Accounts", String(summary.accounts)],
    ["Duties (customer or shared control x resource)", String(coverage.evidence.duties)],
    ["Duties not met", String(summary.evidence.notMet)],
    ["Duties unknown (a rule applies, no data in the source)", String(summary.evidence.unknown)],
    ["Duties unchecked (no rule or finding covers them)", String(summary.evidence.unchecked)],
    ["Duties met", String(summary.evidence.met)],
    ["Evidence coverage (duties covered by a rule or finding)", `${coverage.evidence.covered} (${percent(coverage.evidence.ratio)})`],
    ["Input records skipped (problems)", String(summary.problems)],
  ];
  return dataTable({ headers: ["Measure", "Value"], numeric: [1], rows, className: "compact" });
}

/** Coverage: what mapped, and every type that did not (never a silent drop). */
export function coverageTables(report: ReportHead, serviceLink: (service: string) => string): string {
  const { coverage } = report;
  const out = [`<p>${coverage.mapped} of ${coverage.total} resources (${percent(coverage.ratio)}) map to a service in the catalog.</p>`];
  if (coverage.unmapped.length) {
    out.push(
      '<div class="warn">',
      "<p><strong>Unmapped types.</strong> Resources of these types match no service in the catalog, so this report says nothing about who owns their controls. Add them to an overlay or check them by hand.</p>",
      dataTable({
        caption: `Unmapped types (${coverage.unmapped.length})`,
        headers: ["Type", "Type system", "Resources"],
        numeric: [2],
        rows: coverage.unmapped.map((u) => [`<code>${esc(u.type)}</code>`, esc(u.typeSystem), String(u.count)]),
      }),
      "</div>",
    );
  } else {
    out.push("<p>Every resource type maps to a service.</p>");
  }
  out.push(
    dataTable({
      caption: `Mapped types (${coverage.mappedTypes.length})`,
      headers: ["Type", "Type system", "Service", "Resources"],
      numeric: [3],
      rows: coverage.mappedTypes.map((m) => [`<code>${esc(m.type)}</code>`, esc(m.typeSystem), serviceLink(m.service), String(m.count)]),
    }),
  );
  return out.join("\n");
}

/** One line per service present. */
export function servicesOverview(report: ReportHead, serviceLink: (service: string) => string): string {
  if (report.byService.length === 0) return "<p>No resource maps to a service.</p>";
  return dataTable({
    headers: ["Service", "Name", "Model", "Provider", "Resources", "Customer owns", "Shared", "Evidence"],
    numeric: [4, 5, 6],
    rows: report.byService.map((s) => [
      serviceLink(s.service),
      `<span class="bidi">${esc(s.name)}</span>`,
      esc(s.model),
      esc(s.provider),
      String(s.resources),
      String(s.customerControls),
      String(s.sharedControls),
      esc(countsText(s.evidence)),
    ]),
  });
}

export function accountsTable(report: ReportHead): string {
  if (report.byAccount.length === 0) return "<p>No accounts.</p>";
  return dataTable({
    headers: ["Provider", "Account", "Resources", "Mapped", "Evidence"],
    numeric: [2, 3],
    rows: report.byAccount.map((a) => [esc(a.provider), `<code>${esc(a.account)}</code>`, String(a.resources), String(a.mapped), esc(countsText(a.evidence))]),
  });
}

/**
 * Per control: for how many resources each party carries it. With a
 * framework, rows are grouped by its ids (the control-to-framework mapping is
 * the same in every matrix, so it is read from the first one that has it).
 */
export function controlsTable(report: ReportHead, framework: Framework | undefined): string {
  const frameworks = new Map<string, FrameworkMapping>();
  for (const id of Object.keys(report.services).sort()) {
    for (const row of report.services[id]!.rows) if (!frameworks.has(row.control)) frameworks.set(row.control, row.frameworks);
  }
  const cells = (c: Report["byControl"][number]) => [
    `<code>${esc(c.control)}</code><br><span class="bidi">${esc(c.title)}</span>`,
    OWNER_ORDER.filter((o) => (c.owners[o] ?? 0) > 0)
      .map((o) => `${ownerBadge(o)} ${c.owners[o]}`)
      .join("<br>") || '<span class="muted">no resources</span>',
    esc(countsText(c.evidence)),
  ];
  const headers = ["Control", "Resources per owner", "Evidence"];
  if (!framework) return dataTable({ headers, rows: report.byControl.map(cells) });
  const rows = report.byControl.map((c) => ({ ...c, frameworks: frameworks.get(c.control) ?? {} }));
  const groups = groupByFramework(rows, framework).map((g) => {
    const label = g.id === "(unmapped)" ? `Not mapped to ${esc(FRAMEWORK_NAMES[framework])}` : `${esc(FRAMEWORK_NAMES[framework])} <code>${esc(g.id)}</code>`;
    const body = g.rows.map((c) => `<tr>${cells(c).map((x) => `<td>${x}</td>`).join("")}</tr>`).join("\n");
    return `<tbody>\n<tr><th scope="rowgroup" colspan="${headers.length}">${label}</th></tr>\n${body}\n</tbody>`;
  });
  return `<table>\n<thead><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>\n${groups.join("\n")}\n</table>`;
}

export function problemsTable(report: ReportHead): string {
  if (report.problems.length === 0) return "<p>None: every input record was understood.</p>";
  const listed = report.problems.slice(0, MAX_LISTED_PROBLEMS);
  const table = dataTable({
    caption: `Records skipped (${report.problems.length})`,
    headers: ["Input", "Position", "Problem"],
    rows: listed.map((p) => [`<code>${esc(p.source)}</code>`, esc(p.position), `<span class="bidi">${esc(p.message)}</span>`]),
  });
  const more = report.problems.length > listed.length ? `\n<p>... and ${report.problems.length - listed.length} more; the JSON report lists them all.</p>` : "";
  return table + more;
}
