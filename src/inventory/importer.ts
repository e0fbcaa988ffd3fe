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
  /**
   * Single-document exports (a Terraform state, a Config snapshot, a Resource
   * Graph page) longer than this many characters are read record by record as
   * they arrive instead of as one string (default STREAM_THRESHOLD, 64 MiB).
   * Tests pass a small value.
   */
  streamThreshold?: number;
}

/** Documents longer than this (characters) are streamed: memory then holds one record at a time. */
export const STREAM_THRESHOLD = 64 * 2 ** 20;

/** Every importer: an input in, normalized resources out, as a stream. */
export type Importer = (input: InputSource, options?: ImportOptions) => AsyncIterable<Resource>;
