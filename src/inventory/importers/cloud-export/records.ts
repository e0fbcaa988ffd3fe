import type { Readable } from "node:stream";
import { STREAM_THRESHOLD } from "../../importer.js";
import type { InputSource } from "../../input.js";
import { streamJsonRecords } from "../../json-stream.js";
import { parseLenient, scanJsonArray, type ScanResult } from "../../json-records.js";
import { readNdjson } from "../../ndjson.js";
import { textChunks } from "./decode.js";
import { isObject, typeName } from "./fields.js";

/**
 * Reads the records of a cloud export, whichever of its shapes it has:
 *
 * - one JSON document: a top-level array of records, or an object holding the
 *   records under one of `wrapperKeys` (a Config snapshot's
 *   `configurationItems`, a Resource Graph page's `data`...). The document is
 *   scanned element by element so a truncated or partly broken file still
 *   yields every complete record;
 * - NDJSON: one record per line, streamed. A line may also be a whole page
 *   (an array, or an object with a wrapper key), as `jq -c` over paginated
 *   CLI output produces.
 *
 * The shape is decided from the first two lines, not the file name.
 */

/** A record with where it came from, or a problem with the input at a position. */
export type ExportItem = { record: unknown; ref: string; container?: string } | { problem: string; position: string; notJson?: true; fatal?: true };

const PEEK_LINES = 2;

export async function* readExportRecords(input: InputSource, wrapperKeys: readonly string[], stdin?: Readable, streamThreshold: number = STREAM_THRESHOLD): AsyncGenerator<ExportItem> {
  const chunks = textChunks(input, stdin);
  try {
    const { head, done } = await peekLines(chunks, PEEK_LINES);
    if (looksLikeNdjson(head)) {
      yield* fromNdjson(prepend(head, done ? undefined : chunks), wrapperKeys);
    } else {
      // One document: collected in parts and joined once (linear); past the threshold, read record by record as it arrives.
      const parts = [head];
      let length = head.length;
      let long = false;
      if (!done) {
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
          parts.push(next.value);
          length += next.value.length;
          if (length > streamThreshold) {
            long = true;
            break;
          }
        }
      }
      // The parts go on one by one (joined, they would be held twice while the stream is read).
      if (long) yield* fromStream(prependParts(parts, chunks), wrapperKeys, streamThreshold);
      else yield* fromDocument(parts.join(""), wrapperKeys);
    }
  } finally {
    await chunks.return(undefined);
  }
}

/** Reads until the text holds `lines` complete non-blank lines or the input ends. */
async function peekLines(chunks: AsyncGenerator<string>, lines: number): Promise<{ head: string; done: boolean }> {
  // Each chunk is scanned once (a first line of 100 MB must not be rescanned per chunk).
  const parts: string[] = [];
  let length = 0;
  let count = 0;
  let lineHasText = false;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { head: parts.join(""), done: true };
    const text = next.value;
    parts.push(text);
    length += text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        if (lineHasText) count++;
        lineHasText = false;
        if (count >= lines) return { head: parts.join(""), done: false };
      } else if (!lineHasText && c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) lineHasText = true;
    }
    // A first line this long is decided on what has arrived: no newline yet means one record per line.
    if (length > PEEK_LIMIT) return { head: parts.join(""), done: false };
  }
}

const PEEK_LIMIT = 256 << 20;

/**
 * NDJSON when the first line is a whole JSON object or array on its own, or
 * (first line broken) the second is. A pretty-printed document's first lines
 * are `{` or `[` and `"key": ...` fragments, which never parse alone.
 */
function looksLikeNdjson(head: string): boolean {
  const lines: string[] = [];
  let start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lines.length < PEEK_LINES && start < head.length) {
    let end = head.indexOf("\n", start);
    if (end === -1) end = head.length;
    const line = head.slice(start, end).trim();
    if (line) lines.push(line);
    start = end + 1;
  }
  // The first line still arriving (longer than the peek): one record per line.
  if (lines.length === 1 && head.length > PEEK_LIMIT && head.indexOf("\n") === -1) return lines[0]!.startsWith("{") || lines[0]!.startsWith("[");
  const [first, second] = lines;
  if (first !== undefined && isContainerLine(first, true)) return true;
  // The first line is broken, or is a document's opening (`[`, or `{"fileVersion":...,"configurationItems":[`
  // with every record on the next line): NDJSON only if the second line is one whole value. It is
  // parsed even when long: judged by its ends, a document's `{...},{...}` looks like one object, and
  // JSON.parse stops at the first record's end there; a real long record is parsed twice, only here.
  return second !== undefined && isContainerLine(second, false);
}

/** Whether a line starts with `{` or `[` and is one whole object or array. */
function isContainerLine(line: string, longByEnds: boolean): boolean {
  if (!line.startsWith("{") && !line.startsWith("[")) return false;
  // A long first line is judged by its ends (parsing it here would double the import's work):
  // a pretty-printed document's first line is a lone "{" or "[" or a fragment ending in one.
  if (longByEnds && line.length > 1 << 20) return /[}\]]$/.test(line);
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object";
  } catch {
    return false;
  }
}

async function* prepend(head: string, rest: AsyncIterator<string> | undefined): AsyncGenerator<string> {
  if (head) yield head;
  if (!rest) return;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* prependParts(parts: string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield* parts.splice(0);
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* fromNdjson(stream: AsyncIterable<string>, wrapperKeys: readonly string[]): AsyncGenerator<ExportItem> {
  // One line of look-ahead: a broken *last* line is most likely where the file was cut.
  let pending: { line: number; error: string } | undefined;
  for await (const parsed of readNdjson(stream)) {
    if (pending) yield { problem: withoutQuotedInput(pending.error), position: `line ${pending.line}` };
    pending = undefined;
    if ("error" in parsed) {
      pending = parsed;
      continue;
    }
    yield* expand(parsed.value, `line ${parsed.line}`, wrapperKeys, ", ");
  }
  if (pending) yield { problem: `${withoutQuotedInput(pending.error)} (the input ends on this line: truncated?)`, position: `line ${pending.line}` };
}

/** A value that may hold records (a page) or be one record. */
function* expand(value: unknown, at: string, wrapperKeys: readonly string[], separator: string): Generator<ExportItem> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield { record: value[i], ref: `${at}${separator}record ${i}` };
    return;
  }
  if (isObject(value)) {
    for (const key of wrapperKeys) {
      if (!(key in value)) continue;
      let records = value[key];
      // Resource Graph's REST "table" result format: { columns: [{name, type}], rows: [[...]] }.
      if (isObject(records) && Array.isArray(records.columns) && Array.isArray(records.rows)) records = tableRows(records.columns, records.rows);
      if (!Array.isArray(records)) {
        yield { problem: `"${key}" must be an array of records (got ${typeName(records)})`, position: at };
        return;
      }
      for (let i = 0; i < records.length; i++) yield { record: records[i], ref: `${at}${separator}${key}[${i}]`, container: key };
      return;
    }
  }
  yield { record: value, ref: at };
}

function* fromDocument(text: string, wrapperKeys: readonly string[]): Generator<ExportItem> {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (!start) {
    yield { problem: "input is empty", position: "line 1" };
    return;
  }
  if (start[0] === "[") {
    yield* fromScan(scanJsonArray(text, []), (index, line) => `record ${index} (line ${line})`);
    return;
  }
  if (start[0] !== "{") {
    const line = text.slice(0, text.length - start.length).split("\n").length;
    yield { problem: `not JSON: the input starts with ${JSON.stringify(start[0])}`, position: `line ${line}`, notJson: true };
    return;
  }
  let firstScan: ScanResult | undefined;
  for (const key of wrapperKeys) {
    const scan = scanJsonArray(text, [key]);
    firstScan ??= scan;
    if (scan.found) {
      yield* fromScan(scan, (index, line) => `${key}[${index}] (line ${line})`, key);
      return;
    }
  }
  // No records array: the document may be one record (a single notification,
  // one `describe` result), or a page whose wrapper key is not an array.
  let value: unknown;
  try {
    value = parseLenient(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const scanProblem = firstScan?.problems[0];
    const specific = scanProblem && !scanProblem.message.startsWith("no ");
    yield specific
      ? { problem: scanProblem.message, position: `line ${scanProblem.line}` }
      : { problem: withoutQuotedInput(`invalid JSON: ${(error as Error).message}`), position: `line ${scanProblem?.line ?? 1}` };
    return;
  }
  yield* expand(value, "line 1", wrapperKeys, " ");
}

/**
 * A document too long to hold, read as it arrives: the records array is a
 * top-level array or the first wrapper key whose value is an array (in
 * document order). A page in Resource Graph's table format is not streamed.
 */
async function* fromStream(chunks: AsyncIterable<string>, wrapperKeys: readonly string[], threshold: number): AsyncGenerator<ExportItem> {
  let container: string | undefined;
  let found = false;
  const ref = (index: number, line: number) => (container ? `${container}[${index}] (line ${line})` : `record ${index} (line ${line})`);
  for await (const event of streamJsonRecords(chunks, (key) => wrapperKeys.includes(key))) {
    if (event.kind === "array") {
      found = true;
      container = event.key;
    } else if (event.kind === "element") yield { record: event.value, ref: ref(event.index, event.line), ...(container ? { container } : {}) };
    else if (event.kind === "element-error") yield { problem: withoutQuotedInput(event.error), position: ref(event.index, event.line) };
    else if (event.kind === "problem") yield { problem: event.message, position: `line ${event.line}`, ...(found ? {} : { notJson: true as const }) };
  }
  if (!found) {
    yield {
      problem: `no records array (${wrapperKeys.map((k) => `"${k}"`).join(", ")}, or a top-level array) in a document of more than ${Math.round(threshold / 2 ** 20)} MiB, which is read record by record; split it into NDJSON (\`jq -c '.<key>[]'\`) and import that`,
      position: "file",
      fatal: true,
    };
  }
}

function* fromScan(scan: ScanResult, ref: (index: number, line: number) => string, container?: string): Generator<ExportItem> {
  for (const element of scan.elements) {
    if ("error" in element) yield { problem: withoutQuotedInput(element.error), position: ref(element.index, element.line) };
    else yield { record: element.value, ref: ref(element.index, element.line), ...(container ? { container } : {}) };
  }
  for (const problem of scan.problems) yield { problem: problem.message, position: `line ${problem.line}` };
}

/**
 * V8's JSON.parse errors quote the text around the fault (`Unexpected token
 * 'h', ..."assword": hunter2"... is not valid JSON`), which may be a secret:
 * problems keep the reason and drop the quote.
 */
export function withoutQuotedInput(message: string): string {
  return message.replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON/, " (not valid JSON)");
}

/** Rows of a table result as objects keyed by column name (a row that is not a list stays as it is, to be reported). */
function tableRows(columns: unknown[], rows: unknown[]): unknown[] {
  const names = columns.map((column, i) => (isObject(column) && typeof column.name === "string" ? column.name : `column${i}`));
  return rows.map((row) => {
    if (!Array.isArray(row)) return row;
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (i < row.length) record[name] = row[i];
    });
    return record;
  });
}
