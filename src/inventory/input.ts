import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
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
  if (typeof input === "string" && input !== "-") return readFile(input, "utf8");
  if (typeof input === "object" && "text" in input) return input.text;
  const stream = typeof input === "string" ? stdin : input.stream;
  stream.setEncoding("utf8");
  let text = "";
  for await (const chunk of stream) text += chunk as string;
  return text;
}
