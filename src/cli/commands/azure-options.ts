/**
 * The live Azure options shared by `inventory azure` and `report --azure`, and
 * the run itself: progress on stderr as a bar only when stderr is a terminal,
 * per-subscription problems as diagnostics, Ctrl-C stopping the run cleanly.
 */
import type { AzureInventoryOptions, AzureInventoryResult, AzureProgress } from "../../adapters/azure/types.js";
import type { ScopeSummary } from "../../adapters/core/types.js";
import type { ImportProblem } from "../../inventory/importer.js";
import type { Resource } from "../../types.js";
import { parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { UsageError, type CliIo } from "../io.js";
import { clearRunRecord, META_OPTION, writeRunRecord } from "../run-record.js";
import { clockFrom } from "../clock.js";
import { cliLiveRun, commonLiveOptions, progressBar, writeLiveNdjson } from "./live-run.js";

/** parseArgs options for live Azure inventory. */
export const AZURE_OPTIONS = {
  subscriptions: { type: "string" },
  "management-group": { type: "string" },
  cloud: { type: "string" },
  endpoint: { type: "string" },
  concurrency: { type: "string" },
  "no-resource-graph": { type: "boolean" },
  shard: { type: "string" },
} as const;

export interface AzureOptionValues {
  subscriptions?: string | undefined;
  "management-group"?: string | undefined;
  cloud?: string | undefined;
  endpoint?: string | undefined;
  concurrency?: string | undefined;
  "no-resource-graph"?: boolean | undefined;
  shard?: string | undefined;
}

const CLOUDS = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"] as const;

export const AZURE_OPTIONS_HELP = `  --subscriptions <a,b>    only these subscription ids (one the credential cannot
                           see is reported as not visible)
  --management-group <id>  every subscription under this management group, at any depth
                           (default: every subscription the credential sees)
  --cloud <name>           AzureCloud (default), AzureUSGovernment, AzureChinaCloud
  --endpoint <url>         an ARM endpoint instead of the cloud's (Azure Stack Hub)
  --concurrency <n>        API calls in flight at once (default 4)
  --no-resource-graph      list with ARM per subscription instead of Resource Graph
  --shard <K/N>            read only worker K's share of N (a stable partition of
                           subscriptions; docs/sharding.md)
`;

export const INVENTORY_AZURE_HELP = `Usage: cloud-srm inventory azure [options]

Lists the resources of Azure subscriptions live, read-only, and writes them as
NDJSON (one normalized resource per line) to stdout: subscriptions, resource
groups and resources, with their properties (secrets removed) so evidence works
as for an imported Resource Graph export. Credentials come from
DefaultAzureCredential (environment, workload or managed identity, Azure CLI
sign-in...). Every subscription expected is named on stderr when it could not
be read (failed, not visible); the exit code is then 3 (--allow-partial: 0).
Needs the Azure SDK (optional dependencies):
  npm install @azure/identity @azure/arm-resourcegraph @azure/arm-resources @azure/arm-resources-subscriptions
  (plus @azure/arm-managementgroups for --management-group)

Options:
${AZURE_OPTIONS_HELP}  --allow-partial          exit 0 even when a subscription failed or was not visible
  --output <file>          write NDJSON to a file instead of stdout
  --meta <file>            also write a JSON record of the run (version, complete
                           or not, every failed scope; run.schema.json)
  -h, --help               show this help

The role: Reader on the subscriptions or the management group (docs/azure.md).

Examples:
  cloud-srm inventory azure --subscriptions 00000000-0000-0000-0000-000000000000 > inventory.ndjson
  cloud-srm inventory azure --management-group contoso | cloud-srm report --inventory -
`;

/** Checks the options and turns them into adapter options. */
export function azureOptionsFrom(values: AzureOptionValues): AzureInventoryOptions {
  const options: AzureInventoryOptions = {};
  if (values.subscriptions !== undefined) {
    const ids = values.subscriptions.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = ids.find((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    if (!ids.length || bad !== undefined) throw new UsageError(`--subscriptions takes subscription ids (GUIDs) separated by commas (got "${bad ?? values.subscriptions}")`);
    options.subscriptions = ids;
  }
  if (values["management-group"] !== undefined) {
    if (options.subscriptions) throw new UsageError("give --subscriptions or --management-group, not both");
    const group = values["management-group"].trim();
    if (!/^[\w().-]{1,90}$/.test(group)) throw new UsageError(`--management-group takes a management group id (got "${values["management-group"]}")`);
    options.managementGroup = group;
  }
  if (values.cloud !== undefined) {
    const cloud = CLOUDS.find((c) => c.toLowerCase() === values.cloud!.toLowerCase());
    if (!cloud) throw new UsageError(`--cloud takes ${CLOUDS.join(", ")} (got "${values.cloud}")`);
    options.cloud = cloud;
  }
  if (values.endpoint !== undefined) {
    if (!/^https:\/\/[^/\s]+/.test(values.endpoint)) throw new UsageError(`--endpoint takes an https URL (got "${values.endpoint}")`);
    options.endpoint = values.endpoint;
  }
  if (values["no-resource-graph"]) options.resourceGraph = false;
  Object.assign(options, commonLiveOptions(values));
  return options;
}

/** One line per failed or not visible scope, for stderr. */
export function azureScopeLines(result: AzureInventoryResult): string[] {
  const lines = result.errors.map((e) => `azure: ${e.message}`);
  for (const scope of result.scopes) if (scope.status === "not-visible") lines.push(`azure: subscription ${scope.id}: not visible: ${scope.reason ?? "the credential cannot see it"}`);
  return lines;
}

/** The subscriptions that could not be read, as report problems. */
export function azureProblems(result: AzureInventoryResult): ImportProblem[] {
  const problems: ImportProblem[] = result.errors.map((e) => ({ source: "azure", position: `subscription ${e.scope}`, message: `${e.operation} failed (${e.code})` }));
  for (const scope of result.scopes.filter((s: ScopeSummary) => s.status === "not-visible")) problems.push({ source: "azure", position: `subscription ${scope.id}`, message: "not visible to the credential" });
  return problems;
}

/** The run, with the CLI's progress bar and Ctrl-C handling. `onResult` gets the result at the end. */
export async function* azureResources(values: AzureOptionValues, io: CliIo, onResult: (result: AzureInventoryResult) => void, extra: AzureInventoryOptions = {}): AsyncGenerator<Resource> {
  const options = azureOptionsFrom(values);
  const { azureInventory } = await import("../../adapters/azure/index.js");
  const bar = io.stderr.isTTY ? progressBar<AzureProgress>(io, "azure", "subscriptions") : undefined;
  yield* cliLiveRun(io, bar, (hooks) => azureInventory({ ...options, ...hooks, ...extra }), onResult);
}

/** `cloud-srm inventory azure`: NDJSON of live resources. */
export async function inventoryAzureCommand(args: string[], io: CliIo, extra: AzureInventoryOptions = {}): Promise<number> {
  const { values, positionals } = parse(args, { ...AZURE_OPTIONS, "allow-partial": { type: "boolean" }, output: { type: "string" }, ...META_OPTION });
  if (values.help) return io.stdout.write(INVENTORY_AZURE_HELP), EXIT.ok;
  await clearRunRecord(values.meta);
  if (positionals.length) throw new UsageError(`inventory azure takes no arguments (got "${positionals[0]}")`);
  azureOptionsFrom(values);
  let result: AzureInventoryResult | undefined;
  const count = await writeLiveNdjson(io, values.output, azureResources(values, io, (r) => (result = r), extra));
  if (count === undefined) return 130;
  const lines = result ? azureScopeLines(result) : [];
  for (const line of lines) io.stderr.write(`${line}\n`);
  const subscriptions = result?.scopes.filter((s) => s.kind === "azure-subscription") ?? [];
  const read = subscriptions.filter((s) => s.status === "read").length;
  const unread = subscriptions.filter((s) => s.status === "failed" || s.status === "not-visible").length;
  io.stderr.write(`listed ${count} resource(s) from ${read} of ${subscriptions.length} subscription(s)${unread ? `; ${unread} could not be read` : ""}\n`);
  const partial = Boolean(unread || result?.errors.length);
  const problems = result ? azureProblems(result) : [];
  // A subscription counted unread without an error or a not-visible status still makes the record incomplete.
  if (partial && problems.length === 0) problems.push({ source: "azure", position: "run", message: `${unread} subscription(s) could not be read` });
  await writeRunRecord(values.meta, { command: "inventory azure", format: "ndjson", now: clockFrom(io.env), resources: count, problems });
  return partial ? (values["allow-partial"] ? EXIT.ok : EXIT.partial) : EXIT.ok;
}

