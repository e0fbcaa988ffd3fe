import type { Report } from "../join/report.js";
import { wrapTable } from "./text-table.js";
import { findingsLine } from "../evidence/findings/summary-text.js";

/** The report for a person at a terminal: coverage, per-service responsibility, evidence not met, problems. */
export function reportText(report: Report, options: { width?: number; toolVersion?: string; catalogVersion?: string } = {}): string {
  const width = options.width ?? 140;
  const { summary, coverage } = report;
  const out: string[] = [];
  const pct = (coverage.ratio * 100).toFixed(1);
  out.push(`${summary.resources} resources in ${summary.accounts} account(s); ${summary.mapped} mapped to ${summary.services} services (${pct}%).`);
  if (coverage.unmapped.length) {
    out.push(`Unmapped types: ${coverage.unmapped.map((u) => `${u.type} (${u.count})`).join(", ")}`);
  }
  const e = summary.evidence;
  const { duties } = coverage.evidence;
  out.push(
    `Duties (customer or shared control x resource): ${duties}. Not met ${e.notMet}, unknown ${e.unknown} (a rule applies, data missing), ` +
      `unchecked ${e.unchecked} (no rule or finding covers them: not shown as met), met ${e.met}.`,
    `Evidence coverage: ${coverage.evidence.covered} of ${duties} duties (${(coverage.evidence.ratio * 100).toFixed(1)}%) are covered by a rule or finding.`,
    "",
  );
  if (report.drift) {
    const d = report.drift;
    out.push(
      `Since the baseline of ${d.baseline}: ${d.added.length} resource(s) added, ${d.removed.length} removed, ${d.unknown.length} unknown (scope failed this run), ${d.flipped.length} duty state change(s), ${d.untagged.length} new resource(s) missing a required tag.`,
    );
    for (const f of d.flipped.slice(0, 20)) out.push(`  ${f.uid} ${f.control}: ${f.from} -> ${f.to}`);
    for (const u of d.untagged.slice(0, 20)) out.push(`  ${u.uid}: missing tag(s) ${u.missing.join(", ")}`);
    out.push("");
  }
  if (report.findings) {
    out.push(`Imported ${findingsLine(report.findings)}.`);
    for (const u of report.findings.unmatched.slice(0, 20)) out.push(`  unmatched: ${u.kind} ${u.check} on ${u.resource} (${u.file}:${u.position})`);
    if (report.findings.unmatchedTotal > 20) out.push(`  ... and ${report.findings.unmatchedTotal - 20} more unmatched (see --format json)`);
    out.push("");
  }

  out.push(
    wrapTable(
      ["Service", "Model", "Resources", "You own", "Shared", "Not met", "Unknown", "Unchecked", "Met"],
      report.byService.map((s) => [
        `${s.service} (${s.name})`,
        s.model,
        String(s.resources),
        String(s.customerControls),
        String(s.sharedControls),
        String(s.evidence.notMet),
        String(s.evidence.unknown),
        String(s.evidence.unchecked),
        String(s.evidence.met),
      ]),
      { width, minWidths: [30, 5, 9, 7, 6, 7, 7, 9, 5], weights: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
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
  // Which tool and catalog said this (issue 11), when the caller names them (the CLI does).
  if (options.toolVersion || options.catalogVersion) {
    out.push(`Written by cloud-srm${options.toolVersion ? ` ${options.toolVersion}` : ""}${options.catalogVersion ? ` (catalog ${options.catalogVersion})` : ""}.`);
  }
  return `${out.join("\n")}\n`;
}
