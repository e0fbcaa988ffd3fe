import type { Catalog } from "../catalog/catalog.js";
import { builtinCatalog } from "../catalog/builtin.js";
import type { ImportProblem } from "../inventory/importer.js";
import type { Resource } from "../types.js";
import { Joiner } from "./joiner.js";
import type { FindingIndex } from "../evidence/findings/join.js";
import { ReportBuilder, type Report } from "./report.js";

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

/** Joins an inventory (any iterable or stream of resources) to the catalog and builds the report. */
export async function buildReport(resources: AsyncIterable<Resource> | Iterable<Resource>, options: BuildReportOptions = {}): Promise<Report> {
  const joiner = new Joiner(options.catalog ?? builtinCatalog(), options.findings ? { findings: options.findings } : {});
  const builder = new ReportBuilder(joiner, { keepResources: options.keepResources ?? true });
  for await (const resource of resources) builder.add(joiner.join(resource));
  for (const problem of options.problems ?? []) builder.addProblem(problem);
  if (options.findings) {
    for (const p of options.findings.problems) builder.addProblem({ source: p.file, position: p.position, message: p.message });
    builder.setFindings(options.findings.summary());
  }
  return builder.build(options.now ?? new Date());
}
