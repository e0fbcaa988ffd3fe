import type { Catalog } from "../catalog/catalog.js";
import { builtinCatalog } from "../catalog/builtin.js";
import type { ImportProblem } from "../inventory/importer.js";
import type { Resource } from "../types.js";
import { Joiner } from "./joiner.js";
import type { FindingIndex } from "../evidence/findings/join.js";
import { ReportBuilder, type Report, type StoredReportSource } from "./report.js";
import { RowStore, type RowStoreOptions } from "./row-store.js";

export interface BuildReportOptions {
  /** The catalog to join against (default: the built-in one). */
  catalog?: Catalog;
  /** The report's clock (default: now). Inject it for reproducible output. */
  now?: Date;
  /** Keep per-resource rows (default true); turn off to aggregate huge inventories. */
  keepResources?: boolean;
  /** Import problems to carry into the report. */
  problems?: readonly ImportProblem[];
  /** Imported findings (see `loadFindings`), joined to the resources as they stream. */
  findings?: FindingIndex;
}

/**
 * Joins an inventory (any iterable or stream of resources) to the catalog and
 * builds the whole report in memory: every resource with its controls (about
 * 2 KiB each), for small inventories and tests. For large ones use
 * `joinReport` and `reportDocumentChunks` (rows on disk, documents in chunks),
 * as the CLI does for every report format.
 */
export async function buildReport(resources: AsyncIterable<Resource> | Iterable<Resource>, options: BuildReportOptions = {}): Promise<Report> {
  const builder = await joined(resources, options, { keepResources: options.keepResources ?? true });
  return builder.build(options.now ?? new Date());
}

export type JoinReportOptions = Omit<BuildReportOptions, "keepResources"> & RowStoreOptions;

/**
 * Joins an inventory into a report served as a stream (ReportSource): the
 * head is counted during the join, the per-resource rows go to a RowStore
 * (sorted runs on disk once there are more than `runSize`), so an estate of
 * millions of resources renders in bounded memory. Call `close()` when done
 * (it removes the temporary files; they also go at process exit).
 */
export async function joinReport(resources: AsyncIterable<Resource> | Iterable<Resource>, options: JoinReportOptions = {}): Promise<StoredReportSource> {
  const store = new RowStore({ ...(options.runSize !== undefined ? { runSize: options.runSize } : {}), ...(options.tempDir !== undefined ? { tempDir: options.tempDir } : {}) });
  try {
    const builder = await joined(resources, options, { store });
    return builder.source(options.now ?? new Date());
  } catch (error) {
    store.close();
    throw error;
  }
}

async function joined(resources: AsyncIterable<Resource> | Iterable<Resource>, options: BuildReportOptions, builderOptions: ConstructorParameters<typeof ReportBuilder>[1]): Promise<ReportBuilder> {
  const joiner = new Joiner(options.catalog ?? builtinCatalog(), options.findings ? { findings: options.findings } : {});
  const builder = new ReportBuilder(joiner, builderOptions);
  for await (const resource of resources) builder.add(joiner.join(resource));
  for (const problem of options.problems ?? []) builder.addProblem(problem);
  if (options.findings) {
    for (const p of options.findings.problems) builder.addProblem({ source: p.file, position: p.position, message: p.message });
    builder.setFindings(options.findings.summary());
  }
  return builder;
}
