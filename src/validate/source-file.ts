import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Problem } from "../errors.js";

export type PathSegment = string | number;

/** A parsed YAML (or JSON) file that can say where any path inside it is. */
export interface SourceFile {
  /** The file name used in problems. */
  file: string;
  /** The parsed value (undefined when the file could not be parsed). */
  value: unknown;
  /** Syntax problems (duplicate keys, bad indentation, ...). */
  problems: Problem[];
  /**
   * Line and column of the node at `path`, or of its deepest existing ancestor
   * when the path does not exist (a missing field is reported where it belongs).
   * With `key`, the position of the mapping key rather than its value.
   */
  locate(path: readonly PathSegment[], options?: { key?: boolean }): { line: number; column: number };
  /** A problem located at `path`. */
  problemAt(path: readonly PathSegment[], message: string, options?: { key?: boolean }): Problem;
}

/** Shows paths relative to the working directory when they are inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

export async function readSourceFile(file: string): Promise<SourceFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String((error as Error).message);
    return brokenFile(displayPath(file), reason);
  }
  return parseSourceText(displayPath(file), text);
}

function brokenFile(file: string, message: string): SourceFile {
  const problem: Problem = { file, message };
  return {
    file,
    value: undefined,
    problems: [problem],
    locate: () => ({ line: 1, column: 1 }),
    problemAt: (path, msg) => ({ file, line: 1, column: 1, path: formatPath(path), message: msg }),
  };
}

export function parseSourceText(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) turns a repeated key, a classic copy-paste slip in
  // hand-edited catalogs, into an error instead of a silent last-one-wins.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0];
    return {
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      message: `YAML syntax: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
    };
  });
  const value = problems.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;

  const locate = (path: readonly PathSegment[], options?: { key?: boolean }) => {
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair && isPair(pair)) {
          if (last && options?.key) next = pair.key;
          else next = pair.value ?? pair.key;
        }
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment];
      }
      const start = rangeStart(next);
      if (start === undefined) break;
      node = next;
      offset = start;
    }
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  return {
    file,
    value,
    problems,
    locate,
    problemAt: (path, message, options) => ({ file, ...locate(path, options), path: formatPath(path), message }),
  };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

/** `cells.data.encryption-at-rest.owner`, `services[2].id` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/** A stand-in for data handed over as an object: problems carry the path but no line. */
export function virtualSource(label: string, value: unknown): SourceFile {
  return {
    file: label,
    value,
    problems: [],
    locate: () => ({ line: 0, column: 0 }),
    problemAt: (path, message) => ({ file: label, path: formatPath(path), message }),
  };
}
