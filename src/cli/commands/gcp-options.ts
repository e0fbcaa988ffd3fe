/**
 * The live GCP options shared by `inventory gcp` and `report --gcp`, and the
 * run itself: progress on stderr as a bar only when stderr is a terminal,
 * failed and not-visible scopes as diagnostics, Ctrl-C stopping the run cleanly.
 */
import { parseScopes } from "../../adapters/gcp/scope.js";
import { parseEndpoint } from "../../adapters/gcp/sdk.js";
import { CloudSrmError } from "../../errors.js";
import type { GcpInventoryOptions, GcpInventoryResult, GcpProgress } from "../../adapters/gcp/types.js";
import type { ImportProblem } from "../../inventory/importer.js";
import type { Resource } from "../../types.js";
import { parse } from "../args.js";
import { partialExit } from "../exit-codes.js";
import { UsageError, type CliIo } from "../io.js";
import { clearRunRecord, META_OPTION, writeRunRecord } from "../run-record.js";
import { clockFrom } from "../clock.js";
import { cliLiveRun, commonLiveOptions, progressBar, wholeNumber, writeLiveNdjson } from "./live-run.js";

/** parseArgs options for live GCP inventory. */
export const GCP_OPTIONS = {
  scope: { type: "string", multiple: true },
  projects: { type: "string" },
  "quota-project": { type: "string" },
  "asset-types": { type: "string" },
  endpoint: { type: "string" },
  concurrency: { type: "string" },
  "requests-per-minute": { type: "string" },
  shard: { type: "string" },
} as const;

export interface GcpOptionValues {
  scope?: string[] | undefined;
  projects?: string | undefined;
  "quota-project"?: string | undefined;
  "asset-types"?: string | undefined;
  endpoint?: string | undefined;
  concurrency?: string | undefined;
  "requests-per-minute"?: string | undefined;
  shard?: string | undefined;
}

export const GCP_OPTIONS_HELP = `  --scope <scope>          projects/ID, folders/NUMBER or organizations/NUMBER
                           (repeatable); folders and organizations are read
                           project by project
  --projects <a,b>         these projects (ids or numbers); with a folder or
                           organization scope, only these of it
  --quota-project <id>     project billed for the API calls (needed with user
                           credentials; needs Service Usage Consumer there)
  --asset-types <t1,t2>    asset types (exact or patterns like
                           "compute.googleapis.com.*"), or "all"; default: the
                           types the catalog knows, and the containers
  --endpoint <url>         Cloud Asset endpoint (https://..., or http://127.0.0.1:PORT
                           for a local emulator)
  --concurrency <n>        API calls in flight at once (default 4)
  --requests-per-minute <n> pace calls under the ListAssets quota (default 100)
  --shard <K/N>            read only worker K's share of N (a stable partition of
                           projects; N workers' outputs concatenate, no duplicates)
`;

export const INVENTORY_GCP_HELP = `Usage: cloud-srm inventory gcp --scope <scope> [options]

Lists the resources of Google Cloud projects, folders or a whole organization
live, read-only, through Cloud Asset Inventory, and writes them as NDJSON (one
normalized resource per line) to stdout. Credentials are Application Default
Credentials (gcloud auth application-default login, a service account key in
GOOGLE_APPLICATION_CREDENTIALS, or the attached service account). The
organization, folders and projects are resources too. A project that fails or
cannot be seen is named on stderr and the rest still completes; the exit code
is then 3 (0 with --allow-partial). Needs the Cloud Asset client (an optional
dependency):
  npm install @google-cloud/asset

Options:
${GCP_OPTIONS_HELP}  --allow-partial          exit 0 even when a scope failed or was not visible
  --output <file>          write NDJSON to a file instead of stdout
  --meta <file>            also write a JSON record of the run (version, complete
                           or not, every failed scope; run.schema.json)
  -h, --help               show this help

Roles: roles/cloudasset.viewer on the scope; see docs/gcp.md in the package.

Examples:
  cloud-srm inventory gcp --scope projects/my-project > inventory.ndjson
  cloud-srm inventory gcp --scope organizations/123456789012 --quota-project my-admin | cloud-srm report --inventory -
`;

const LIST = /^[^,\s]+(,[^,\s]+)*$/;

/** Checks the options (scopes, endpoint: usage errors) and turns them into adapter options. */
export function gcpOptionsFrom(values: GcpOptionValues): GcpInventoryOptions {
  try {
    return optionsFrom(values);
  } catch (error) {
    if (error instanceof CloudSrmError) throw new UsageError(error.message);
    throw error;
  }
}

function optionsFrom(values: GcpOptionValues): GcpInventoryOptions {
  const options: GcpInventoryOptions = {};
  if (values.scope?.length) options.scope = values.scope.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  if (values.projects !== undefined) {
    if (!LIST.test(values.projects)) throw new UsageError(`--projects takes project ids or numbers separated by commas (got "${values.projects}")`);
    options.projects = values.projects.split(",");
  }
  if (!options.scope && !options.projects) throw new UsageError("inventory gcp needs --scope (projects/ID, folders/NUMBER or organizations/NUMBER) or --projects");
  if (values["quota-project"]) options.quotaProject = values["quota-project"];
  if (values["asset-types"] !== undefined) {
    if (!LIST.test(values["asset-types"])) throw new UsageError(`--asset-types takes asset types separated by commas (got "${values["asset-types"]}")`);
    options.assetTypes = values["asset-types"] === "all" ? "all" : values["asset-types"].split(",");
  }
  if (values.endpoint) {
    parseEndpoint(values.endpoint);
    options.endpoint = values.endpoint;
  }
  parseScopes(options);
  Object.assign(options, commonLiveOptions(values));
  if (values["requests-per-minute"] !== undefined) options.requestsPerMinute = wholeNumber("--requests-per-minute", values["requests-per-minute"], 0, 100_000);
  return options;
}

/** One line per failed or not-visible scope, for stderr. */
export function gcpDiagnostics(result: GcpInventoryResult): string[] {
  const lines = result.errors.map((e) => `gcp: ${e.message}`);
  for (const s of result.scopes) if (s.status === "not-visible") lines.push(`gcp: ${s.id}: not visible (${s.reason ?? "not found"})`);
  return lines;
}

/** True when a scope failed or was not visible, or the run stopped early. */
export function gcpPartial(result: GcpInventoryResult): boolean {
  return result.aborted || result.errors.length > 0 || result.scopes.some((s) => s.status === "failed" || s.status === "not-visible");
}

/** The run, with the CLI's progress bar and Ctrl-C handling. `onResult` gets the result at the end. */
export async function* gcpResources(values: GcpOptionValues, io: CliIo, onResult: (result: GcpInventoryResult) => void, extra: GcpInventoryOptions = {}): AsyncGenerator<Resource> {
  const options = gcpOptionsFrom(values);
  const { gcpInventory } = await import("../../adapters/gcp/index.js");
  const bar = io.stderr.isTTY ? progressBar<GcpProgress>(io, "gcp") : undefined;
  yield* cliLiveRun(io, bar, (hooks) => gcpInventory({ ...options, ...hooks, ...extra }), onResult);
}

/** `cloud-srm inventory gcp`: NDJSON of live resources. */
export async function inventoryGcpCommand(args: string[], io: CliIo, extra: GcpInventoryOptions = {}): Promise<number> {
  const { values, positionals } = parse(args, { ...GCP_OPTIONS, "allow-partial": { type: "boolean" }, output: { type: "string" }, ...META_OPTION });
  if (values.help) return io.stdout.write(INVENTORY_GCP_HELP), 0;
  await clearRunRecord(values.meta);
  if (positionals.length) throw new UsageError(`inventory gcp takes no arguments (got "${positionals[0]}"); give scopes with --scope`);
  gcpOptionsFrom(values);
  let result: GcpInventoryResult | undefined;
  const count = await writeLiveNdjson(io, values.output, gcpResources(values, io, (r) => (result = r), extra));
  if (count === undefined) return 130;
  const lines = result ? gcpDiagnostics(result) : [];
  for (const line of lines) io.stderr.write(`${line}\n`);
  const projects = result?.scopes.filter((s) => s.kind === "gcp-project") ?? [];
  const read = projects.filter((s) => s.status === "read").length;
  const skipped = projects.filter((s) => s.status === "skipped").length;
  const bad = projects.length - read - skipped;
  io.stderr.write(`listed ${count} resource(s) from ${read} project(s)${skipped ? `, ${skipped} skipped` : ""}${bad ? `; ${bad} project(s) not read` : ""}${result?.errors.some((e) => !e.scope.startsWith("projects/")) ? "; a folder or organization failed" : ""}\n`);
  const partial = result ? gcpPartial(result) : true;
  const problems = result ? gcpProblems(result) : [];
  // An aborted run, or a scope that failed without an error of its own, still makes the record incomplete.
  if (partial && problems.length === 0) problems.push({ source: "gcp", position: "run", message: result?.aborted ? "the run was aborted" : "a scope could not be read" });
  await writeRunRecord(values.meta, { command: "inventory gcp", format: "ndjson", now: clockFrom(io.env), resources: count, problems });
  return partialExit(partial, values["allow-partial"]);
}

/** A failed or not-visible scope as a report problem. */
export function gcpProblems(result: GcpInventoryResult): ImportProblem[] {
  return [
    ...result.errors.map((e) => ({ source: "gcp", position: e.scope, message: `${e.operation} failed (${e.code})` })),
    ...result.scopes.filter((s) => s.status === "not-visible").map((s) => ({ source: "gcp", position: s.id, message: `not visible (${s.reason ?? "not found"})` })),
  ];
}

