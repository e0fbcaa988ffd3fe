import type { Readable } from "node:stream";
import { openStream, type InputSource } from "./input.js";
import { jsonErrorMessage } from "./json-error.js";

/** One line of an NDJSON input: its 1-based line number and text (without the newline). */
export interface Line {
  line: number;
  text: string;
}

/**
 * Splits an input into lines, one array per chunk read: memory holds one
 * chunk and one partial line. A consumer that handles a batch synchronously
 * pays one await per chunk (~64 KiB) instead of one per line, which is most
 * of what separates a generator pipeline from a plain loop on a million
 * records (docs/performance.md). Same rules as readLines: CRLF, a UTF-8 BOM,
 * a final line without newline; blank lines are skipped.
 */
export async function* readLineBatches(input: InputSource | Readable): AsyncGenerator<Line[]> {
  // 64 KiB reads, not openStream's default 1 MiB: lines sliced from megabyte strings cost the
  // garbage collector about 1.6x the CPU of the whole join (measured on 200k records).
  const source = isReadable(input) ? input : openStream(input, process.stdin, 1 << 16);
  let lineNumber = 0;
  if (typeof source === "string") {
    const batch: Line[] = [];
    for (const text of source.split("\n")) {
      lineNumber++;
      const clean = (lineNumber === 1 ? text.replace(/^\uFEFF/, "") : text).replace(/\r$/, "");
      if (clean.trim()) batch.push({ line: lineNumber, text: clean });
    }
    if (batch.length) yield batch;
    return;
  }
  source.setEncoding("utf8");
  let pending = "";
  for await (const chunk of source) {
    // split() is several times cheaper than an indexOf/slice loop on V8 (measured, docs/performance.md).
    const texts = (pending + (chunk as string)).split("\n");
    pending = texts.pop()!;
    const batch: Line[] = [];
    for (let text of texts) {
      lineNumber++;
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (!isBlank(text)) batch.push({ line: lineNumber, text });
    }
    if (batch.length) yield batch;
  }
  if (!isBlank(pending)) {
    lineNumber++;
    yield [{ line: lineNumber, text: pending.replace(/\r$/, "").replace(/^\uFEFF/, "") }];
  }
}

/** Blank (skipped) lines; trims only lines that start or end with white space, the rare case. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  return (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 || text.charCodeAt(0) === 0xfeff) && text.trim() === "";
}

/**
 * Splits an input into lines as a stream: memory holds one chunk and one
 * partial line, whatever the input's size. Handles CRLF, a UTF-8 BOM and a
 * final line without newline. Blank lines are skipped.
 */
export async function* readLines(input: InputSource | Readable): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(input)) yield* batch;
}

/** One parsed NDJSON record, or the reason its line could not be parsed. */
export type NdjsonRecord = { line: number; value: unknown } | { line: number; error: string };

/** Parses NDJSON line by line; a bad line becomes an error record and the rest still parse. */
export async function* readNdjson(input: InputSource | Readable): AsyncGenerator<NdjsonRecord> {
  for await (const { line, text } of readLines(input)) {
    try {
      yield { line, value: JSON.parse(text) };
    } catch (error) {
      yield { line, error: jsonErrorMessage(error) };
    }
  }
}

/**
 * Writes values as NDJSON to a stream, one line each, honouring backpressure
 * so memory stays flat however many values there are.
 */
export async function writeNdjson(values: AsyncIterable<unknown> | Iterable<unknown>, out: NodeJS.WritableStream): Promise<number> {
  return writeLines(stringifyAll(values), out);
}

async function* stringifyAll(values: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<string> {
  for await (const value of values) yield JSON.stringify(value);
}

/** Writes pre-serialized lines (without newlines), batched, honouring backpressure. Returns the count. */
export async function writeLines(lines: AsyncIterable<string> | Iterable<string>, out: NodeJS.WritableStream): Promise<number> {
  let count = 0;
  let buffer = "";
  for await (const line of lines) {
    buffer += `${line}\n`;
    count++;
    // Batch small lines into fewer writes; wait for drain when the stream asks.
    if (buffer.length >= 65536) {
      if (!out.write(buffer)) await drained(out);
      buffer = "";
    }
  }
  if (buffer) if (!out.write(buffer)) await drained(out);
  return count;
}

/** Resolves when `out` drains (after a write returned false); rejects if it errors first. */
export function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      out.off("drain", onDrain);
      reject(error);
    };
    out.once("drain", onDrain);
    out.once("error", onError);
  });
}

function isReadable(value: unknown): value is Readable {
  return typeof (value as Readable)?.pipe === "function" && typeof (value as Readable)?.on === "function";
}
