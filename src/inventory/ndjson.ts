import type { Readable } from "node:stream";
import { openStream, type InputSource } from "./input.js";
import { jsonErrorMessage } from "./json-error.js";

/** One line of an NDJSON input: its 1-based line number and text (without the newline). */
export interface Line {
  line: number;
  text: string;
}

/**
 * Splits an input into lines as a stream: memory holds one chunk and one
 * partial line, whatever the input's size. Handles CRLF, a UTF-8 BOM and a
 * final line without newline. Blank lines are skipped.
 */
export async function* readLines(input: InputSource | Readable): AsyncGenerator<Line> {
  const source = isReadable(input) ? input : openStream(input);
  let lineNumber = 0;
  if (typeof source === "string") {
    for (const text of source.split("\n")) {
      lineNumber++;
      const clean = (lineNumber === 1 ? text.replace(/^\uFEFF/, "") : text).replace(/\r$/, "");
      if (clean.trim()) yield { line: lineNumber, text: clean };
    }
    return;
  }
  source.setEncoding("utf8");
  let pending = "";
  for await (const chunk of source) {
    const text = pending + (chunk as string);
    let start = 0;
    let newline = text.indexOf("\n", start);
    while (newline !== -1) {
      lineNumber++;
      let line = text.slice(start, newline);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim()) yield { line: lineNumber, text: line };
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    pending = text.slice(start);
  }
  if (pending.trim()) {
    lineNumber++;
    yield { line: lineNumber, text: pending.replace(/\r$/, "").replace(/^\uFEFF/, "") };
  }
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

function isReadable(value: unknown): value is Readable {
  return typeof (value as Readable)?.pipe === "function" && typeof (value as Readable)?.on === "function";
}
