import type { FindingKind } from "./tools.js";

/** A tool's verdict, normalized: pass / fail / manual (a person must look) / not-applicable. */
export type FindingVerdict = "pass" | "fail" | "manual" | "not-applicable";

/**
 * One finding from a scanner or policy engine, normalized. Keys say how it
 * joins to the inventory: the tool's resource id (ARN, ARM id, full resource
 * name), an AWS Config type + id, or a Terraform address.
 */
export interface Finding {
  kind: FindingKind;
  /** The tool's check id (S3.1, s3_bucket_public_access, CKV_AWS_20, AWS-0086, a policy definition name...). */
  check: string;
  verdict: FindingVerdict;
  /** Lower-cased join keys, most specific first (see keys.ts). */
  keys: string[];
  /** The resource as the tool names it, for people (unmatched findings list it). */
  resource: string;
  title?: string;
  /** When the tool observed it (ISO 8601). */
  observedAt?: string;
  /** Muted or suppressed in the tool: still shown, marked. */
  muted?: boolean;
  /** Where in the input: file and record position. */
  file: string;
  position: string;
}

/** A record a parser could not read: skipped and reported. */
export interface FindingProblem {
  file: string;
  position: string;
  message: string;
}

export interface ParsedFindings {
  findings: Finding[];
  problems: FindingProblem[];
  /** Records read but not findings about a resource (archived, inactive, vulnerabilities...). */
  skipped: number;
}

/** A parser: the decoded document (JSON value, or CSV text) and the file name, to findings. */
export type FindingParser = (input: unknown, file: string) => ParsedFindings;

/**
 * Where a record parser puts what it reads: the index as a file streams in
 * (one record at a time, nothing kept but what the join needs), or a list.
 */
export interface FindingSink {
  finding(finding: Finding): void;
  problem(problem: FindingProblem): void;
  /** A record read that is not a finding about a resource (archived, inactive, not a control check...). */
  skip(): void;
}

/** Reads one record of a findings file (`position` says where it is, for problems and listings). */
export type RecordParser = (record: unknown, position: string, file: string, sink: FindingSink) => void;

/**
 * A findings format whose records are the elements of one list: a top-level
 * array or the array under one of `keys`. Such files are read record by
 * record (read.ts), however large; the whole-document parser is the same
 * per-record code over a parsed document.
 */
export interface RecordFormat {
  keys: readonly string[];
  /** The position of record `index` in the list found under `container` (undefined: a top-level array). */
  position(container: string | undefined, index: number): string;
  /** The problem when the document has no such list. */
  notThisKind: string;
  record: RecordParser;
}

/** A sink that collects into a ParsedFindings (tests, the library's whole-document path). */
export function collector(): { parsed: ParsedFindings; sink: FindingSink } {
  const parsed: ParsedFindings = { findings: [], problems: [], skipped: 0 };
  return {
    parsed,
    sink: {
      finding: (f) => void parsed.findings.push(f),
      problem: (p) => void parsed.problems.push(p),
      skip: () => void parsed.skipped++,
    },
  };
}

/** The whole-document parser of a record format: find the list, then each record through the format's own parser. */
export function wholeDocument(format: RecordFormat): FindingParser {
  return (input, file) => {
    const { parsed, sink } = collector();
    let container: string | undefined;
    let records: unknown[] | undefined;
    if (Array.isArray(input)) records = input;
    else if (isRecord(input)) {
      container = format.keys.find((key) => Array.isArray(input[key]));
      if (container) records = input[container] as unknown[];
    }
    if (!records) return { ...parsed, problems: [{ file, position: "$", message: format.notThisKind }] };
    records.forEach((record, i) => format.record(record, format.position(container, i), file, sink));
    return parsed;
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Reads a dotted path. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** An ISO time from the forms tools write (ISO strings, "2023-06-30 10:28:55.29", epoch ms/s). */
export function isoTime(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value > 1e12 ? value : value * 1000).toISOString();
  const text = str(value);
  if (!text) return undefined;
  // One scan run stamps many findings with the same time: the last answer is kept.
  if (text === lastTime.text) return lastTime.iso;
  const date = new Date(/^\d{4}-\d\d-\d\d \d/.test(text) && !/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? `${text.replace(" ", "T")}Z` : text);
  const iso = Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  lastTime.text = text;
  lastTime.iso = iso;
  return iso;
}

const lastTime: { text: string | undefined; iso: string | undefined } = { text: undefined, iso: undefined };
