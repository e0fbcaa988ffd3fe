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
 * Splits an input into lines as a stream: memory holds one chunk and one
 * partial line, whatever the input's size, and each character is looked at
 * once (a 100 MB line costs what 100 MB of short lines cost: the pieces of a
 * long line are joined once, when its newline arrives). Handles CRLF, a
 * UTF-8 BOM, UTF-16 LE/BE with BOM (PowerShell's `>`), and a final line
 * without newline. Blank lines are skipped. A line past V8's string limit
 * (about 512 MiB) is reported with `tooLong` instead of its text.
 */
export async function* readLines(input: InputSource | Readable | AsyncIterable<string | Uint8Array>): AsyncGenerator<Line> {
  const source = isAsyncIterable(input) ? input : openStream(input as InputSource);
  let lineNumber = 0;
  if (typeof source === "string") {
    let start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (start <= source.length) {
      let newline = source.indexOf("\n", start);
      if (newline === -1) newline = source.length;
      lineNumber++;
      const text = source.slice(start, newline > start && source.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
      if (!isBlank(text)) yield { line: lineNumber, text };
      start = newline + 1;
    }
    return;
  }
  const decoder = new SniffingDecoder();
  let parts: string[] = [];
  let partLength = 0;
  let first = true;
  const finish = (tail: string): Line | undefined => {
    lineNumber++;
    const length = partLength + tail.length;
    if (length > MAX_LINE_CHARS) {
      parts = [];
      partLength = 0;
      return { line: lineNumber, text: "", tooLong: length };
    }
    let text = parts.length ? parts.join("") + tail : tail;
    parts = [];
    partLength = 0;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return isBlank(text) ? undefined : { line: lineNumber, text };
  };
  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array);
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      const line = finish(text.slice(start, newline));
      if (line) yield line;
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) {
      const rest = start === 0 ? text : text.slice(start);
      // Past the limit the pieces are counted, not kept: the line is reported, not held.
      if (partLength + rest.length <= MAX_LINE_CHARS) parts.push(rest);
      partLength += rest.length;
    }
  }
  const tail = decoder.end();
  if (partLength || tail) {
    const line = finish(tail);
    if (line) yield line;
  }
}

/** Longest line kept, in characters: V8's string limit (2^29 - 24). */
const MAX_LINE_CHARS = 2 ** 29 - 24;

function isBlank(text: string): boolean {
  // Most lines start with "{": answer without scanning them.
  const c = text.charCodeAt(0);
  if (c === 123 || c === 91) return false;
  return text.trim() === "";
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

function drained(out: NodeJS.WritableStream): Promise<void> {
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
