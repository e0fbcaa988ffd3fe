// A large synthetic ReportSource for the streaming document tests (issue 14):
// rows are generated on demand from the example report's resources, and the
// source records how many rows each pass produced, so a test can see whether
// a renderer writes output while it reads rows or only after holding them.
import type { ReportRow, ReportSource, RowOrder } from "../../src/render/report-stream.js";
import type { Report } from "../../src/join/report.js";

export interface CountingSource extends ReportSource {
  /** Rows produced so far, per pass (one entry per call of rows()). */
  readonly produced: number[];
  /** Position in the current pass of each row produced in it, by synthetic index. */
  readonly positions: Map<number, number>;
}

/**
 * `count` rows built from the report's resources in turn (uids rewritten so
 * the uid order is the generation order), in either order, never held: each
 * pass generates them again.
 */
export function syntheticSource(report: Report, count: number): CountingSource {
  const { resources, ...head } = report;
  const templates = resources;
  if (templates.length === 0) throw new Error("the report has no resources to copy");
  const row = (i: number): ReportRow => ({ ...templates[i % templates.length]!, uid: `synthetic-${String(i).padStart(8, "0")}` });
  const services = [...new Set(templates.map((t) => t.service))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const produced: number[] = [];
  const positions = new Map<number, number>();
  return {
    head,
    rowCount: count,
    produced,
    positions,
    async *rows(order: RowOrder = "uid") {
      const pass = produced.push(0) - 1;
      positions.clear();
      const emit = (i: number) => {
        positions.set(i, produced[pass]!);
        produced[pass]!++;
        return row(i);
      };
      if (order === "uid") {
        for (let i = 0; i < count; i++) yield emit(i);
        return;
      }
      for (const service of services) {
        for (let i = 0; i < count; i++) if (templates[i % templates.length]!.service === service) yield emit(i);
      }
    },
  };
}

/**
 * Reads a chunked text document and measures, at every chunk that lists
 * synthetic rows, how far the source had read beyond the last row the chunk
 * shows: a renderer that holds rows shows them long after reading them, a
 * streaming one within about a chunk's worth.
 */
export async function streamLag(source: CountingSource, chunks: AsyncIterable<string>): Promise<{ text: string; largestLag: number; chunksWithRows: number; passes: number }> {
  const out: string[] = [];
  let largestLag = 0;
  let chunksWithRows = 0;
  for await (const chunk of chunks) {
    out.push(chunk);
    const shown = [...chunk.matchAll(/synthetic-(\d{8})/g)].map((m) => source.positions.get(Number(m[1])) ?? -1);
    const last = Math.max(-1, ...shown);
    if (last < 0) continue;
    chunksWithRows++;
    largestLag = Math.max(largestLag, source.produced.at(-1)! - 1 - last);
  }
  return { text: out.join(""), largestLag, chunksWithRows, passes: source.produced.length };
}
