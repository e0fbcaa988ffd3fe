import type { Drift } from "../../types.js";
import { esc } from "./text.js";
import { dataTable } from "./table.js";

/** Rows listed per table; the JSON report has all. */
const LISTED = 1000;

/** What changed since a baseline report (`report --baseline`): the same lists as text and Markdown. */
export function driftTables(d: Drift): string {
  const out = [`<p>Baseline generated ${esc(d.baseline)}. A resource missing now from a scope that failed in this run is listed as unknown, never as removed.</p>`];
  const resources = (caption: string, rows: readonly { uid: string; type: string; service: string | null }[]) =>
    rows.length
      ? dataTable({
          caption: `${caption} (${rows.length})`,
          headers: ["Resource", "Type", "Service"],
          rows: rows.slice(0, LISTED).map((r) => [`<code>${esc(r.uid)}</code>`, `<code>${esc(r.type)}</code>`, r.service ? `<code>${esc(r.service)}</code>` : "(unmapped)"]),
        })
      : `<p>${esc(caption)}: none.</p>`;
  out.push(resources("Added", d.added), resources("Removed", d.removed), resources("Unknown: missing in a scope that failed this run", d.unknown));
  out.push(
    d.flipped.length
      ? dataTable({
          caption: `Duties that changed state (${d.flipped.length})`,
          headers: ["Resource", "Control", "Was", "Now"],
          rows: d.flipped.slice(0, LISTED).map((f) => [`<code>${esc(f.uid)}</code>`, `<code>${esc(f.control)}</code>`, esc(f.from), esc(f.to)]),
        })
      : "<p>Duties that changed state: none.</p>",
  );
  out.push(
    d.untagged.length
      ? dataTable({
          caption: `New resources missing a required tag (${d.untagged.length})`,
          headers: ["Resource", "Missing tags"],
          rows: d.untagged.slice(0, LISTED).map((u) => [`<code>${esc(u.uid)}</code>`, esc(u.missing.join(", "))]),
        })
      : "<p>New resources missing a required tag: none.</p>",
  );
  return out.join("\n");
}
