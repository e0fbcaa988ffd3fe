import type { Report } from "../join/report.js";
import { wrapTable } from "./text-table.js";

/** The report for a person at a terminal: coverage, per-service responsibility, evidence not met, problems. */
export function reportText(report: Report, options: { width?: number } = {}): string {
  const width = options.width ?? 140;
  const { summary, coverage } = report;
  const out: string[] = [];
  const pct = (coverage.ratio * 100).toFixed(1);
  out.push(`${summary.resources} resources in ${summary.accounts} account(s); ${summary.mapped} mapped to ${summary.services} services (${pct}%).`);
  if (coverage.unmapped.length) {
    out.push(`Unmapped types: ${coverage.unmapped.map((u) => `${u.type} (${u.count})`).join(", ")}`);
  }
  out.push(`Evidence: ${summary.evidence.notMet} not met, ${summary.evidence.met} met, ${summary.evidence.unknown} unknown (no data).`, "");

  out.push(
    wrapTable(
      ["Service", "Model", "Resources", "You own", "Shared", "Not met"],
      report.byService.map((s) => [`${s.service} (${s.name})`, s.model, String(s.resources), String(s.customerControls), String(s.sharedControls), String(s.evidence.notMet)]),
      { width, minWidths: [30, 5, 9, 7, 6, 7], weights: [0, 0, 0, 0, 0, 0] },
    ),
    "",
  );

  const failing = report.resources.flatMap((r) =>
    r.controls.flatMap((c) => (c.evidence ?? []).filter((e) => e.status === "not-met").map((e) => ({ r, e }))),
  );
  if (failing.length) {
    out.push(`Evidence not met (${failing.length}): these customer duties are not done.`);
    out.push(
      wrapTable(
        ["Resource", "Control", "Check", "Finding"],
        failing.map(({ r, e }) => [`${r.name ?? r.uid}\n${r.type}`, e.control, e.title, e.detail ?? ""]),
        { width, minWidths: [28, 24, 24, 16], weights: [3, 0, 3, 2] },
      ),
      "",
    );
  } else if (report.resources.length) {
    out.push("Evidence not met: none.", "");
  }

  if (report.problems.length) {
    out.push(`Input problems (${report.problems.length}): these records were skipped.`);
    for (const p of report.problems.slice(0, 20)) out.push(`  ${p.source}:${p.position}: ${p.message}`);
    if (report.problems.length > 20) out.push(`  ... and ${report.problems.length - 20} more (see --format json)`);
    out.push("");
  }
  out.push('Per-control duties: cloud-srm matrix <service>. Full data: --format json.');
  return `${out.join("\n")}\n`;
}
