import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudSrmError } from "../errors.js";
import type { DutyState, Resource } from "../types.js";
import type { JoinedResource, Joiner, ServicePlan } from "./joiner.js";
import { joinBatchesWith, type StreamJoinSummary } from "./stream-join.js";

/**
 * The columns of `report --format parquet`, in file order: one row per
 * resource x duty (customer or shared control of its service), the
 * inventory's fields as columns. A resource whose type maps to no service
 * has one row with `service`, `control`, `owner` and `state` null, so nothing
 * is dropped silently. Documented in docs/outputs.md ("Parquet").
 */
export const PARQUET_COLUMNS = [
  ["uid", "VARCHAR", "resource id (ARN, Azure resource id, GCP full resource name, Terraform address)"],
  ["name", "VARCHAR", "resource name, when the source has one"],
  ["type", "VARCHAR", "native type"],
  ["type_system", "VARCHAR", "cloudformation, arn, terraform, arm or gcp-asset"],
  ["provider", "VARCHAR", "aws, azure, gcp, ..."],
  ["account", "VARCHAR", "account, subscription or project id"],
  ["account_name", "VARCHAR", "its name, when known"],
  ["account_type", "VARCHAR", "aws-account, azure-subscription, gcp-project or other"],
  ["org", "VARCHAR", "organization id, when known"],
  ["region", "VARCHAR", "region"],
  ["zone", "VARCHAR", "zone"],
  ["created_at", "TIMESTAMP WITH TIME ZONE", "creation time, when the source has it"],
  ["tags", "MAP(VARCHAR, VARCHAR)", "every tag or label"],
  ["source_kind", "VARCHAR", "where the record came from (terraform-state, aws-config, ...)"],
  ["collected_at", "TIMESTAMP WITH TIME ZONE", "when the source collected it"],
  ["service", "VARCHAR", "catalog service id (null: type maps to no service)"],
  ["model", "VARCHAR", "iaas, paas, faas or saas"],
  ["control", "VARCHAR", "the duty's control id"],
  ["owner", "VARCHAR", "customer or shared"],
  ["state", "VARCHAR", "met, not-met, unknown, or unchecked (nothing covers the duty)"],
  ["evidence_rules", "VARCHAR", "ids of the rules evaluated for this duty, '; '-separated"],
  ["evidence_detail", "VARCHAR", "what they found, '; '-separated"],
] as const;

export interface ParquetOptions {
  /** Rows per Parquet row group (default DuckDB's 122,880). */
  rowGroupSize?: number;
  /** DuckDB memory limit (default "512MB"); DuckDB spills to a temporary folder beyond it. */
  memoryLimit?: string;
  /**
   * Key-value pairs for the file's footer metadata (the CLI's tool and catalog
   * versions and partial-inventory count); a function is called once the join
   * has read every input, so counts gathered while reading are final.
   */
  keyValueMetadata?: Record<string, string> | (() => Record<string, string>);
  /** The `@duckdb/node-api` module, if the caller has it loaded (default: imported on use). */
  duckdb?: DuckDbModule;
}

/** The part of `@duckdb/node-api` used here (an optional peer dependency, loaded on use). */
export interface DuckDbModule {
  DuckDBInstance: {
    create(path: string, options?: Record<string, string>): Promise<{
      connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync?(): void }>;
      closeSync?(): void;
    }>;
  };
}

/**
 * Joins a stream of resource batches and writes the joined rows, one per
 * resource x duty, to a Parquet file that DuckDB, Athena, BigQuery and Spark
 * read as they are. The join streams into a compact NDJSON file in a temporary
 * folder (one line per resource, with its service's duty list, whose text is
 * built once per service); DuckDB's Parquet writer (an optional peer
 * dependency, loaded here) then expands the duties and writes the file in row
 * groups within a bounded memory limit.
 */
export async function joinToParquet(
  batches: AsyncIterable<readonly Resource[]> | Iterable<readonly Resource[]>,
  joiner: Joiner,
  file: string,
  options: ParquetOptions = {},
): Promise<StreamJoinSummary> {
  const duckdb = options.duckdb ?? (await loadDuckDb());
  const dir = await mkdtemp(join(tmpdir(), "cloud-srm-parquet-"));
  try {
    const rows = join(dir, "resources.ndjson");
    const out = createWriteStream(rows);
    const summary = await joinBatchesWith(batches, joiner, out, (joined, states) => parquetSourceLine(joiner, joined, states));
    out.end();
    await once(out, "close");
    const instance = await duckdb.DuckDBInstance.create(":memory:", {
      threads: "2",
      memory_limit: options.memoryLimit ?? "512MB",
      temp_directory: join(dir, "spill"),
      preserve_insertion_order: "true",
    });
    const connection = await instance.connect();
    try {
      const metadata = typeof options.keyValueMetadata === "function" ? options.keyValueMetadata() : options.keyValueMetadata;
      await connection.run(copySql(rows, file, options.rowGroupSize, metadata));
    } finally {
      connection.closeSync?.();
      instance.closeSync?.();
    }
    return summary;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const dutyLists = new WeakMap<ServicePlan, string>();

/** The service's duties as staging JSON ([{c: control, o: owner}], matrix order), built once per service. */
function dutyList(plan: ServicePlan): string {
  let list = dutyLists.get(plan);
  if (list === undefined) {
    const owners = new Map(plan.matrix.rows.map((row) => [row.control, row.owner]));
    list = JSON.stringify(plan.duties.map((c) => ({ c, o: owners.get(c) })));
    dutyLists.set(plan, list);
  }
  return list;
}

// An unmapped resource still gets one row: a duty list of one empty entry.
const NO_DUTY = '[{"c":null,"o":null}]';

/**
 * One resource for DuckDB to read: the inventory fields, the service's duty
 * list (text shared per service) and, for covered duties, state, rules and details.
 */
function parquetSourceLine(joiner: Joiner, joined: JoinedResource, states: ReadonlyMap<string, DutyState> | undefined): string {
  const r = joined.resource;
  const covered: Record<string, { s: string; r: string; d: string | null }> = {};
  if (states) {
    for (const [control, state] of states) {
      const results = joined.evidence.filter((e) => e.control === control);
      const details = results.flatMap((e) => (e.detail === undefined ? [] : [e.detail]));
      covered[control] = { s: state, r: results.map((e) => e.rule).join("; "), d: details.length ? details.join("; ") : null };
    }
  }
  const fields = JSON.stringify({
    uid: r.uid,
    name: r.name,
    type: r.type,
    type_system: r.typeSystem,
    provider: r.provider,
    account: r.account.uid,
    account_name: r.account.name,
    account_type: r.account.type,
    org: r.org?.uid,
    region: r.region,
    zone: r.zone,
    created_at: r.createdAt,
    tags: r.tags,
    source_kind: r.source.kind,
    collected_at: r.source.collectedAt,
    service: joined.service?.id ?? null,
    model: joined.service?.model ?? null,
    covered,
  });
  const duties = joined.service ? dutyList(joiner.plan(joined.service)) : NO_DUTY;
  return `${fields.slice(0, -1)},"duties":${duties}}`;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
const sqlIdentifier = (value: string) => `"${value.replaceAll('"', '""')}"`;

function copySql(rows: string, file: string, rowGroupSize: number | undefined, metadata: Record<string, string> = {}): string {
  const inputColumns = PARQUET_COLUMNS.filter(([name]) => !["control", "owner", "state", "evidence_rules", "evidence_detail"].includes(name))
    .map(([name, type]) => `${name}: '${type.startsWith("TIMESTAMP") ? "VARCHAR" : type}'`)
    .join(", ");
  const read = `read_json(${sqlString(rows)}, format = 'newline_delimited', columns = {${inputColumns}, covered: 'MAP(VARCHAR, STRUCT(s VARCHAR, r VARCHAR, d VARCHAR))', duties: 'STRUCT(c VARCHAR, o VARCHAR)[]'})`;
  const select = PARQUET_COLUMNS.map(([name, type]) => {
    if (name === "control") return "d.c AS control";
    if (name === "owner") return "d.o AS owner";
    if (name === "state") return `CASE WHEN d.c IS NULL THEN NULL ELSE coalesce(r.covered[d.c].s, 'unchecked') END AS state`;
    if (name === "evidence_rules") return `r.covered[d.c].r AS evidence_rules`;
    if (name === "evidence_detail") return `r.covered[d.c].d AS evidence_detail`;
    if (type.startsWith("TIMESTAMP")) return `try_cast(r.${name} AS TIMESTAMPTZ) AS ${name}`;
    return `r.${name}`;
  }).join(", ");
  const kv = Object.entries(metadata).map(([key, value]) => `${sqlIdentifier(key)}: ${sqlString(value)}`);
  const options = ["FORMAT parquet", "COMPRESSION snappy", ...(rowGroupSize ? [`ROW_GROUP_SIZE ${Math.floor(rowGroupSize)}`] : []), ...(kv.length ? [`KV_METADATA {${kv.join(", ")}}`] : [])].join(", ");
  // unnest keeps each resource's duties in matrix order and, with preserve_insertion_order, the
  // resources in input order: no join and no sort (a sort of the expanded rows cost 4x the rest).
  return `COPY (SELECT ${select} FROM (SELECT *, unnest(duties) AS d FROM ${read}) r) TO ${sqlString(file)} (${options})`;
}

async function loadDuckDb(): Promise<DuckDbModule> {
  try {
    // A literal specifier, kept external by tsup.config.ts like the cloud SDKs: loaded only here.
    return (await import("@duckdb/node-api")) as unknown as DuckDbModule;
  } catch (error) {
    throw new CloudSrmError(
      "MISSING_PEER",
      `--format parquet needs DuckDB's Node API, an optional peer dependency: npm install @duckdb/node-api (${(error as Error).message.split("\n")[0]})`,
    );
  }
}
