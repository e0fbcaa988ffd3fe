/**
 * cloud-srm: the cloud shared-responsibility model as data.
 *
 * This entry loads no cloud SDK, no YAML parser and no schema library: the
 * built-in catalog is read from compiled JSON on first use, and validation
 * code is imported only when overlays or catalog sources are read.
 */
export { Catalog, type OverlayLayer } from "./catalog/catalog.js";
export { builtinCatalog, readBuiltinCatalogData } from "./catalog/builtin.js";
export { loadCatalog, validateOverlays, type LoadCatalogOptions } from "./catalog/load.js";
export { diffMatrices, type MatrixDiff, type MatrixDiffEntry } from "./catalog/diff.js";
export { detectTypeSystem } from "./catalog/type-system.js";
export { CloudSrmError, CatalogValidationError, formatProblem, type Problem } from "./errors.js";
export type * from "./types.js";

/**
 * Compiles a catalog source directory (controls.yaml, models/, services/) into
 * the JSON the package ships, validating every file. Loads the YAML parser.
 */
export async function compileCatalog(dir: string): Promise<CompileResult> {
  const { compileCatalogDir } = await import("./validate/compile-catalog.js");
  return compileCatalogDir(dir);
}
import type { CompileResult } from "./validate/compile-catalog.js";
import type { ImportKind } from "./inventory/importers/index.js";
import type { InputSource } from "./inventory/input.js";
import type { ImportOptions } from "./inventory/importer.js";
import type { Resource } from "./types.js";
import type { Catalog as CatalogForFindings } from "./catalog/catalog.js";
import type { FindingKind } from "./evidence/findings/tools.js";
import type { FindingIndex } from "./evidence/findings/join.js";
import type { LoadFindingsOptions } from "./evidence/findings/load.js";
export type { CompileResult };

/** JSON Schemas for every data shape, generated from the zod schemas (loads zod). */
export async function jsonSchemas(): Promise<Record<string, unknown>> {
  const mod = await import("./validate/json-schemas.js");
  return mod.jsonSchemas();
}

// Inventory and join (issue: normalized inventory, importers, responsibility join).
export { Joiner, type JoinedResource, type ServicePlan } from "./join/joiner.js";
export { ReportBuilder, type StoredReportSource } from "./join/report.js";
export { buildReport, joinReport, type BuildReportOptions, type JoinReportOptions } from "./join/build-report.js";
export { RowStore, DEFAULT_RUN_SIZE, type RowStoreOptions } from "./join/row-store.js";
export { RowViews, type StoredRow } from "./join/report-rows.js";
export { reportSource, type ReportHead, type ReportRow, type ReportSource, type RowOrder } from "./render/report-stream.js";
export { JOINED_RECORD_VERSION, joinedRecordLine } from "./join/ndjson-join.js";
export { evaluateRule, evaluateCheck } from "./evidence/evaluate.js";
export { DUTY_STATES, dutyState, isDuty, coverageOf, countsText } from "./evidence/state.js";
export { resourceDuties, type DutyRow } from "./evidence/duties.js";
export { GATE_STATES, parseFailOn, gateFailures, type GateState } from "./evidence/gate.js";
export { diffReports, type Drift, type DriftOptions, type DriftResource } from "./evidence/baseline.js";
export { driftFromBaselineFile, BaselineFormatError } from "./evidence/baseline-stream.js";
export { FINDING_KINDS } from "./evidence/findings/tools.js";
export type { FindingKind, FindingIndex, LoadFindingsOptions };

/**
 * Reads scanner and policy-engine findings files into an index for
 * `buildReport(resources, { findings })` or `new Joiner(catalog, { findings })`.
 * The parsers are loaded on first use.
 */
export async function loadFindings(
  inputs: readonly { kind: FindingKind; file: string }[],
  catalog: CatalogForFindings,
  options: LoadFindingsOptions,
): Promise<FindingIndex> {
  return (await import("./evidence/findings/load.js")).loadFindings(inputs, catalog, options);
}
export { readResourceBatches, readResources } from "./inventory/read-resources.js";
export { checkResource } from "./inventory/check-resource.js";
export { readLineBatches, readLines, readNdjson, writeLines, writeNdjson, type Line, type NdjsonRecord } from "./inventory/ndjson.js";
export { parseArn, type Arn } from "./inventory/arn.js";
export { normalizeTags } from "./inventory/tags.js";
export { countSecrets, findSecretPatterns, redactResource, redactSecrets, redactText, REDACTED, MAX_NESTING, NestingTooDeepError } from "./inventory/redact.js";
export type { InputSource } from "./inventory/input.js";
export type { Importer, ImportOptions } from "./inventory/importer.js";
export { IMPORT_KINDS, type ImportKind } from "./inventory/importers/index.js";
export { exampleInventory } from "./examples.js";

/**
 * Imports an export (Terraform state, AWS Config, Resource Explorer / Tagging
 * API, az resource list / Resource Graph, GCP Cloud Asset) as a stream of
 * normalized resources. The importer for the kind is loaded on first use.
 */
export async function* importInventory(kind: ImportKind, input: InputSource, options?: ImportOptions): AsyncGenerator<Resource> {
  const { importerFor } = await import("./inventory/importers/index.js");
  yield* (await importerFor(kind))(input, options);
}
export { joinBatchesToNdjson, joinToNdjson, type StreamJoinSummary } from "./join/stream-join.js";
export { joinToParquet, PARQUET_COLUMNS, type ParquetOptions } from "./join/parquet.js";

// Documents (issue: responsibility documents auditors accept). Renderers load lazily.
export {
  renderMatrices,
  renderReport,
  renderReportChunks,
  reportDocumentChunks,
  gatherReport,
  MATRIX_DOCUMENT_FORMATS,
  REPORT_DOCUMENT_FORMATS,
  type DocumentOptions,
  type MatrixDocumentFormat,
  type ReportDocumentFormat,
  type ReportStreamFormat,
} from "./render/documents.js";
export type { RenderOptions } from "./render/options.js";
export { groupByFramework, type FrameworkGroup } from "./render/framework-view.js";
