import type { Resource } from "../../../types.js";
import type { ImportOptions, ImportProblem } from "../../importer.js";
import { inputName, type InputSource } from "../../input.js";
import { readExportRecords } from "./records.js";
import { redactResource, redactText } from "../../redact.js";

/**
 * A format's convert whose resources leave through the four redaction layers
 * (redactResource). Every format wraps its convert in it, so whoever reuses a
 * convert (a live adapter normalizing API records) gets redacted output too.
 */
export function redacting(convert: ExportFormat["convert"]): ExportFormat["convert"] {
  return (record, context) => {
    const result = convert(record, context);
    return "resource" in result ? { ...result, resource: redactResource(result.resource) } : result;
  };
}
import { recordError } from "../../record-error.js";

/** What one record became. */
export type Conversion =
  /** A resource, possibly with notes on fields that were ignored. */
  | { resource: Resource; problems?: string[] }
  /** Deliberately not imported (a deleted resource): counted, not a problem. */
  | { skip: string }
  /** Not understood. `foreign`: the record is not of this format at all (wrong export?). */
  | { problem: string; foreign?: boolean };

export interface ConvertContext {
  /** The input's name for `source.file`. */
  file: string;
  /** The record's position for `source.ref`. */
  ref: string;
  /** The wrapper key the record was listed under, when there was one (tells variants apart). */
  container?: string;
  now: () => Date;
}

/** One export format: how to find its records and turn each into a Resource. */
export interface ExportFormat {
  /** For the "wrong input" problem: "an AWS Config export". */
  description: string;
  /** Keys of a wrapping object that hold the records array, in order of preference. */
  wrapperKeys: readonly string[];
  convert(record: unknown, context: ConvertContext): Conversion;
}

/** Returned when the import finishes (the generator's return value). */
export interface ImportSummary {
  imported: number;
  /** Deliberately skipped records by reason (e.g. ResourceDeleted: 3). */
  skipped: Record<string, number>;
  problems: number;
}

// How many leading records may fail to look like this format before the
// input is judged to be the wrong export (one problem, not thousands).
const FOREIGN_LIMIT = 5;

/**
 * Runs one export format over an input: streams resources, reports each bad
 * record with its position and goes on. When the first records are not of the
 * format at all, reports one clear problem instead of one per record.
 */
export async function* importExport(input: InputSource, options: ImportOptions, format: ExportFormat): AsyncGenerator<Resource, ImportSummary> {
  const file = inputName(input);
  const onProblem = options.onProblem ?? (() => {});
  const now = options.now ?? (() => new Date());
  const summary: ImportSummary = { imported: 0, skipped: {}, problems: 0 };
  const report = (position: string, message: string) => {
    summary.problems++;
    // Problems never quote values, but a format's message might name one: layer (d) once more.
    onProblem({ source: file, position, message: redactText(message) } satisfies ImportProblem);
  };
  // Foreign records seen before anything imported: held back until we know
  // whether the whole input is foreign (one problem) or just these records.
  let held: { position: string; message: string }[] = [];

  for await (const item of readExportRecords(input, format.wrapperKeys, options.stdin, options.streamThreshold)) {
    if ("problem" in item) {
      report(item.position, item.notJson ? `${item.problem}; expected ${format.description}` : item.problem);
      if (item.notJson || item.fatal) return summary;
      continue;
    }
    let result: Conversion;
    try {
      // Each format's convert redacts (see `redacting`): adapters reuse convert and must get the same output.
      result = format.convert(item.record, { file, ref: item.ref, now, ...(item.container ? { container: item.container } : {}) });
    } catch (error) {
      // One record that cannot be converted (nested too deep, say) is reported; the others import.
      result = { problem: recordError(error) };
    }
    if ("resource" in result) {
      for (const problem of held) report(problem.position, problem.message);
      held = [];
      summary.imported++;
      for (const message of result.problems ?? []) report(item.ref, message);
      yield result.resource;
    } else if ("skip" in result) {
      summary.skipped[result.skip] = (summary.skipped[result.skip] ?? 0) + 1;
    } else if (result.foreign && summary.imported === 0) {
      held.push({ position: item.ref, message: result.problem });
      if (held.length >= FOREIGN_LIMIT) {
        report(held[0]!.position, notThisFormat(format, held));
        return summary;
      }
    } else {
      report(item.ref, result.problem);
    }
  }
  if (held.length) report(held[0]!.position, notThisFormat(format, held));
  return summary;
}

function notThisFormat(format: ExportFormat, held: readonly { message: string }[]): string {
  const more = held.length > 1 ? ` (and the next ${held.length - 1} record(s) likewise)` : "";
  return `this does not look like ${format.description}: ${held[0]!.message}${more}; nothing was imported`;
}
