/**
 * Finds the records array inside one JSON document (a Terraform state's
 * `resources`, a Config snapshot's `configurationItems`, a top-level array...)
 * and yields its elements one by one with their line numbers.
 *
 * Why not JSON.parse the whole file: a truncated or partly broken export would
 * then lose every record. Scanning element boundaries first lets a bad record
 * be reported with its position while the others still import, and a
 * truncated file yields every complete record before the cut.
 */

import { jsonErrorMessage } from "./json-error.js";

/** One element of the records array: its index, the line it starts on, and its value or why it failed. */
export type JsonElement = { index: number; line: number; value: unknown } | { index: number; line: number; error: string };

/** A problem with the document itself (not one record): no records array, truncation, trailing garbage. */
export interface JsonDocumentProblem {
  line: number;
  message: string;
}

export interface ScanResult {
  elements: JsonElement[];
  problems: JsonDocumentProblem[];
  /** Whether the array at `path` was found at all. */
  found: boolean;
}

/**
 * The elements of the array at `path` (keys from the top-level object; `[]`
 * for a top-level array). Everything is collected eagerly: these formats are
 * single documents that are already in memory.
 */
export function scanJsonArray(text: string, path: readonly string[]): ScanResult {
  const scanner = new Scanner(text);
  const result: ScanResult = { elements: [], problems: [], found: false };
  const start = scanner.skipWs(text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const arrayStart = scanner.findArray(start, path);
  if (arrayStart === undefined) {
    result.problems.push({ line: scanner.lineAt(Math.min(scanner.stoppedAt, text.length)), message: scanner.failure ?? `no "${path.join(".") || "[ ]"}" array found` });
    return result;
  }
  result.found = true;
  let i = arrayStart + 1;
  let index = 0;
  for (;;) {
    i = scanner.skipWs(i);
    if (i >= text.length) {
      result.problems.push({ line: scanner.lineAt(text.length), message: `input ends inside the records array after ${index} record(s) (truncated?)` });
      return result;
    }
    const c = text[i];
    if (c === "]") break;
    if (c === ",") {
      i++;
      continue;
    }
    const end = scanner.skipValue(i);
    const line = scanner.lineAt(i);
    if (end === i) {
      // A character that cannot start a value ('}' or ':' left by a broken record): reported and
      // stepped over, or the scan would stand still on it forever.
      result.elements.push({ index, line, error: `invalid JSON: unexpected ${JSON.stringify(c)} in the records array` });
      index++;
      i++;
      continue;
    }
    if (end === -1) {
      result.problems.push({ line, message: `record ${index} is cut off: input ends before it closes (truncated?)` });
      return result;
    }
    try {
      result.elements.push({ index, line, value: parseLenient(text.slice(i, end)) });
    } catch (error) {
      result.elements.push({ index, line, error: jsonErrorMessage(error) });
    }
    index++;
    i = end;
  }
  return result;
}

class Scanner {
  failure: string | undefined;
  stoppedAt = 0;
  #lineOffset = 0;
  #line = 1;
  constructor(private readonly text: string) {}

  /** 1-based line of an offset; offsets must not go backwards much (counting is incremental). */
  lineAt(offset: number): number {
    if (offset < this.#lineOffset) {
      this.#lineOffset = 0;
      this.#line = 1;
    }
    for (let i = this.#lineOffset; i < offset; i++) if (this.text.charCodeAt(i) === 10) this.#line++;
    this.#lineOffset = offset;
    return this.#line;
  }

  skipWs(i: number): number {
    return skipJsonWhitespace(this.text, i);
  }

  skipString(i: number): number {
    return skipJsonString(this.text, i);
  }

  skipValue(i: number): number {
    return skipJsonValue(this.text, i);
  }

  /** Offset of the '[' of the array at `path`, walking only the objects on the way. */
  findArray(i: number, path: readonly string[]): number | undefined {
    const t = this.text;
    if (path.length === 0) {
      if (t[i] === "[") return i;
      this.stoppedAt = i;
      this.failure = i >= t.length ? "input is empty" : "expected a JSON array of records";
      return undefined;
    }
    if (t[i] !== "{") {
      this.stoppedAt = i;
      this.failure = i >= t.length ? "input is empty" : `expected a JSON object with "${path.join(".")}"`;
      return undefined;
    }
    let j = i + 1;
    for (;;) {
      j = this.skipWs(j);
      if (t[j] === ",") {
        j++;
        continue;
      }
      if (t[j] === "}" || j >= t.length) {
        this.stoppedAt = j;
        return undefined;
      }
      if (t[j] !== '"') {
        this.stoppedAt = j;
        this.failure = "invalid JSON: expected a key";
        return undefined;
      }
      const keyEnd = this.skipString(j);
      if (keyEnd === -1) return undefined;
      let key: string;
      try {
        key = parseLenient(t.slice(j, keyEnd)) as string;
      } catch {
        this.stoppedAt = j;
        this.failure = "invalid JSON: a member name is not a valid string";
        return undefined;
      }
      j = this.skipWs(keyEnd);
      if (t[j] !== ":") {
        this.stoppedAt = j;
        this.failure = "invalid JSON: expected ':'";
        return undefined;
      }
      j = this.skipWs(j + 1);
      if (key === path[0]) return this.findArray(j, path.slice(1));
      const end = this.skipValue(j);
      if (end === -1) {
        this.stoppedAt = t.length;
        this.failure = "input ends before the records array (truncated?)";
        return undefined;
      }
      j = end;
    }
  }
}

/** Offset of the first non-whitespace character at or after i. */
export function skipJsonWhitespace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  return i;
}

/** Offset just after the string whose opening quote is at i, or -1 when the text ends first. */
export function skipJsonString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k > i && text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

/**
 * Offset just after the JSON value starting at i (brackets balanced, not
 * validated), or -1 when a string, object or array is still open at the end
 * of the text. A bare value (number, literal) runs to the next delimiter or
 * the end of the text.
 */
export function skipJsonValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipJsonString(text, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const ch = text.charCodeAt(j);
      if (ch === 34) {
        j = skipJsonString(text, j);
        if (j === -1) return -1;
        continue;
      }
      if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = i;
  while (j < text.length && !/[\s,\]}]/.test(text[j]!)) j++;
  return j;
}

/**
 * JSON.parse, and when it fails on a raw control character inside a string
 * (exports written by hand-rolled serializers carry raw newlines and tabs in
 * values: AWS Config's example SSM inventory item does), once more with those
 * characters escaped. Anything else still fails.
 */
export function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/Bad control character/i.test((error as Error).message)) throw error;
    return JSON.parse(escapeControlCharactersInStrings(text));
  }
}

/** Escapes U+0000..U+001F inside JSON strings (outside them they are whitespace or errors, left as they are). */
export function escapeControlCharactersInStrings(text: string): string {
  const out: string[] = [];
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      else if (c < 32) {
        out.push(text.slice(from, i), `\\u${c.toString(16).padStart(4, "0")}`);
        from = i + 1;
      }
    } else if (c === 34) inString = true;
  }
  out.push(text.slice(from));
  return out.join("");
}
