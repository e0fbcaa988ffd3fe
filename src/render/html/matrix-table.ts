import type { Framework, Matrix, MatrixRow } from "../../types.js";
import { httpUrl } from "../escape.js";
import { attr, esc } from "./text.js";
import { groupByFramework } from "../framework-view.js";
import { FRAMEWORK_NAMES } from "../options.js";
import { anchorId } from "./anchors.js";
import { ownerBadge, ownerRowClass } from "./owners.js";

/** Short framework names for the per-row mapping line (the long ones are in FRAMEWORK_NAMES). */
const FRAMEWORK_SHORT: Record<Framework, string> = {
  "nist-800-53": "NIST 800-53",
  ccm: "CCM",
  cis: "CIS",
  iso27001: "ISO 27001",
  soc2: "SOC 2",
  pci: "PCI DSS",
  mcsb: "MCSB",
};
const FRAMEWORK_ORDER = Object.keys(FRAMEWORK_SHORT) as Framework[];

const HEADERS = ["Control", "Owner", "Provider does", "Customer does", "Secure default", "How to verify", "Basis and sources"];

/**
 * A matrix as a table, one row per control (or, with a framework, one row
 * group per framework id). The header row is a <thead> so print repeats it on
 * every page.
 */
export function matrixTable(matrix: Matrix, options: { framework?: Framework | undefined; idPrefix: string }): string {
  const head = `<thead><tr>${HEADERS.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>`;
  const caption = `<caption>Responsibility matrix: <span class="bidi">${esc(matrix.subject.name)}</span> (<code>${esc(matrix.subject.id)}</code>)</caption>`;
  let bodies: string;
  if (options.framework) {
    const framework = options.framework;
    bodies = groupByFramework(matrix.rows, framework)
      .map((group) => {
        const label = group.id === "(unmapped)" ? `Not mapped to ${esc(FRAMEWORK_NAMES[framework])}` : `${esc(FRAMEWORK_NAMES[framework])} <code>${esc(group.id)}</code>`;
        const id = anchorId(`${options.idPrefix}-fw`, group.id);
        const rows = group.rows.map((row) => matrixRow(matrix, row)).join("\n");
        return `<tbody id="${attr(id)}">\n<tr><th scope="rowgroup" colspan="${HEADERS.length}">${label}</th></tr>\n${rows}\n</tbody>`;
      })
      .join("\n");
  } else {
    bodies = `<tbody>\n${matrix.rows.map((row) => matrixRow(matrix, row, anchorId(`${options.idPrefix}-c`, row.control))).join("\n")}\n</tbody>`;
  }
  return `<table class="fixed matrix">\n${caption}\n${head}\n${bodies}\n</table>`;
}

function matrixRow(matrix: Matrix, row: MatrixRow, id?: string): string {
  const cells = [
    controlCell(row),
    ownerBadge(row.owner, row.party),
    paragraph(row.provider),
    paragraph(row.customer) + (row.notes ? `\n<p class="muted">Note: ${esc(row.notes)}</p>` : ""),
    row.default ? esc(row.default) : '<span class="muted">not stated</span>',
    verifyCell(row),
    basisCell(matrix, row),
  ];
  const idAttr = id ? ` id="${attr(id)}"` : "";
  return `<tr class="${ownerRowClass(row.owner)}"${idAttr}>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

function paragraph(text: string): string {
  return `<p class="bidi">${esc(text)}</p>`;
}

function controlCell(row: MatrixRow): string {
  const mappings = FRAMEWORK_ORDER.filter((f) => (row.frameworks[f] ?? []).length > 0).map(
    (f) => `<li>${FRAMEWORK_SHORT[f]}: ${(row.frameworks[f] ?? []).map(esc).join(", ")}</li>`,
  );
  const fw = mappings.length ? `\n<ul class="fw">${mappings.join("")}</ul>` : "";
  return `<code>${esc(row.control)}</code><br><span class="title">${esc(row.title)}</span>${fw}`;
}

function verifyCell(row: MatrixRow): string {
  const parts: string[] = [];
  if (row.verify?.cli) parts.push(`<p><code>${esc(row.verify.cli)}</code></p>`);
  if (row.verify?.console) parts.push(`<p class="bidi">Console: ${esc(row.verify.console)}</p>`);
  for (const rule of row.evidence ?? []) parts.push(`<p>Checked by cloud-srm: <span class="bidi">${esc(rule.title)}</span> <span class="muted">(<code>${esc(rule.id)}</code>)</span></p>`);
  return parts.length ? parts.join("\n") : '<span class="muted">none given</span>';
}

function basisCell(matrix: Matrix, row: MatrixRow): string {
  const basis =
    row.origin === "model"
      ? `Service model default (${esc(matrix.subject.model)})`
      : row.origin === "service"
        ? "Service-specific (cited)"
        : `Overlay: <span class="bidi">${esc(row.overlay ?? "(unnamed)")}</span>`;
  const sources = row.sources.map((s) => `<li>${sourceLink(s)}</li>`).join("");
  const baseline = (row.mcsb ?? [])
    .map((b) => `<li>Azure security baseline ${esc(b.control)}: <span class="bidi">${esc(b.feature)}</span> (${esc(b.responsibility)})</li>`)
    .join("");
  return `<p>${basis}</p>${sources ? `\n<ul class="sources">${sources}</ul>` : ""}${baseline ? `\n<ul class="baseline">${baseline}</ul>` : ""}`;
}

/** A source: a link when it is an http(s) URL, plain text otherwise (a contract clause, or a hostile javascript: URL). */
export function sourceLink(source: string): string {
  const href = httpUrl(source);
  return href ? `<a href="${attr(href)}" rel="noopener noreferrer">${esc(source)}</a>` : `<span class="bidi">${esc(source)}</span>`;
}
