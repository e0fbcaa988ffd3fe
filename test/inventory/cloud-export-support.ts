import { Readable } from "node:stream";
import { expect } from "vitest";
import type { ImportProblem, ImportOptions } from "../../src/inventory/importer.js";
import type { InputSource } from "../../src/inventory/input.js";
import type { ImportSummary } from "../../src/inventory/importers/cloud-export/driver.js";
import { ResourceSchema } from "../../src/schema/index.js";
import type { Resource } from "../../src/types.js";

/** Shared by the cloud export importer tests: run one, check every resource against the schema. */
export type CloudImporter = (input: InputSource, options?: ImportOptions) => AsyncGenerator<Resource, ImportSummary>;

export const FIXED_NOW = new Date("2024-06-01T00:00:00.000Z");

export interface ImportRun {
  resources: Resource[];
  problems: ImportProblem[];
  summary: ImportSummary;
}

export async function runImport(importer: CloudImporter, input: InputSource, options: ImportOptions = {}): Promise<ImportRun> {
  const problems: ImportProblem[] = [];
  const resources: Resource[] = [];
  const iterator = importer(input, { now: () => FIXED_NOW, onProblem: (problem) => problems.push(problem), ...options });
  for (let next = await iterator.next(); ; next = await iterator.next()) {
    if (next.done) {
      for (const resource of resources) expect(() => ResourceSchema.parse(resource)).not.toThrow();
      return { resources, problems, summary: next.value };
    }
    resources.push(next.value);
  }
}

/** Text as a stdin-like byte stream, split into small chunks so multi-byte characters and lines straddle chunk edges. */
export function byteStream(text: string, chunkSize = 7): Readable {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** Asserts that no output of a run contains the given secret strings. */
export function expectNoSecrets(run: ImportRun, secrets: readonly string[]): void {
  const text = JSON.stringify({ resources: run.resources, problems: run.problems });
  for (const secret of secrets) expect(text).not.toContain(secret);
}
