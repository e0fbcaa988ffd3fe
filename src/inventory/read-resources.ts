import type { Readable } from "node:stream";
import type { Resource } from "../types.js";
import { checkResource } from "./check-resource.js";
import type { ImportOptions } from "./importer.js";
import { inputName, type InputSource } from "./input.js";
import { readNdjson } from "./ndjson.js";

/**
 * Reads normalized resources from NDJSON (the output of `cloud-srm inventory
 * import` or an adapter), streaming. A line that is not valid JSON or not a
 * valid resource is reported with its line number and skipped.
 */
export async function* readResources(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource> {
  const name = inputName(input);
  const source: InputSource | Readable = input === "-" ? (options.stdin ?? process.stdin) : input;
  for await (const record of readNdjson(source)) {
    if ("error" in record) {
      options.onProblem?.({ source: name, position: `line ${record.line}`, message: record.error });
      continue;
    }
    const problem = checkResource(record.value);
    if (problem) {
      options.onProblem?.({ source: name, position: `line ${record.line}`, message: `not a cloud-srm resource: ${problem}` });
      continue;
    }
    yield record.value as Resource;
  }
}
