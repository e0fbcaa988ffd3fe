/**
 * Small readers for loosely typed export records. Each wrong-typed field is
 * noted as a problem naming the field and the type found, never the value
 * (values may be secrets).
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** "string", "number", "array", "null"... for messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** Reads fields of one record, collecting type problems instead of throwing. */
export class FieldReader {
  readonly problems: string[] = [];
  constructor(readonly record: JsonObject) {}

  /** The first of `keys` that holds a non-empty string. */
  text(...keys: string[]): string | undefined {
    return this.#first(keys, false);
  }

  /** Like `text`, but a number is accepted too: account ids are sometimes written as numbers. */
  id(...keys: string[]): string | undefined {
    return this.#first(keys, true);
  }

  #first(keys: readonly string[], numbers: boolean): string | undefined {
    for (const key of keys) {
      const value = this.record[key];
      if (value === undefined || value === null || value === "") continue;
      if (typeof value === "string") return value.trim() || undefined;
      if (numbers && typeof value === "number" && Number.isSafeInteger(value)) return String(value);
      this.problems.push(`${key} must be a string (got ${typeName(value)})`);
    }
    return undefined;
  }

  /** The first of `keys` present, whatever its type. */
  raw(...keys: string[]): unknown {
    for (const key of keys) if (this.record[key] !== undefined && this.record[key] !== null) return this.record[key];
    return undefined;
  }

  /** A map field; anything else present is noted and ignored. */
  object(key: string): JsonObject | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (isObject(value)) return value;
    this.problems.push(`${key} must be an object (got ${typeName(value)}); ignored`);
    return undefined;
  }

  /** Tags in any shape normalizeTags accepts; a scalar is noted and ignored. */
  tags(key: string): unknown {
    const value = this.record[key];
    if (value === undefined || value === null || typeof value === "object") return value;
    this.problems.push(`${key} must be a map or a list of {Key, Value} (got ${typeName(value)}); ignored`);
    return undefined;
  }
}

/** JSON carried as a string (AWS CLI forms of Config items); undefined when it does not parse. */
export function parseJsonText(value: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(value) };
  } catch {
    return undefined;
  }
}

/**
 * ISO 8601 for a timestamp as exports write it: ISO strings with any offset
 * or precision, or epoch seconds / milliseconds (AWS CLI with
 * cli_timestamp_format=none). Undefined when it is not a time.
 */
export function toIsoTime(value: unknown): string | undefined {
  // Already in the form toISOString writes, with fields every month has (day up to 28): the same string back,
  // without a Date (most exports write their times so; the general path below gives the identical result).
  if (typeof value === "string" && value.length === 24 && CANONICAL_ISO.test(value)) return value;
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === "string" && value.trim()) ms = Date.parse(value);
  else return undefined;
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

const CANONICAL_ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

let lastNow: { time: number; iso: string } = { time: Number.NaN, iso: "" };

/**
 * `context.now()` as ISO 8601, written once per millisecond rather than once
 * per record (the same string either way: toISOString has millisecond precision).
 */
export function isoNow(context: { now: () => Date }): string {
  const time = context.now().getTime();
  if (time !== lastNow.time) lastNow = { time, iso: new Date(time).toISOString() };
  return lastNow.iso;
}

/** createdAt as ISO when it is a time, else the source's own string. */
export function creationTime(value: unknown): string | undefined {
  return toIsoTime(value) ?? (typeof value === "string" && value.trim() ? value : undefined);
}
