import type { FindingsSummary } from "../../types.js";
import { esc } from "./text.js";
import { dataTable } from "./table.js";

/** Rows listed per table; the JSON report has all. */
const LISTED = 1000;

/** Imported findings: per file what was used, and every finding that could not be (never a silent drop). */
export function findingsTables(f: FindingsSummary): string {
  const out: string[] = [];
  if (f.staleAfterDays !== undefined) out.push(`<p>Findings observed more than ${f.staleAfterDays} days before the report are stale: shown, but they decide nothing.</p>`);
  out.push(
    dataTable({
      caption: `Findings files (${f.sources.length})`,
      headers: ["Tool", "File", "Findings", "Matched", "Unmatched", "Unmapped", "Stale", "Muted", "Skipped", "Problems"],
      numeric: [2, 3, 4, 5, 6, 7, 8, 9],
      rows: f.sources.map((s) => [esc(s.kind), `<code>${esc(s.file)}</code>`, ...[s.findings, s.matched, s.unmatched, s.unmapped, s.stale, s.muted, s.skipped, s.problems].map(String)]),
    }),
  );
  out.push(
    f.unmatched.length
      ? dataTable({
          caption: `Unmatched findings: resource not in the inventory (${f.unmatchedTotal})`,
          headers: ["Tool", "Check", "Verdict", "Resource", "Where"],
          rows: f.unmatched.slice(0, LISTED).map((u) => [esc(u.kind), `<code>${esc(u.check)}</code>`, esc(u.verdict), `<code>${esc(u.resource)}</code>`, `<code>${esc(u.file)}</code> ${esc(u.position)}`]),
        })
      : "<p>Every finding matched a resource.</p>",
  );
  if (f.unmappedChecks.length) {
    out.push(
      dataTable({
        caption: `Unmapped checks: no mapping to a control yet (${f.unmappedChecks.length})`,
        headers: ["Tool", "Check", "Findings"],
        numeric: [2],
        rows: f.unmappedChecks.slice(0, LISTED).map((c) => [esc(c.kind), `<code>${esc(c.check)}</code>`, String(c.count)]),
      }),
    );
  }
  if (f.disagreements.length) {
    out.push(
      dataTable({
        caption: `Sources that disagree (${f.disagreementTotal}); both results are on the resource`,
        headers: ["Resource", "Control", "Met per", "Not met per"],
        rows: f.disagreements.slice(0, LISTED).map((d) => [`<code>${esc(d.uid)}</code>`, `<code>${esc(d.control)}</code>`, esc(d.met.join(", ")), esc(d.notMet.join(", "))]),
      }),
    );
  }
  return out.join("\n");
}
