import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleInventory } from "../../examples.js";
import type { ImportProblem } from "../../inventory/importer.js";
import { importerFor, isImportKind, IMPORT_KINDS, type ImportKind } from "../../inventory/importers/index.js";
import { readResourceBatches } from "../../inventory/read-resources.js";
import { joinReport } from "../../join/build-report.js";
import { Joiner } from "../../join/joiner.js";
import { joinBatchesToNdjson } from "../../join/stream-join.js";
import { countsText, coveragePercent } from "../../evidence/state.js";
import { gateFailures, parseFailOn, type GateState } from "../../evidence/gate.js";
import { EXIT } from "../exit-codes.js";
import { FINDING_KINDS, isFindingKind, type FindingKind } from "../../evidence/findings/tools.js";
import { findingsLine } from "../../evidence/findings/summary-text.js";
import { DEFAULT_STALE_AFTER_DAYS } from "../../evidence/findings/defaults.js";
import { reportText } from "../../render/report-text.js";
import { REPORT_DOCUMENT_FORMATS } from "../../render/documents.js";
import { checkBinaryTarget, DOCUMENT_OPTIONS, DOCUMENT_OPTIONS_HELP, documentOptions } from "../document-options.js";
import type { EvidenceCounts, Report, ReportResource, Resource } from "../../types.js";
import type { ReportSource } from "../../render/report-stream.js";
import { parse, pickFormat } from "../args.js";
import { catalogFrom, catalogVersion, OVERLAY_OPTION } from "../catalog-option.js";
import { clockFrom } from "../clock.js";
import { emit, emitChunks, UsageError, withOutput, type CliIo } from "../io.js";
import { completionCode } from "../exit-codes.js";
import { importProgress } from "../import-progress.js";
import { clearRunRecord, emptyInputProblem, META_HELP, META_OPTION, writeRunRecord } from "../run-record.js";
import { AWS_OPTIONS, AWS_OPTIONS_HELP, awsProblem, awsResources } from "./aws-options.js";
import { AZURE_OPTIONS, AZURE_OPTIONS_HELP, azureProblems, azureResources } from "./azure-options.js";
import type { AzureInventoryOptions } from "../../adapters/azure/types.js";
import { GCP_OPTIONS, GCP_OPTIONS_HELP, gcpProblems, gcpResources } from "./gcp-options.js";

export const REPORT_HELP = `Usage: cloud-srm report [inputs] [options]

Joins an inventory to the catalog: for every resource, its service and
service model, which controls are yours, the provider's or shared, and what
the evidence says about each of your duties: met, not met, unknown (a rule
applies, the data is missing) or unchecked (nothing covers it).

Inputs (any number, combined):
  --inventory <file|->     normalized resources as NDJSON (cloud-srm inventory import)
  --import <kind>=<file>   an export, imported on the fly (kinds: ${IMPORT_KINDS.join(", ")})
  --example                the bundled multi-cloud example (Terraform state, Azure
                           Resource Graph and GCP Cloud Asset exports)
  --aws                    live AWS inventory, read-only, with these options:
${AWS_OPTIONS_HELP}  --azure                  live Azure inventory, read-only, with these options:
${AZURE_OPTIONS_HELP}  --gcp                    live GCP inventory, read-only, with these options:
${GCP_OPTIONS_HELP}
Options:
  --format <f>       text (default), json (the full report), ndjson (one joined
                     record per resource, streamed; coverage summary on stderr),
                     md, html, csv, xlsx (per resource x control rows, like a
                     FedRAMP customer responsibility matrix), oscal-ssp,
                     oscal-component, oscal-ar (OSCAL assessment results: an
                     observation per resource x checked duty, a finding per
                     control), ocsf (OCSF 5023 inventory events, NDJSON),
                     parquet (one row per resource x duty, for DuckDB, Athena,
                     BigQuery, Spark; GZIP pages, written as the join runs)
${DOCUMENT_OPTIONS_HELP}
  --output <file>    write to a file instead of stdout
${META_HELP}
  --findings <kind>=<file>  findings of a scanner or policy engine, joined to the
                     inventory as evidence (repeatable; kinds: ${FINDING_KINDS.join(", ")})
  --stale-after <days>  findings observed longer ago are stale: shown, deciding
                     nothing (default ${DEFAULT_STALE_AFTER_DAYS})
  --baseline <file>  a previous report (--format json): list resources added
                     and removed, duties that changed state; a resource of a scope
                     that failed this time is unknown, never removed
  --require-tag <key>  with --baseline: new resources must carry this tag
                     (repeatable)
  --fail-on <states> exit 4 when any duty is in one of these states (comma-
                     separated: not-met, unknown, unchecked; repeatable), e.g.
                     to stop a Terraform plan before it is applied
  --allow-partial    exit 0 even when records were rejected, an input was empty
                     or a live scope failed (the warning stays)
  --overlay <file>   apply an overlay file (repeatable)
  --catalog <file>   use a compiled catalog JSON instead of the built-in one
  -h, --help         show this help

SOURCE_DATE_EPOCH fixes the report's clock (same input, same bytes).

Exit codes: 0 complete; 3 partial (records rejected, an input empty or of the
wrong kind, a live scope failed), 0 with --allow-partial; 4 a --fail-on gate
tripped (the output is written first; 4 wins over 3); 1 failure; 2 usage.

Examples:
  cloud-srm report --example
  cloud-srm inventory import terraform terraform.tfstate | cloud-srm report --inventory -
  cloud-srm report --import azure=graph.json --import gcp=assets.ndjson --format json
  cloud-srm report --example --format html --output report.html
  cloud-srm report --example --format oscal-ssp --oscal-version 1.1.3
  cloud-srm report --inventory inv.ndjson --findings securityhub=f.json --format oscal-ar
  cloud-srm report --import terraform=plan.json --fail-on not-met,unknown
  cloud-srm report --inventory inv.ndjson --findings securityhub=findings.json --findings checkov=checkov.json
`;

/** `--format parquet`: written to a file (Parquet's footer comes last); without --output it goes to a temporary file that is then copied to stdout. */
async function writeParquet(batches: AsyncIterable<Resource[]>, joiner: Joiner, output: string | undefined, io: CliIo, keyValueMetadata: () => Record<string, string>) {
  const { joinToParquet } = await import("../../join/parquet.js");
  if (output) return joinToParquet(batches, joiner, output, { keyValueMetadata });
  const dir = await mkdtemp(join(tmpdir(), "cloud-srm-"));
  try {
    const file = join(dir, "report.parquet");
    const summary = await joinToParquet(batches, joiner, file, { keyValueMetadata });
    await emitChunks(io, createReadStream(file), undefined);
    return summary;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


/** Options for the live adapters that the command line cannot express (a credential object); for embedding and tests. */
export interface LiveOptions {
  azure?: AzureInventoryOptions;
}

export async function reportCommand(args: string[], io: CliIo, stdin: NodeJS.ReadableStream = process.stdin, live: LiveOptions = {}): Promise<number> {
  const { values } = parse(args, {
    ...OVERLAY_OPTION,
    inventory: { type: "string", multiple: true },
    import: { type: "string", multiple: true },
    example: { type: "boolean" },
    ...AWS_OPTIONS,
    aws: { type: "boolean" },
    ...AZURE_OPTIONS,
    azure: { type: "boolean" },
    ...GCP_OPTIONS,
    gcp: { type: "boolean" },
    format: { type: "string" },
    output: { type: "string" },
    "fail-on": { type: "string", multiple: true },
    findings: { type: "string", multiple: true },
    baseline: { type: "string" },
    "require-tag": { type: "string", multiple: true },
    "stale-after": { type: "string" },
    "allow-partial": { type: "boolean" },
    ...DOCUMENT_OPTIONS,
    ...META_OPTION,
  });
  if (values.help) return io.stdout.write(REPORT_HELP), 0;
  // First: a run that stops on a usage error must not leave an earlier run's record to pass for its own.
  await clearRunRecord(values.meta);
  const format = pickFormat(values.format, ["text", "json", "ndjson", "parquet", ...REPORT_DOCUMENT_FORMATS] as const, "text");
  checkBinaryTarget(format, values.output, io);
  const documentOpts = documentOptions(values, clockFrom(io.env));
  const failOn = failOnFrom(values["fail-on"]);
  const sources: { kind: ImportKind | "ndjson"; file: string }[] = [];
  for (const file of values.inventory ?? []) sources.push({ kind: "ndjson", file });
  for (const spec of values.import ?? []) {
    const eq = spec.indexOf("=");
    const kind = spec.slice(0, eq);
    if (eq <= 0 || !isImportKind(kind) || eq === spec.length - 1) {
      throw new UsageError(`--import takes <kind>=<file> with kind one of ${IMPORT_KINDS.join(", ")} (got "${spec}")`);
    }
    sources.push({ kind, file: spec.slice(eq + 1) });
  }
  if (values.example) sources.push(...exampleInventory());
  if (sources.length === 0 && !values.aws && !values.azure && !values.gcp) throw new UsageError("report needs an input: --inventory FILE, --import KIND=FILE, --example, --aws, --azure or --gcp");
  if (sources.filter((s) => s.file === "-").length > 1) throw new UsageError("only one input can read stdin (-)");

  const findingSpecs = (values.findings ?? []).map(findingSpec);
  const staleAfterDays = values["stale-after"] === undefined ? undefined : Number(values["stale-after"]);
  if (staleAfterDays !== undefined && !(Number.isFinite(staleAfterDays) && staleAfterDays >= 0)) {
    throw new UsageError(`--stale-after takes a number of days (got "${values["stale-after"]}")`);
  }
  const catalog = await catalogFrom(values);
  documentOpts.catalogVersion = await catalogVersion(values);
  const now = documentOpts.now;
  // Findings are read first (they are files), then joined as the inventory streams past.
  const findings = findingSpecs.length
    ? await (await import("../../evidence/findings/load.js")).loadFindings(findingSpecs, catalog, { now, ...(staleAfterDays !== undefined ? { staleAfterDays } : {}) })
    : undefined;
  const problems: ImportProblem[] = [];
  const emptyInputs: string[] = [];
  const options = { onProblem: (p: ImportProblem) => problems.push(p), now: () => now, stdin: stdin as never };
  // NDJSON inputs come in batches (one per chunk read) so the join's hot path awaits per chunk, not per record.
  async function* batches(): AsyncGenerator<Resource[]> {
    for (const source of sources) {
      let count = 0;
      // A terminal gets the same progress line as inventory import, per input; a pipe or a CI log nothing.
      const progress = await importProgress({ ...io, stdin }, source.file);
      const input = progress?.input ?? source.file;
      try {
        if (source.kind === "ndjson") {
          for await (const batch of readResourceBatches(input, options)) {
            count += batch.length;
            progress?.count(batch.length);
            yield batch;
          }
        } else {
          for await (const resource of (await importerFor(source.kind))(input, options)) {
            count++;
            progress?.count(1);
            yield [resource];
          }
        }
      } finally {
        progress?.clear();
      }
      // An input that gave nothing (empty, or not the kind it was said to be) makes the run partial.
      if (count === 0) emptyInputs.push(source.file);
    }
    if (values.aws) for await (const resource of awsResources(values, io, (e) => problems.push(awsProblem(e)))) yield [resource];
    if (values.azure) for await (const resource of azureResources(values, io, (result) => problems.push(...azureProblems(result)), live.azure)) yield [resource];
    // The catalog the report joins against (overlays included) names the asset types worth listing.
    if (values.gcp) for await (const resource of gcpResources(values, io, (result) => problems.push(...gcpProblems(result)), { catalog })) yield [resource];
  }
  async function* all(): AsyncGenerator<Resource> {
    for await (const batch of batches()) yield* batch;
  }
  if (format === "ndjson" || format === "parquet") {
    // Streaming: one joined record per line (or Parquet rows per resource x duty), nothing kept in
    // memory; coverage goes to stderr.
    const joiner = new Joiner(catalog, findings ? { findings } : {});
    const summary =
      format === "ndjson"
        ? await withOutput(io, values.output, (out) => joinBatchesToNdjson(batches(), joiner, out))
        : await writeParquet(batches(), joiner, values.output, io, () => parquetMetadata(documentOpts.toolVersion, documentOpts.catalogVersion, problems.length + emptyInputs.length));
    for (const p of problems) io.stderr.write(`${p.source}:${p.position}: ${p.message}\n`);
    const unmapped = summary.unmapped.map((u) => `${u.type} (${u.count})`).join(", ");
    io.stderr.write(`joined ${summary.total} resource(s), ${summary.mapped} mapped${unmapped ? `; unmapped: ${unmapped}` : ""}\n`);
    io.stderr.write(`duties: ${countsText(summary.evidence)}; evidence coverage ${coveragePercent(summary.evidence)}\n`);
    if (findings) {
      for (const p of findings.problems) io.stderr.write(`${p.file}:${p.position}: ${p.message}\n`);
      io.stderr.write(`${findingsLine(findings.summary())}\n`);
    }
    const completion = partialExit(io, problems, emptyInputs, values["allow-partial"]);
    await writeRunRecord(values.meta, { command: "report", format, now, catalog: documentOpts.catalogVersion, resources: summary.total, problems: [...problems, ...emptyInputs.map(emptyInputProblem)] });
    return gate(summary.evidence, failOn, io) || completion;
  }
  // Documents: the join counts the head and spills lean rows to sorted runs on disk (beyond
  // DEFAULT_RUN_SIZE), so every streamed format renders a million resources in bounded memory.
  const source = await joinReport(all(), { catalog, now, ...(findings ? { findings } : {}), ...runSizeFrom(io.env) });
  try {
    const head = source.head;
    // Problems are collected while reading, so attach them after the stream is drained.
    head.problems.push(...problems);
    head.problems.push(...emptyInputs.map(emptyInputProblem));
    head.summary.problems = head.problems.length;
    // The JSON report names the tool and catalog in its head (issue 11); other formats take them from the options.
    if (documentOpts.toolVersion && documentOpts.catalogVersion) head.generator = { tool: documentOpts.toolVersion, catalog: documentOpts.catalogVersion };
    const { reportDocumentChunks } = await import("../../render/documents.js");
    // Drift: the baseline is read as a stream and merged with a pass over the rows in uid order.
    if (values.baseline) head.drift = await baselineDrift(values.baseline, source, values["require-tag"] ?? []);
    if (format === "text") {
      await emit(io, reportText(await textReport(source), {
          width: io.stdout.isTTY ? (io.stdout.columns ?? 140) : 140,
          ...(documentOpts.toolVersion ? { toolVersion: documentOpts.toolVersion } : {}),
          ...(documentOpts.catalogVersion ? { catalogVersion: documentOpts.catalogVersion } : {}),
        }), values.output);
    } else {
      await emitChunks(io, reportDocumentChunks(format, source, documentOpts), values.output);
    }
    for (const p of problems) io.stderr.write(`${p.source}:${p.position}: ${p.message}\n`);
    const completion = partialExit(io, problems, emptyInputs, values["allow-partial"]);
    await writeRunRecord(values.meta, { command: "report", format, now, catalog: documentOpts.catalogVersion, resources: head.summary.resources, problems: head.problems });
    return gate(head.summary.evidence, failOn, io) || completion;
  } finally {
    source.close();
  }
}

/**
 * Parquet's key-value metadata (the file footer, which every engine can read:
 * DuckDB's parquet_kv_metadata, pyarrow's schema.metadata): the tool and
 * catalog, and on a partial run the count of problems. Read after the join, so
 * the count is final.
 */
function parquetMetadata(tool: string | undefined, catalog: string | undefined, problems: number): Record<string, string> {
  return {
    ...(tool ? { "cloud-srm.version": tool } : {}),
    ...(catalog ? { "cloud-srm.catalog_version": catalog } : {}),
    ...(problems ? { "cloud-srm.partial_inventory": String(problems) } : {}),
  };
}

/**
 * What the text summary reads of a report: the head, and of the rows only the
 * resources with evidence not met (it lists those) or, when there are none, one
 * row (it says "none" only when there are resources). Not every row: a million
 * resources stay on disk.
 */
export async function textReport(source: ReportSource): Promise<Report> {
  const resources: ReportResource[] = [];
  let first: ReportResource | undefined;
  for await (const row of source.rows("uid")) {
    first ??= row;
    if (row.controls.some((c) => c.evidence?.some((e) => e.status === "not-met"))) resources.push(row);
  }
  if (resources.length === 0 && first) resources.push(first);
  const { problems, findings, drift, ...rest } = source.head;
  return { ...rest, resources, problems, ...(findings ? { findings } : {}), ...(drift ? { drift } : {}) };
}

/** CLOUD_SRM_RUN_SIZE: rows per sorted run on disk (tests set it small to exercise the merge). */
function runSizeFrom(env: NodeJS.ProcessEnv | Record<string, string | undefined>): { runSize?: number } {
  const raw = env.CLOUD_SRM_RUN_SIZE;
  if (raw === undefined || raw === "") return {};
  const runSize = Number(raw);
  if (!Number.isInteger(runSize) || runSize < 1) throw new UsageError(`CLOUD_SRM_RUN_SIZE takes a whole number of rows, at least 1 (got "${raw}")`);
  return { runSize };
}

/** The drift since a baseline report (`--format json`), read as a stream: a million resources are never one string. */
async function baselineDrift(file: string, source: ReportSource, requiredTags: readonly string[]) {
  const { BaselineFormatError, driftFromBaselineFile } = await import("../../evidence/baseline-stream.js");
  try {
    return await driftFromBaselineFile(file, source, { requiredTags });
  } catch (error) {
    if (error instanceof SyntaxError || (error instanceof BaselineFormatError && error.message.startsWith("not JSON"))) {
      throw new UsageError(`--baseline ${file}: not JSON (use a report written with --format json)`);
    }
    if (error instanceof BaselineFormatError) throw new UsageError(`--baseline ${file}: not a cloud-srm report with resources (use --format json)`);
    throw error;
  }
}

function findingSpec(spec: string): { kind: FindingKind; file: string } {
  const eq = spec.indexOf("=");
  const kind = spec.slice(0, eq);
  if (eq <= 0 || !isFindingKind(kind) || eq === spec.length - 1) {
    throw new UsageError(`--findings takes <kind>=<file> with kind one of ${FINDING_KINDS.join(", ")} (got "${spec}")`);
  }
  return { kind, file: spec.slice(eq + 1) };
}

function failOnFrom(values: string[] | undefined): GateState[] {
  try {
    return parseFailOn(values ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Exit 4 when a --fail-on state has duties (the document is written first, so a pipeline keeps it). */
function gate(counts: EvidenceCounts, failOn: readonly GateState[], io: CliIo): number {
  const failures = gateFailures(counts, failOn);
  if (failures.length === 0) return EXIT.ok;
  io.stderr.write(`cloud-srm: --fail-on ${failOn.join(",")}: ${failures.map((f) => `${f.count} ${f.state}`).join(", ")} duties\n`);
  return EXIT.gate;
}

/** Exit 3 (or 0 with --allow-partial) when anything was rejected or an input gave nothing; the warning is always printed. */
function partialExit(io: CliIo, problems: readonly ImportProblem[], emptyInputs: readonly string[], allow: boolean | undefined): number {
  const partial = problems.length > 0 || emptyInputs.length > 0;
  if (partial) {
    const parts = [problems.length ? `${problems.length} record(s) rejected or scope(s) failed` : "", ...emptyInputs.map((f) => `nothing read from ${f}`)].filter(Boolean);
    io.stderr.write(`cloud-srm: partial result: ${parts.join("; ")}${allow ? " (allowed by --allow-partial)" : ""}\n`);
  }
  return completionCode(partial, allow);
}
