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

/** A list of records from a document that is a list, or an object holding the list under one of `keys`. */
export function recordsOf(input: unknown, keys: readonly string[]): unknown[] | undefined {
  if (Array.isArray(input)) return input;
  if (isRecord(input)) for (const key of keys) if (Array.isArray(input[key])) return input[key] as unknown[];
  return undefined;
}

/** An ISO time from the forms tools write (ISO strings, "2023-06-30 10:28:55.29", epoch ms/s). */
export function isoTime(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value > 1e12 ? value : value * 1000).toISOString();
  const text = str(value);
  if (!text) return undefined;
  const date = new Date(/^\d{4}-\d\d-\d\d \d/.test(text) && !/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? `${text.replace(" ", "T")}Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
