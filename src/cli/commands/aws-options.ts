/**
 * The live AWS options shared by `inventory aws` and `report --aws`, and the
 * run itself: progress on stderr as a bar only when stderr is a terminal,
 * per-scope errors as diagnostics, Ctrl-C stopping the run cleanly.
 */
import type { AwsInventoryOptions, AwsProgress, AwsScopeError } from "../../adapters/aws/types.js";
import type { ImportProblem } from "../../inventory/importer.js";
import type { Resource } from "../../types.js";
import { parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { UsageError, type CliIo } from "../io.js";
import { clearRunRecord, META_OPTION, writeRunRecord } from "../run-record.js";
import { clockFrom } from "../clock.js";
import { cliLiveRun, commonLiveOptions, progressBar, writeLiveNdjson } from "./live-run.js";

/** parseArgs options for live AWS inventory. */
export const AWS_OPTIONS = {
  regions: { type: "string" },
  org: { type: "boolean" },
  role: { type: "string" },
  "external-id": { type: "string" },
  profile: { type: "string" },
  config: { type: "boolean" },
  "config-aggregator": { type: "string" },
  concurrency: { type: "string" },
  shard: { type: "string" },
} as const;

export interface AwsOptionValues {
  regions?: string | undefined;
  org?: boolean | undefined;
  role?: string | undefined;
  "external-id"?: string | undefined;
  profile?: string | undefined;
  config?: boolean | undefined;
  "config-aggregator"?: string | undefined;
  concurrency?: string | undefined;
  shard?: string | undefined;
}

export const AWS_OPTIONS_HELP = `  --regions <r1,r2>        regions to scan (default: the partition's default-enabled
                           regions; Resource Explorer's aggregator covers all)
  --org                    every active account of the AWS Organization
  --role <name>            role to assume in each member account (with --org)
  --external-id <id>       external id the role's trust policy requires
  --profile <name>         named profile (default: the standard credential chain)
  --config                 also read AWS Config, for configuration evidence
  --config-aggregator <n>  read Config through this aggregator instead
  --concurrency <n>        API calls in flight at once (default 8)
  --shard <K/N>            read only worker K's share of N (a stable partition of
                           accounts; N workers' outputs concatenate, no duplicates)
`;

export const INVENTORY_AWS_HELP = `Usage: cloud-srm inventory aws [options]

Lists the resources of an AWS account (or a whole AWS Organization) live,
read-only, and writes them as NDJSON (one normalized resource per line) to
stdout. Credentials, region and endpoints come from the standard AWS
configuration (environment, profiles, SSO, instance roles). An account or
region that fails is reported on stderr and the rest still completes; the
exit code is then 3 (--allow-partial: 0). Needs the AWS SDK clients (optional dependencies):
  npm install @aws-sdk/client-sts @aws-sdk/client-resource-explorer-2 @aws-sdk/client-resource-groups-tagging-api
  (plus @aws-sdk/client-organizations for --org, @aws-sdk/client-config-service for --config)

Options:
${AWS_OPTIONS_HELP}  --allow-partial          exit 0 even when an account or region failed
  --output <file>          write NDJSON to a file instead of stdout
  --meta <file>            also write a JSON record of the run (version, complete
                           or not, every failed scope; run.schema.json)
  -h, --help               show this help

The least-privilege IAM policy is docs/aws-policy.json in the package.

Examples:
  cloud-srm inventory aws --regions eu-west-1,us-east-1 > inventory.ndjson
  cloud-srm inventory aws --org --role CloudSrmReadOnly --config | cloud-srm report --inventory -
`;

/** Checks the options and turns them into adapter options. */
export function awsOptionsFrom(values: AwsOptionValues): AwsInventoryOptions {
  const options: AwsInventoryOptions = {};
  if (values.regions !== undefined) {
    const regions = values.regions.split(",").map((r) => r.trim()).filter(Boolean);
    const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
    if (!regions.length || bad !== undefined) throw new UsageError(`--regions takes region names separated by commas, e.g. eu-west-1,us-east-1 (got "${bad ?? values.regions}")`);
    options.regions = regions;
  }
  if (values.org) {
    if (!values.role) throw new UsageError("--org needs --role NAME: the role to assume in each member account");
    options.organization = { role: values.role, ...(values["external-id"] ? { externalId: values["external-id"] } : {}) };
  } else if (values.role || values["external-id"]) {
    throw new UsageError("--role and --external-id go with --org");
  }
  if (values.profile) options.profile = values.profile;
  if (values["config-aggregator"]) options.config = { aggregator: values["config-aggregator"] };
  else if (values.config) options.config = true;
  Object.assign(options, commonLiveOptions(values));
  return options;
}

/** One line per failed scope, for stderr. */
export function formatAwsError(error: AwsScopeError): string {
  return `aws: ${error.message}`;
}

/** The run, with the CLI's progress bar and Ctrl-C handling. `onError` gets each failed scope at the end. */
export async function* awsResources(values: AwsOptionValues, io: CliIo, onError: (error: AwsScopeError) => void, extra: AwsInventoryOptions = {}): AsyncGenerator<Resource> {
  const options = awsOptionsFrom(values);
  // The SDK warns once per process about Node versions it will drop (an
  // emitWarning, opted out with this variable); that is about the user's
  // environment, not this command's output, and would clutter piped stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { awsInventory } = await import("../../adapters/aws/index.js");
  const bar = io.stderr.isTTY ? progressBar<AwsProgress>(io, "aws") : undefined;
  yield* cliLiveRun(io, bar, (hooks) => awsInventory({ ...options, ...hooks, ...extra }), (result) => {
    for (const error of result.errors) onError(error);
  });
}

/** `cloud-srm inventory aws`: NDJSON of live resources. */
export async function inventoryAwsCommand(args: string[], io: CliIo, extra: AwsInventoryOptions = {}): Promise<number> {
  const { values, positionals } = parse(args, { ...AWS_OPTIONS, "allow-partial": { type: "boolean" }, output: { type: "string" }, ...META_OPTION });
  if (values.help) return io.stdout.write(INVENTORY_AWS_HELP), 0;
  await clearRunRecord(values.meta);
  if (positionals.length) throw new UsageError(`inventory aws takes no arguments (got "${positionals[0]}")`);
  awsOptionsFrom(values);
  const errors: AwsScopeError[] = [];
  const count = await writeLiveNdjson(io, values.output, awsResources(values, io, (e) => errors.push(e), extra));
  if (count === undefined) return 130;
  for (const error of errors) io.stderr.write(`${formatAwsError(error)}\n`);
  io.stderr.write(`listed ${count} resource(s)${errors.length ? `; ${errors.length} account/region scope(s) failed` : ""}\n`);
  await writeRunRecord(values.meta, { command: "inventory aws", format: "ndjson", now: clockFrom(io.env), resources: count, problems: errors.map(awsProblem) });
  return errors.length && !values["allow-partial"] ? EXIT.partial : EXIT.ok;
}

/** A failed scope as a report problem. */
export function awsProblem(error: AwsScopeError): ImportProblem {
  return { source: "aws", position: `account ${error.account} region ${error.region}`, message: `${error.operation} failed (${error.code})` };
}

