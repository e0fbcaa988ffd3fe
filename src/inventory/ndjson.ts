import type { Readable } from "node:stream";
import { openStream, type InputSource } from "./input.js";
import { SniffingDecoder } from "./encoding.js";
import { jsonErrorMessage } from "./json-error.js";
import { parseLenient } from "./json-records.js";

/** One line of an NDJSON input: its 1-based line number and text (without the newline). */
export interface Line {
  line: number;
  text: string;
  /** Set (and `text` empty) when the line was longer than a string can hold: its length in characters. */
  tooLong?: number;
}

/**
 * Splits an input into lines, one array per chunk read: memory holds one
 * chunk and one partial line. A consumer that handles a batch synchronously
 * pays one await per chunk (~64 KiB) instead of one per line, which is most
 * of what separates a generator pipeline from a plain loop on a million
 * records (docs/performance.md).
 *
 * Linear whatever the line length: each chunk is split once, and the pieces
 * of a long line are joined once, when its newline arrives (issue 11: a
 * 100 MB line took 17 s when the pending text was re-split per chunk).
 * Handles CRLF, a UTF-8 BOM, UTF-16 LE/BE with BOM (PowerShell's `>`), and
 * a final line without newline; blank lines are skipped. A line past V8's
 * string limit (about 512 MiB) comes back with `tooLong` instead of its text.
 */
export async function* readLineBatches(input: InputSource | Readable | AsyncIterable<string | Uint8Array>): AsyncGenerator<Line[]> {
  // 64 KiB reads, not openStream's default 1 MiB: lines sliced from megabyte strings cost the
  // garbage collector about 1.6x the CPU of the whole join (measured on 200k records).
  const source = isAsyncIterable(input) ? input : openStream(input as InputSource, process.stdin, 1 << 16);
  let lineNumber = 0;
  if (typeof source === "string") {
    const batch: Line[] = [];
    for (const text of source.split("\n")) {
      lineNumber++;
      const clean = (lineNumber === 1 ? text.replace(/^\uFEFF/, "") : text).replace(/\r$/, "");
      if (!isBlank(clean)) batch.push({ line: lineNumber, text: clean });
    }
    if (batch.length) yield batch;
    return;
  }
  const decoder = new SniffingDecoder();
  let parts: string[] = [];
  let partLength = 0;
  const finish = (first: string, batch: Line[]): void => {
    lineNumber++;
    const length = partLength + first.length;
    if (length > MAX_LINE_CHARS) {
      parts = [];
      partLength = 0;
      batch.push({ line: lineNumber, text: "", tooLong: length });
      return;
    }
    let text = parts.length ? parts.join("") + first : first;
    parts = [];
    partLength = 0;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!isBlank(text)) batch.push({ line: lineNumber, text });
  };
  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array);
    if (text.indexOf("\n") === -1) {
      // Still inside one line: keep the piece (or only count it, past the limit).
      if (partLength + text.length <= MAX_LINE_CHARS) parts.push(text);
      partLength += text.length;
      continue;
    }
    // split() is several times cheaper than an indexOf/slice loop on V8 (measured, docs/performance.md).
    const texts = text.split("\n");
    const rest = texts.pop()!;
    const batch: Line[] = [];
    finish(texts[0]!, batch);
    for (let i = 1; i < texts.length; i++) finish(texts[i]!, batch);
    if (rest) {
      parts.push(rest);
      partLength = rest.length;
    }
    if (batch.length) yield batch;
  }
  const end = decoder.end();
  if (partLength || end) {
    const batch: Line[] = [];
    finish(end, batch);
    if (batch.length) yield batch;
  }
}

/** Longest line kept, in characters: V8's string limit (2^29 - 24). */
const MAX_LINE_CHARS = 2 ** 29 - 24;

/** Blank (skipped) lines; trims only lines that start or end with white space, the rare case. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  return (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 || text.charCodeAt(0) === 0xfeff) && text.trim() === "";
}

/** The lines of an input one by one (see readLineBatches). */
export async function* readLines(input: InputSource | Readable | AsyncIterable<string | Uint8Array>): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(input)) yield* batch;
}

/** One parsed NDJSON record, or the reason its line could not be parsed. */
export type NdjsonRecord = { line: number; value: unknown } | { line: number; error: string };

/** Parses NDJSON line by line; a bad line becomes an error record and the rest still parse. */
export async function* readNdjson(input: InputSource | Readable | AsyncIterable<string | Uint8Array>): AsyncGenerator<NdjsonRecord> {
  for await (const { line, text, tooLong } of readLines(input)) {
    if (tooLong !== undefined) {
      yield { line, error: lineTooLongMessage(tooLong) };
      continue;
    }
    try {
      yield { line, value: parseLenient(text) };
    } catch (error) {
      yield { line, error: jsonErrorMessage(error) };
    }
  }
}

/** Why a line was skipped for its length. */
export function lineTooLongMessage(length: number): string {
  return `line is ${Math.round(length / 2 ** 20)} MiB long, more than the ${Math.floor(MAX_LINE_CHARS / 2 ** 20)} MiB one record can be read as; record skipped`;
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

function isAsyncIterable(value: unknown): value is AsyncIterable<string | Uint8Array> {
  return typeof value === "object" && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}
