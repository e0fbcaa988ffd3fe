import type { Matrix } from "../types.js";
import { wrapTable, type Paint } from "./text-table.js";

/** The terminal table of a matrix: control, owner, provider duty, customer duty, how to verify. */
export function matrixTable(matrix: Matrix, options: { width?: number; paint?: Paint } = {}): string {
  const { subject } = matrix;
  const header = subject.kind === "model" ? `${subject.name} (${subject.id})` : `${subject.name} (${subject.id}, ${subject.model})`;
  const rows = matrix.rows.map((row) => [
    row.control,
    row.owner + (row.party ? ` (${row.party})` : "") + (row.origin === "model" ? "" : row.origin === "service" ? " *" : " +"),
    row.provider,
    row.customer,
    [row.verify?.cli, row.verify?.console && `Console: ${row.verify.console}`].filter(Boolean).join("\n") || "-",
  ]);
  const table = wrapTable(["Control", "Owner", "Provider does", "Customer does", "How to verify"], rows, {
    width: options.width ?? 160,
    minWidths: [20, 10, 20, 24, 20],
    weights: [0, 0, 3, 4, 3],
    paint: options.paint,
    paintColumn: 1,
  });
  const legend = "Owner: * set by the service (cited), + set by an overlay, otherwise the service model default.";
  return `${header}\n\n${table}\n${legend}\n`;
}
