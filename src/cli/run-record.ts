/**
 * `--meta FILE`: a JSON record of the run beside its output (RunRecordSchema,
 * `cloud-srm/schemas/run.schema.json`): the tool and catalog versions and
 * whether the run was complete, with every problem. The conventional answer
 * for outputs that have no place for it (CSV, NDJSON, matrix JSON), in the
 * manner of `docker buildx build --metadata-file`; every format takes it, so
 * a CI job reads completeness the same way whatever it renders.
 *
 * Built as a plain object (no zod at start-up); the tests validate it
 * against the schema.
 */
import { rm, writeFile } from "node:fs/promises";
import type { ImportProblem } from "../inventory/importer.js";
import type { RunRecord } from "../types.js";
import { writeError } from "./io.js";

/** The package version, set at build time (tsup and vitest define it). */
declare const __CLOUD_SRM_VERSION__: string;

export const META_OPTION = { meta: { type: "string" } } as const;

export const META_HELP = `  --meta <file>      also write a JSON record of the run to FILE: cloud-srm and
                     catalog versions, complete or not, every problem
                     (cloud-srm/schemas/run.schema.json)`;

export interface RunFacts {
  command: RunRecord["command"];
  format: string;
  now: Date;
  catalog?: string;
  resources?: number;
  problems: readonly ImportProblem[];
}

/** An input that gave no resource, as a problem (report documents list it; the record counts it). */
export function emptyInputProblem(file: string): ImportProblem {
  return { source: file, position: "file", message: "no resource was read from this input (empty, or not the kind of export it was given as)" };
}

/** The record itself (complete when there is no problem). */
export function runRecord(facts: RunFacts): RunRecord {
  return {
    v: 1,
    command: facts.command,
    format: facts.format,
    generatedAt: facts.now.toISOString(),
    generator: { tool: __CLOUD_SRM_VERSION__, ...(facts.catalog ? { catalog: facts.catalog } : {}) },
    complete: facts.problems.length === 0,
    ...(facts.resources !== undefined ? { resources: facts.resources } : {}),
    problems: facts.problems.map(({ source, position, message }) => ({ source, position, message })),
  };
}

/**
 * Removes a record left by an earlier run before this one starts: a run that
 * fails (exit 1 or 2) writes none, and a stale one must not pass for it.
 */
export async function clearRunRecord(file: string | undefined): Promise<void> {
  if (file) await rm(file, { force: true }).catch((error: unknown) => Promise.reject(writeError(file, error)));
}

/** Writes the record once the output is written (a failed write is one line naming the path, exit 1). */
export async function writeRunRecord(file: string | undefined, facts: RunFacts): Promise<void> {
  if (!file) return;
  await writeFile(file, `${JSON.stringify(runRecord(facts), null, 2)}\n`).catch((error: unknown) => Promise.reject(writeError(file, error)));
}
