/** Colours a cell; the CLI passes one only on a TTY without NO_COLOR. */
export type Paint = (text: string, column: number) => string;

export interface WrapTableOptions {
  /** Total width to fit. */
  width: number;
  /** Minimum width per column. */
  minWidths: number[];
  /** Share of the remaining width per column; 0 means "as wide as its content, up to its minimum". */
  weights: number[];
  paint?: Paint | undefined;
  /** Column whose text is painted. */
  paintColumn?: number;
}

/** A plain-text table with word-wrapped cells, for terminals and logs. */
export function wrapTable(headers: string[], rawRows: string[][], options: WrapTableOptions): string {
  // Control characters in names or tags (ANSI escapes, carriage returns) could rewrite the terminal.
  const rows = rawRows.map((row) => row.map(terminalSafe));
  const count = headers.length;
  const natural = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => longestLine(r[i] ?? ""))));
  const widths = headers.map((_, i) =>
    options.weights[i] === 0 ? Math.min(natural[i]!, Math.max(options.minWidths[i]!, natural[i]!)) : options.minWidths[i]!,
  );
  const gaps = (count - 1) * 3;
  let spare = options.width - gaps - widths.reduce((a, b) => a + b, 0);
  const totalWeight = options.weights.reduce((a, b) => a + b, 0);
  if (spare > 0 && totalWeight > 0) {
    headers.forEach((_, i) => {
      const weight = options.weights[i]!;
      if (weight === 0) return;
      const extra = Math.floor((spare * weight) / totalWeight);
      widths[i] = Math.min(natural[i]!, widths[i]! + extra);
    });
    spare = 0;
  }
  const lines: string[] = [];
  const emit = (cells: string[], paint: boolean) => {
    const wrapped = cells.map((cell, i) => wrap(cell, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let l = 0; l < height; l++) {
      const parts = wrapped.map((w, i) => {
        const text = (w[l] ?? "").padEnd(widths[i]!);
        return paint && options.paint && i === options.paintColumn ? options.paint(text, i) : text;
      });
      lines.push(parts.join(" | ").trimEnd());
    }
  };
  emit(headers, false);
  lines.push(widths.map((w) => "-".repeat(w)).join("-+-"));
  for (const row of rows) emit(row, true);
  return lines.join("\n");
}

function longestLine(text: string): number {
  return Math.max(0, ...text.split("\n").map((l) => l.length));
}

/** Word-wraps text to a width, breaking words longer than the width. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (rest.length > width) {
        if (line) {
          out.push(line);
          line = "";
        }
        out.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (!line) line = rest;
      else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line);
  }
  return out;
}

/** Replaces control characters (other than newline) with U+FFFD so text cannot drive the terminal. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "\ufffd");
}
