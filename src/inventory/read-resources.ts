import type { Readable } from "node:stream";
import type { Resource } from "../types.js";
import { checkResource } from "./check-resource.js";
import type { ImportOptions } from "./importer.js";
import { inputName, type InputSource } from "./input.js";
import { jsonErrorMessage } from "./json-error.js";
import { lineTooLongMessage, readLineBatches } from "./ndjson.js";
import { nestedTooDeep } from "./nesting.js";
import { MAX_NESTING, NestingTooDeepError, redactResource } from "./redact.js";

/**
 * Why a first line says the whole input is not resource NDJSON, or undefined.
 * A line that is only `{` or `[` opens a multi-line JSON document (a
 * Terraform state, an export, a report), and `<` opens HTML or XML; neither
 * can be a record, and every line after would be rejected too.
 */
function notNdjson(firstLine: string): string | undefined {
  const start = firstLine.trim();
  const hint = "give an export with --import <kind>=FILE, or convert it first with cloud-srm inventory import <kind>; nothing was read";
  if (start === "{" || start === "[") return `this is a multi-line JSON document, not NDJSON of cloud-srm resources (one per line): ${hint}`;
  if (start.startsWith("<")) return `this is not JSON (it looks like HTML or XML), not NDJSON of cloud-srm resources: ${hint}`;
  return undefined;
}

/**
 * Reads normalized resources from NDJSON (the output of `cloud-srm inventory
 * import` or an adapter), streaming. A line that is not valid JSON or not a
 * valid resource is reported with its line number and skipped.
 *
 * Every resource goes through the same four redaction layers as the
 * importers (redactResource): an NDJSON file may be hand-made, written by an
 * older version, or by another tool, so what it holds is not trusted to be
 * clean. On clean input this changes nothing.
 */
export async function* readResources(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource> {
  for await (const batch of readResourceBatches(input, options)) yield* batch;
}

/**
 * The same resources as readResources, one array per chunk of input read: a
 * consumer that handles a batch synchronously (the NDJSON join) pays one await
 * per chunk rather than one per record.
 */
export async function* readResourceBatches(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource[]> {
  const name = inputName(input);
  const source: InputSource | Readable = input === "-" ? (options.stdin ?? process.stdin) : input;
  let first = true;
  for await (const lines of readLineBatches(source)) {
    const batch: Resource[] = [];
    for (const { line, text, tooLong } of lines) {
      if (first && tooLong === undefined && text.trim() !== "") {
        first = false;
        // The wrong kind of input (issue 11): an export or a pretty-printed document given as
        // --inventory would otherwise give one error per line (hundreds) and nothing else.
        const wrongKind = notNdjson(text);
        if (wrongKind) {
          options.onProblem?.({ source: name, position: `line ${line}`, message: wrongKind });
          return;
        }
      }
      if (tooLong !== undefined) {
        options.onProblem?.({ source: name, position: `line ${line}`, message: lineTooLongMessage(tooLong) });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        options.onProblem?.({ source: name, position: `line ${line}`, message: jsonErrorMessage(error) });
        continue;
      }
      const problem = checkResource(value);
      if (problem) {
        options.onProblem?.({ source: name, position: `line ${line}`, message: `not a cloud-srm resource: ${problem}` });
        continue;
      }
      if (nestedTooDeep(value)) {
        options.onProblem?.({ source: name, position: `line ${line}`, message: `nested more than ${MAX_NESTING} levels deep; record not imported` });
        continue;
      }
      let resource: Resource;
      try {
        resource = redactResource(value as Resource);
      } catch (error) {
        if (!(error instanceof NestingTooDeepError)) throw error;
        options.onProblem?.({ source: name, position: `line ${line}`, message: error.message });
        continue;
      }
      batch.push(resource);
    }
    if (batch.length) yield batch;
  }
}
