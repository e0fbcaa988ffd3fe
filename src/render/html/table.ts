import { attr } from "./text.js";

export interface DataTableOptions {
  /** Caption markup (already escaped). */
  caption?: string;
  /** Header labels (fixed text from the renderer, not user data). */
  headers: readonly string[];
  /** Indexes of right-aligned numeric columns. */
  numeric?: readonly number[];
  /** Cells, already-escaped markup. */
  rows: readonly (readonly string[])[];
  /** Table classes (fixed for wide tables whose column shares styles.ts sets, compact for small ones). */
  className?: string;
  /** Fragment ids for rows (links from elsewhere in the document). */
  rowIds?: readonly (string | undefined)[];
}

/** A plain data table with a <thead>, which print repeats on every page. */
export function dataTable(options: DataTableOptions): string {
  const table = streamedTable(options);
  return `${table.start}${options.rows.map((row, r) => table.row(row, options.rowIds?.[r])).join("\n")}${table.end}`;
}

/** A data table written row by row: `start`, rows separated by "\n", `end` (the same markup as dataTable). */
export interface StreamedTable {
  start: string;
  row(cells: readonly string[], id?: string): string;
  end: string;
}

export function streamedTable(options: Omit<DataTableOptions, "rows" | "rowIds">): StreamedTable {
  const numeric = new Set(options.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? ' class="num"' : "");
  const head = `<thead><tr>${options.headers.map((h, i) => `<th scope="col"${cls(i)}>${h}</th>`).join("")}</tr></thead>`;
  const caption = options.caption ? `<caption>${options.caption}</caption>\n` : "";
  const className = options.className ? ` class="${options.className}"` : "";
  return {
    start: `<table${className}>\n${caption}${head}\n<tbody>\n`,
    row: (row, id) => `<tr${id ? ` id="${attr(id)}"` : ""}>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join("")}</tr>`,
    end: "\n</tbody>\n</table>",
  };
}
