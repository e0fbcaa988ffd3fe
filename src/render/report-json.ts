import type { Report } from "../join/report.js";
import { jsonChunks, jsonPlaceholder } from "./json-stream.js";
import type { ReportSource } from "./report-stream.js";

/** A JSON value with every object's keys in code-unit order; arrays keep their order (it is meaningful). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    // A null-prototype object so a "__proto__" key (a tag name, say) stays an ordinary key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * A report as pretty JSON with sorted keys and a final newline: the same
 * report gives the same bytes whatever order the builder filled it in, so
 * two runs diff cleanly.
 */
export function reportJson(report: Report): string {
  return `${JSON.stringify(sortKeys(report), null, 2)}\n`;
}

/**
 * The same bytes as `reportJson`, in chunks from a streamed report: the head
 * once, then each resource row (with its controls) as it is read, so a report
 * of a million resources is never one string.
 */
export async function* reportJsonChunks(source: ReportSource): AsyncGenerator<string> {
  const marker = jsonPlaceholder();
  const rows = source.rows("uid");
  async function* sorted() {
    for await (const row of rows) yield sortKeys(row);
  }
  yield* jsonChunks(sortKeys({ ...source.head, resources: marker }), new Map([[marker, { items: sorted() }]]));
}
