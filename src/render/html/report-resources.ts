import type { Matrix, ReportResource } from "../../types.js";
import { attr, esc } from "./text.js";
import { evidenceItem, statusLabel } from "./evidence.js";
import { resourceDuties, resourceEvidence } from "../../evidence/duties.js";
import { ownerBadge } from "./owners.js";
import { streamedTable, type StreamedTable } from "./table.js";

/** The resources table's frame; rows come from {@link resourceRow}, one per resource. */
export function resourcesTableFrame(count: number): StreamedTable {
  return streamedTable({
    caption: `Resources (${count})`,
    headers: ["Resource", "Type", "Account and region", "Tags", "Source", "Evidence"],
    className: "fixed resources",
  });
}

/** What a service with no resources shows instead of a table. */
export const NO_RESOURCES = '<p class="muted">No resources.</p>';

/** Who owns each control in the service's matrix: a resource's row notes where it differs. */
export function matrixOwners(matrix?: Matrix): ReadonlyMap<string, string> {
  return new Map((matrix?.rows ?? []).map((r) => [r.control, r.owner]));
}

/** One resource's row of the resources table. */
export function resourceRow(table: StreamedTable, r: ReportResource, anchor: string, owners: ReadonlyMap<string, string>): string {
  return table.row(
    [
      resourceCell(r, owners),
      `<code>${esc(r.type)}</code><br><span class="muted">${esc(r.typeSystem)}</span>`,
      `<span class="bidi">${esc(r.provider)}</span> <code>${esc(r.account)}</code>${r.region ? `<br><span class="bidi">${esc(r.region)}</span>` : ""}`,
      tagList(r.tags),
      sourceText(r),
      evidenceList(r),
    ],
    anchor,
  );
}

function resourceCell(r: ReportResource, owners: ReadonlyMap<string, string>): string {
  const name = r.name ? `<span class="title bidi">${esc(r.name)}</span><br>` : "";
  // The matrix says who owns each control for the service; a resource only needs its own line when it differs.
  const differs = r.controls.filter((c) => owners.size > 0 && owners.get(c.control) !== c.owner);
  const note = differs.length
    ? `<p>Owner differs from the service matrix: ${differs.map((c) => `<code>${esc(c.control)}</code> ${ownerBadge(c.owner)}`).join(", ")}</p>`
    : "";
  return `${name}<code>${esc(r.uid)}</code>${note}`;
}

function tagList(tags: Record<string, string>): string {
  const keys = Object.keys(tags).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '<span class="muted">none</span>';
  return `<ul class="tags">${keys.map((k) => `<li><span class="bidi">${esc(k)}</span>=<span class="bidi">${esc(tags[k]!)}</span></li>`).join("")}</ul>`;
}

function sourceText(r: ReportResource): string {
  const parts = [esc(r.source.kind)];
  if (r.source.file) parts.push(`<code>${esc(r.source.file)}</code>`);
  if (r.source.ref) parts.push(esc(r.source.ref));
  if (r.source.collectedAt) parts.push(`collected ${esc(r.source.collectedAt)}`);
  return parts.join("<br>");
}

function evidenceList(r: ReportResource): string {
  if (!r.service) return '<span class="muted">not evaluated (unmapped)</span>';
  const results = resourceEvidence(r);
  // Not met first: it is what an auditor asks about.
  const order = { "not-met": 0, unknown: 1, met: 2 } as const;
  const sorted = results.map((e, i) => ({ e, i })).sort((a, b) => (order[a.e.status] ?? 3) - (order[b.e.status] ?? 3) || a.i - b.i);
  const items = sorted.map(({ e }) => `<li>${evidenceItem(e)}</li>`);
  // Duties nothing covers are listed by name: an empty cell would read as "nothing wrong".
  const unchecked = resourceDuties(undefined, r).filter((d) => d.state === "unchecked");
  if (unchecked.length) items.push(`<li>${statusLabel("unchecked")} ${unchecked.map((d) => `<code>${esc(d.control)}</code>`).join(" ")}</li>`);
  if (items.length === 0) return '<span class="muted">no customer or shared duty</span>';
  return `<ul>${items.join("")}</ul>`;
}

/** The not-met evidence results of one resource (as many as it has), each linking to the resource's row. */
export function notMetResults(r: ReportResource): number {
  let n = 0;
  for (const c of r.controls) for (const e of c.evidence ?? []) if (e.status === "not-met") n++;
  return n;
}

/** The table of every not-met evidence result; rows come from {@link notMetRows}. */
export function notMetTableFrame(count: number): StreamedTable {
  return streamedTable({ caption: `Evidence not met (${count})`, headers: ["Resource", "Service", "Control", "Check", "Finding"], className: "fixed not-met" });
}

/** What the section says when no evaluated rule failed. */
export const NO_NOT_MET = "<p>None: no evaluated evidence rule failed.</p>";

/** The not-met rows of one resource, linking to its row (anchor) and its service's section. */
export function notMetRows(table: StreamedTable, r: ReportResource, anchor: string, serviceAnchor: (service: string) => string | undefined): string[] {
  const rows: string[] = [];
  for (const c of r.controls) {
    for (const e of c.evidence ?? []) {
      if (e.status !== "not-met") continue;
      const label = r.name ? `<span class="bidi">${esc(r.name)}</span><br><code>${esc(r.uid)}</code>` : `<code>${esc(r.uid)}</code>`;
      const svc = r.service ? serviceAnchor(r.service) : undefined;
      rows.push(
        table.row([
          `<a href="#${attr(anchor)}">${label}</a>`,
          r.service ? (svc ? `<a href="#${attr(svc)}"><code>${esc(r.service)}</code></a>` : `<code>${esc(r.service)}</code>`) : "",
          `<code>${esc(e.control)}</code>`,
          `<span class="bidi">${esc(e.title)}</span>`,
          e.detail ? `<span class="bidi">${esc(e.detail)}</span>` : "",
        ]),
      );
    }
  }
  return rows;
}
