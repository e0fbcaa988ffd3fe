import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { CloudSrmError } from "../../errors.js";
import { SniffingDecoder } from "../../inventory/encoding.js";
import { streamJsonRecords } from "../../inventory/json-stream.js";
import { readLines } from "../../inventory/ndjson.js";
import { withoutQuotedInput } from "../../inventory/importers/cloud-export/records.js";
import type { FindingSink, ParsedFindings, RecordFormat } from "./finding.js";
import { PARSERS, RECORD_FORMATS } from "./parsers/index.js";
import { parseDelimited, PROWLER_CSV_HEADER, prowlerCsvColumns, prowlerCsvRow } from "./parsers/prowler.js";
import type { FindingKind } from "./tools.js";

/**
 * Reads one findings file of a kind into `sink`, record by record: a list
 * of records (every JSON kind but Checkov and Trivy) is streamed, one
 * element parsed at a time, and Prowler CSV row by row, so a file of
 * millions of findings (gigabytes, past the largest string V8 can hold) is
 * never held whole. Checkov and Trivy nest their checks and are read whole.
 * A file that is not what the kind expects fails with its name; records that
 * cannot be read are problems, the rest are kept.
 */
export async function streamFindingsFile(kind: FindingKind, file: string, sink: FindingSink): Promise<void> {
  const format = RECORD_FORMATS[kind];
  if (format) return streamRecords(kind, format, file, sink);
  if (kind === "prowler-csv") return streamProwlerCsv(file, sink);
  const parsed = await readFindingsFile(kind, file);
  for (const f of parsed.findings) sink.finding(f);
  for (const p of parsed.problems) sink.problem(p);
  for (let i = 0; i < parsed.skipped; i++) sink.skip();
}

/** Reads one findings file of a kind whole (the library's path for small files; tests). */
export async function readFindingsFile(kind: FindingKind, file: string): Promise<ParsedFindings> {
  const text = await readFile(file, "utf8");
  return parseFindings(kind, text, file);
}

/** Parses findings already in memory (text as read from the file). */
export function parseFindings(kind: FindingKind, text: string, file: string): ParsedFindings {
  let input: unknown = text;
  if (kind !== "prowler-csv") {
    try {
      input = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw notJson(kind, file, (error as Error).message, error);
    }
  }
  const parsed = PARSERS[kind](input, file);
  const whole = parsed.problems.find((p) => p.position === "$" || (p.position === "line 1" && parsed.findings.length === 0));
  if (whole && parsed.findings.length === 0) throw new CloudSrmError("FINDINGS_WRONG_KIND", `${file}: ${whole.message}`);
  return parsed;
}

function notJson(kind: FindingKind, file: string, message: string, cause?: unknown): CloudSrmError {
  return new CloudSrmError("FINDINGS_NOT_JSON", `${file}: not JSON (${kind} findings are JSON): ${withoutQuotedInput(message)}`, cause ? { cause } : undefined);
}

/**
 * The file's text in 64 KiB pieces. UTF-8 (with or without BOM) is decoded
 * by Node's StringDecoder, about twice as fast as TextDecoder on these files
 * (measured: 320 vs 730 CPU ms for 219 MiB; 1 MiB reads were slower with
 * either); UTF-16 with a BOM (PowerShell's `>`) by the sniffing decoder.
 */
async function* textChunks(file: string): AsyncGenerator<string> {
  let decoder: { write(chunk: Buffer): string; end(): string } | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    decoder ??= isUtf16Bom(chunk) ? sniffing() : new StringDecoder("utf8");
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder?.end();
  if (rest) yield rest;
}

function isUtf16Bom(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

function sniffing(): { write(chunk: Buffer): string; end(): string } {
  const decoder = new SniffingDecoder();
  return { write: (chunk) => decoder.decode(chunk), end: () => decoder.end() };
}

async function streamRecords(kind: FindingKind, format: RecordFormat, file: string, sink: FindingSink): Promise<void> {
  let container: string | undefined;
  let found = false;
  for await (const event of streamJsonRecords(textChunks(file), (key) => format.keys.includes(key))) {
    if (event.kind === "array") {
      found = true;
      container = event.key;
    } else if (event.kind === "element") format.record(event.value, format.position(container, event.index), file, sink);
    else if (event.kind === "element-error") sink.problem({ file, position: format.position(container, event.index), message: withoutQuotedInput(event.error) });
    else if (event.kind === "problem") {
      // Before the records list, a problem means the file is not JSON (or not this kind); after it, a record or the end is broken.
      if (!found) throw notJson(kind, file, `${event.message} (line ${event.line})`);
      sink.problem({ file, position: `line ${event.line}`, message: event.message });
    }
  }
  if (!found) throw new CloudSrmError("FINDINGS_WRONG_KIND", `${file}: ${format.notThisKind}`);
}

/** Prowler CSV row by row; a quoted field may hold newlines, so a row ends where its quotes balance. */
async function streamProwlerCsv(file: string, sink: FindingSink): Promise<void> {
  let columns: ReturnType<typeof prowlerCsvColumns> | undefined;
  let pending = "";
  let pendingLine = 0;
  for await (const { line, text, tooLong } of readLines(file)) {
    if (tooLong) {
      sink.problem({ file, position: `line ${line}`, message: `the line is ${tooLong} characters, longer than a string can hold` });
      continue;
    }
    if (!pending) pendingLine = line;
    const row = pending ? `${pending}\n${text}` : text;
    if (quoteCount(row) % 2 === 1) {
      pending = row;
      continue;
    }
    pending = "";
    const fields = parseDelimited(row, ";")[0] ?? [];
    if (!columns) {
      columns = prowlerCsvColumns(fields);
      if (!columns) throw new CloudSrmError("FINDINGS_WRONG_KIND", `${file}: ${PROWLER_CSV_HEADER}`);
      continue;
    }
    prowlerCsvRow(fields, columns, `line ${pendingLine}`, file, sink);
  }
  if (pending) sink.problem({ file, position: `line ${pendingLine}`, message: "the file ends inside a quoted field (truncated?)" });
  if (!columns) throw new CloudSrmError("FINDINGS_WRONG_KIND", `${file}: ${PROWLER_CSV_HEADER}`);
}

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}
