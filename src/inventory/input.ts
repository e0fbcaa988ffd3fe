import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { decodeBuffer, SniffingDecoder } from "./encoding.js";
import type { Readable } from "node:stream";

/**
 * Where an importer reads from: a file path, `-` for stdin, a readable stream,
 * or text already in memory. Importers accept all of them.
 */
export type InputSource = string | { stream: Readable; name?: string } | { text: string; name?: string };

/** The name used in problems: the file path, "-" for stdin, or the caller's label. */
export function inputName(input: InputSource): string {
  if (typeof input === "string") return input;
  return input.name ?? ("stream" in input ? "-" : "<input>");
}

/** A readable stream over the input (stdin for "-"). */
export function openStream(input: InputSource, stdin: Readable = process.stdin, highWaterMark = 1 << 20): Readable | string {
  // 1 MiB reads by default: fewer round trips through the event loop on large exports.
  if (typeof input === "string") return input === "-" ? stdin : createReadStream(input, { highWaterMark });
  if ("stream" in input) return input.stream;
  return input.text;
}

/** The whole input as text, for formats that are one JSON document. */
export async function readAllText(input: InputSource, stdin: Readable = process.stdin): Promise<string> {
  if (typeof input === "object" && "text" in input) return input.text;
  if (typeof input === "string" && input !== "-") {
    const { size } = await stat(input);
    // V8 strings stop at 2^29 - 24 characters (about 512 MiB): say so instead of failing with no reason.
    if (size > MAX_DOCUMENT_BYTES) throw new DocumentTooLargeError(size);
    return decodeBuffer(await readFile(input));
  }
  const stream = typeof input === "string" ? stdin : input.stream;
  // Bytes in, decoded by BOM (UTF-8, or UTF-16 from PowerShell); a stream that already gives strings passes through.
  const decoder = new SniffingDecoder();
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array);
    length += text.length;
    if (length > MAX_DOCUMENT_CHARS) throw new DocumentTooLargeError(length);
    parts.push(text);
  }
  parts.push(decoder.end());
  return parts.join("");
}

/** Longest string V8 can hold, in UTF-16 code units (2^29 - 24). */
export const MAX_DOCUMENT_CHARS = 2 ** 29 - 24;
const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_CHARS;

/** A single-document export too large for one JavaScript string. */
export class DocumentTooLargeError extends Error {
  readonly code = "EDOCUMENTTOOLARGE";
  constructor(readonly size: number) {
    super(
      `the document is ${Math.round(size / 2 ** 20)} MiB, more than the ${Math.floor(MAX_DOCUMENT_CHARS / 2 ** 20)} MiB a single JSON document can be read as; ` +
        "split it into smaller documents (or, for an export with a records array, into NDJSON: `jq -c '.configurationItems[]'`) and import those",
    );
    this.name = "DocumentTooLargeError";
  }
}
