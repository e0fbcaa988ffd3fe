import type { Readable } from "node:stream";
import type { Resource } from "../types.js";
import type { InputSource } from "./input.js";

/**
 * A record an importer could not understand; the import goes on without it.
 * `source` is the input's name (a path, "-" for stdin), `position` where in it
 * ("line 12", "record 3 (line 40)", "resources[2].instances[0] (line 88)"),
 * `message` what is wrong — never attribute values (they may be secrets).
 */
export type { ImportProblem } from "../types.js";
import type { ImportProblem } from "../types.js";

export interface ImportOptions {
  /** Called for each record that cannot be understood; the rest still import. Default: collect silently. */
  onProblem?: (problem: ImportProblem) => void;
  /** Clock for `source.collectedAt` when the input carries no time of its own. */
  now?: () => Date;
  /** Stream read for the input "-" (default process.stdin). */
  stdin?: Readable;
}

/** Every importer: an input in, normalized resources out, as a stream. */
export type Importer = (input: InputSource, options?: ImportOptions) => AsyncIterable<Resource>;
