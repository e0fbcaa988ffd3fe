import type { Readable } from "node:stream";
import type { Resource } from "../types.js";
import { checkResource } from "./check-resource.js";
import type { ImportOptions } from "./importer.js";
import { inputName, type InputSource } from "./input.js";
import { jsonErrorMessage } from "./json-error.js";
import { lineTooLongMessage, readLines } from "./ndjson.js";
import { nestedTooDeep } from "./nesting.js";
import { MAX_NESTING } from "./redact.js";

/**
 * Reads normalized resources from NDJSON (the output of `cloud-srm inventory
 * import` or an adapter), streaming. A line that is not valid JSON or not a
 * valid resource is reported with its line number and skipped.
 */
export async function* readResources(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource> {
  const name = inputName(input);
  const source: InputSource | Readable = input === "-" ? (options.stdin ?? process.stdin) : input;
  // One generator over the lines (not readNdjson on top of readLines): this
  // loop runs once per record on million-record inputs.
  for await (const { line, text, tooLong } of readLines(source)) {
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
    yield value as Resource;
  }
}
