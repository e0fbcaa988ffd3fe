import type { Matrix } from "../../types.js";
import { attr, esc } from "./text.js";
import { FRAMEWORK_NAMES, type RenderOptions } from "../options.js";
import { AnchorIds } from "./anchors.js";
import { howToRead } from "./explain.js";
import { htmlDocument, type TocEntry } from "./layout.js";
import { matrixTable } from "./matrix-table.js";

/**
 * Responsibility matrices as one self-contained HTML document (no script, no
 * external resource): a table of contents, a legend, and a section per
 * matrix. Matrices are rendered in the order given.
 */
export function matricesHtml(matrices: readonly Matrix[], options: RenderOptions): string {
  const ids = new AnchorIds();
  const title =
    options.title ??
    (matrices.length === 1 ? `Shared-responsibility matrix: ${matrices[0]!.subject.name}` : `Shared-responsibility matrices (${matrices.length})`);
  const sections = matrices.map((matrix) => {
    const id = ids.next("svc", matrix.subject.id);
    return { id, matrix };
  });
  const toc: TocEntry[] = [
    { id: "how-to-read", label: "How to read this document" },
    { id: "matrices", label: "Matrices", children: sections.map(({ id, matrix }) => ({ id, label: `${matrix.subject.name} (${matrix.subject.id})` })) },
  ];
  const body = [
    howToRead("how-to-read", options.framework),
    '<div id="matrices">',
    ...sections.map(({ id, matrix }) => matrixSection(matrix, id, options)),
    "</div>",
  ].join("\n");
  const meta: [string, string][] = [
    ["Generated", options.now.toISOString()],
    ["Matrices", String(matrices.length)],
  ];
  if (options.framework) meta.push(["Grouped by", FRAMEWORK_NAMES[options.framework]]);
  return htmlDocument({ title, meta, toc, body });
}

/** One matrix: heading, what it is, the table. */
export function matrixSection(matrix: Matrix, id: string, options: Pick<RenderOptions, "framework">, extra = ""): string {
  return `${matrixSectionStart(matrix, id, options)}${extra}${MATRIX_SECTION_END}`;
}

/** A matrix section up to where its extra content goes (ends with "\n"), for sections written in pieces. */
export function matrixSectionStart(matrix: Matrix, id: string, options: Pick<RenderOptions, "framework">): string {
  const { subject } = matrix;
  const facts = [
    ["Id", `<code>${esc(subject.id)}</code>`],
    ["Kind", subject.kind === "model" ? "service model" : "service"],
    ["Service model", esc(subject.model)],
    ...(subject.provider ? [["Provider", esc(subject.provider)]] : []),
    ["Controls", String(matrix.rows.length)],
  ];
  return [
    `<section class="service" id="${attr(id)}">`,
    `<h2 class="bidi">${esc(subject.name)}</h2>`,
    `<dl class="meta">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`,
    matrixTable(matrix, { framework: options.framework, idPrefix: id }),
    "",
  ].join("\n");
}

export const MATRIX_SECTION_END = "\n</section>";
