import { open, rm } from "node:fs/promises";
import { CloudSrmError } from "../errors.js";
import type { DutyState, Resource } from "../types.js";
import type { JoinedResource, Joiner, ServicePlan } from "./joiner.js";
import { JoinTally, type StreamJoinSummary } from "./stream-join.js";
import { ByteSink } from "./parquet/bytes.js";
import { DictionaryColumn, writeChunkMeta, type ChunkMeta, type Compression } from "./parquet/column.js";
import { CompactWriter } from "./parquet/thrift.js";

/**
 * The columns of `report --format parquet`, in file order: one row per
 * resource x duty (customer or shared control of its service), the
 * inventory's fields as columns. A resource whose type maps to no service
 * (or to a service without customer or shared duties) has one row with
 * `control`, `owner` and `state` null, so nothing is dropped silently. Documented in docs/outputs.md ("Parquet").
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
  /** Rows per Parquet row group (default 122,880, as DuckDB writes; a group ends after the resource that fills it). */
  rowGroupSize?: number;
  /** Page compression (default "gzip", level 1; "none" writes about 5x the bytes in a little less time). */
  compression?: Compression;
  /**
   * Key-value pairs for the file's footer metadata (the CLI's tool and catalog
   * versions and partial-inventory count); a function is called once the join
   * has read every input, so counts gathered while reading are final.
   */
  keyValueMetadata?: Record<string, string> | (() => Record<string, string>);
}

const DEFAULT_ROW_GROUP = 122_880;
// Dictionary indices are bit-packed in 32-bit arithmetic (parquet/hybrid.ts): keep them under 2^24.
const MAX_ROW_GROUP = 1 << 24;

/*
 * Why a writer here rather than a registry package: the rows are one per
 * resource x duty (about 20 per resource), so a million resources are about
 * 20 million rows x 22 columns. hyparquet-writer, the well-kept pure-JS
 * writer, takes a column of values per row group and costs about 800 ns per
 * cell measured on this machine (some 5 minutes for a million resources),
 * and DuckDB (the previous writer, via a staged NDJSON file) cost 10-20 times
 * the join. Written from the join loop instead, a resource's 17 fields are
 * looked up once and stored as one run of its dictionary index across its duty
 * rows, so most of the work is per resource, not per cell: the file format
 * is the plain subset every engine reads (v1 data pages, dictionary encoding,
 * RLE / bit-packed levels and indices, no compression), checked in
 * test/join/parquet.test.ts with DuckDB and with hyparquet.
 */

/**
 * Joins a stream of resource batches and writes the joined rows, one per
 * resource x duty, to a Parquet file that DuckDB, Athena, BigQuery and Spark
 * read as they are. Rows are encoded column-wise as the join produces them;
 * a row group is written out when it fills, so memory holds one row group.
 */
export async function joinToParquet(
  batches: AsyncIterable<readonly Resource[]> | Iterable<readonly Resource[]>,
  joiner: Joiner,
  file: string,
  options: ParquetOptions = {},
): Promise<StreamJoinSummary> {
  const groupSize = Math.floor(options.rowGroupSize ?? DEFAULT_ROW_GROUP);
  if (!(groupSize >= 1 && groupSize <= MAX_ROW_GROUP)) {
    throw new CloudSrmError("INVALID_OPTION", `rowGroupSize must be between 1 and ${MAX_ROW_GROUP}, not ${options.rowGroupSize}`);
  }
  const tally = new JoinTally(joiner);
  const compression = options.compression ?? "gzip";
  if (compression !== "gzip" && compression !== "none") throw new CloudSrmError("INVALID_OPTION", `compression must be "gzip" or "none", not ${String(compression)}`);
  const rows = new DutyRows(joiner, compression);
  const handle = await open(file, "w");
  let offset = 0;
  const write = async (bytes: Uint8Array) => {
    await handle.write(bytes);
    offset += bytes.length;
  };
  try {
    await write(MAGIC);
    for await (const batch of batches) {
      for (const resource of batch) {
        const joined = joiner.join(resource);
        rows.add(joined, tally.add(joined));
        if (rows.count >= groupSize) await write(rows.flush(offset));
      }
    }
    if (rows.count > 0) await write(rows.flush(offset));
    const metadata = typeof options.keyValueMetadata === "function" ? options.keyValueMetadata() : options.keyValueMetadata;
    const footer = rows.footer(metadata);
    const tail = new ByteSink(footer.length + 8);
    tail.bytes(footer);
    tail.uint32(footer.length);
    tail.bytes(MAGIC);
    await write(tail.view());
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }
  return tally.summary();
}

const MAGIC = new TextEncoder().encode("PAR1");

// parquet.thrift enum values of the schema.
const REPETITION = { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 } as const;
const CONVERTED = { UTF8: 0, MAP: 1, TIMESTAMP_MICROS: 10 } as const;

/**
 * The leaf columns, in schema order (the map `tags` has two: its keys and its
 * values), and the duty rows being collected for the current row group.
 */
class DutyRows {
  count = 0;
  readonly #groups: { chunks: ChunkMeta[]; rows: number }[] = [];
  readonly #c = {
    uid: text("uid"),
    name: text("name"),
    type: text("type"),
    typeSystem: text("type_system"),
    provider: text("provider"),
    account: text("account"),
    accountName: text("account_name"),
    accountType: text("account_type"),
    org: text("org"),
    region: text("region"),
    zone: text("zone"),
    createdAt: new DictionaryColumn(["created_at"], "INT64"),
    // tags: optional group (MAP) > repeated group key_value > required key, optional value.
    tagKey: new DictionaryColumn(["tags", "key_value", "key"], "BYTE_ARRAY", 2, 1),
    tagValue: new DictionaryColumn(["tags", "key_value", "value"], "BYTE_ARRAY", 3, 1),
    sourceKind: text("source_kind"),
    collectedAt: new DictionaryColumn(["collected_at"], "INT64"),
    service: text("service"),
    model: text("model"),
    control: text("control"),
    owner: text("owner"),
    state: text("state"),
    rules: text("evidence_rules"),
    detail: text("evidence_detail"),
  };
  readonly #columns = Object.values(this.#c);
  /** Per service, its duties' control and owner dictionary indices in this row group. */
  #dutyIndices = new Map<ServicePlan, { control: number[]; owner: number[] }>();
  readonly #created = new LastInstant();
  readonly #collected = new LastInstant();

  constructor(
    readonly joiner: Joiner,
    readonly compression: Compression,
  ) {}

  add(joined: JoinedResource, states: ReadonlyMap<string, DutyState> | undefined): void {
    const c = this.#c;
    const r = joined.resource;
    const plan = joined.service ? this.joiner.plan(joined.service) : undefined;
    const duties = plan ? plan.duties.length : 0;
    const n = duties || 1;
    c.uid.add(r.uid, n);
    c.name.add(r.name, n);
    c.type.add(r.type, n);
    c.typeSystem.add(r.typeSystem, n);
    c.provider.add(r.provider, n);
    c.account.add(r.account.uid, n);
    c.accountName.add(r.account.name, n);
    c.accountType.add(r.account.type, n);
    c.org.add(r.org?.uid, n);
    c.region.add(r.region, n);
    c.zone.add(r.zone, n);
    c.createdAt.add(this.#created.micros(r.createdAt), n);
    this.#tags(r.tags, n);
    c.sourceKind.add(r.source.kind, n);
    c.collectedAt.add(this.#collected.micros(r.source.collectedAt), n);
    c.service.add(joined.service?.id, n);
    c.model.add(joined.service?.model, n);
    this.count += n;
    if (!plan || duties === 0) {
      for (const column of [c.control, c.owner, c.state, c.rules, c.detail]) column.addIndex(-1, 1);
      return;
    }
    const indices = this.#indicesOf(plan);
    c.control.definitions.push(1, duties);
    c.owner.definitions.push(1, duties);
    for (let i = 0; i < duties; i++) {
      c.control.indices.push(indices.control[i]!, 1);
      c.owner.indices.push(indices.owner[i]!, 1);
    }
    c.state.definitions.push(1, duties);
    if (!states || states.size === 0) {
      // Nothing covers any duty: one run for the whole resource.
      c.state.indices.push(c.state.index("unchecked"), duties);
      c.rules.addIndex(-1, duties);
      c.detail.addIndex(-1, duties);
      return;
    }
    const unchecked = c.state.index("unchecked");
    for (const control of plan.duties) {
      const state = states.get(control);
      if (state === undefined) {
        c.state.indices.push(unchecked, 1);
        c.rules.addIndex(-1, 1);
        c.detail.addIndex(-1, 1);
        continue;
      }
      c.state.indices.push(c.state.index(state), 1);
      let rules = "";
      let details: string | undefined;
      for (const e of joined.evidence) {
        if (e.control !== control) continue;
        rules = rules ? `${rules}; ${e.rule}` : e.rule;
        if (e.detail !== undefined) details = details === undefined ? e.detail : `${details}; ${e.detail}`;
      }
      c.rules.add(rules, 1);
      c.detail.add(details, 1);
    }
  }

  /** The map column: each duty row repeats the resource's tags (keys and values looked up once). */
  #tags(tags: Record<string, string> | undefined, n: number): void {
    const { tagKey, tagValue } = this.#c;
    if (tags === null || typeof tags !== "object") {
      for (const column of [tagKey, tagValue]) {
        column.repetitions.push(0, n);
        column.definitions.push(0, n);
      }
      return;
    }
    const keys = Object.keys(tags);
    if (keys.length === 0) {
      // An empty map: defined, no key_value entry.
      for (const column of [tagKey, tagValue]) {
        column.repetitions.push(0, n);
        column.definitions.push(1, n);
      }
      return;
    }
    const keyIndex = keys.map((key) => tagKey.index(key));
    const valueIndex = keys.map((key) => tagValue.index(tags[key]!));
    tagKey.definitions.push(2, n * keys.length);
    tagValue.definitions.push(3, n * keys.length);
    for (let row = 0; row < n; row++) {
      for (let i = 0; i < keys.length; i++) {
        const repetition = i === 0 ? 0 : 1;
        tagKey.repetitions.push(repetition, 1);
        tagValue.repetitions.push(repetition, 1);
        tagKey.indices.push(keyIndex[i]!, 1);
        tagValue.indices.push(valueIndex[i]!, 1);
      }
    }
  }

  #indicesOf(plan: ServicePlan): { control: number[]; owner: number[] } {
    let indices = this.#dutyIndices.get(plan);
    if (!indices) {
      const owners = new Map(plan.matrix.rows.map((row) => [row.control, row.owner]));
      indices = {
        control: plan.duties.map((control) => this.#c.control.index(control)),
        owner: plan.duties.map((control) => this.#c.owner.index(owners.get(control)!)),
      };
      this.#dutyIndices.set(plan, indices);
    }
    return indices;
  }

  /** Encodes the row group that is full (its column chunks, starting at file offset `offset`) and starts the next. */
  flush(offset: number): Uint8Array {
    const out = new ByteSink(1 << 20);
    const chunks = this.#columns.map((column) => column.encode(out, offset + out.length, this.compression));
    this.#groups.push({ chunks, rows: this.count });
    for (const column of this.#columns) column.reset();
    this.#dutyIndices = new Map();
    this.count = 0;
    return out.view();
  }

  /** The file's metadata (FileMetaData, Thrift compact). */
  footer(keyValue: Record<string, string> = {}): Uint8Array {
    const pairs = Object.entries(keyValue);
    const rows = this.#groups.reduce((sum, group) => sum + group.rows, 0);
    return CompactWriter.struct((w) => {
      w.i32(1, 1)
        .listStruct(2, SCHEMA, (e, element) => {
          if (element.type !== undefined) e.i32(1, element.type);
          if (element.repetition !== undefined) e.i32(3, element.repetition);
          e.string(4, element.name);
          if (element.children !== undefined) e.i32(5, element.children);
          if (element.converted !== undefined) e.i32(6, element.converted);
          // LogicalType TIMESTAMP(isAdjustedToUTC = true, unit = MICROS).
          if (element.converted === CONVERTED.TIMESTAMP_MICROS) e.struct(10, (l) => l.struct(8, (t) => t.bool(1, true).struct(2, (u) => u.struct(2, () => {}))));
        })
        .i64(3, rows)
        .listStruct(4, this.#groups, (g, group) =>
          g
            .listStruct(1, group.chunks, writeChunkMeta)
            .i64(2, group.chunks.reduce((sum, chunk) => sum + chunk.uncompressedSize, 0))
            .i64(3, group.rows),
        );
      // FileMetaData.key_value_metadata: list<KeyValue{1: key, 2: value}>, only when there is any.
      if (pairs.length > 0) w.listStruct(5, pairs, (kv, [key, value]) => kv.string(1, key).string(2, value));
      w.string(6, "cloud-srm");
    });
  }
}

function text(name: string): DictionaryColumn {
  return new DictionaryColumn([name], "BYTE_ARRAY");
}

interface SchemaElement {
  name: string;
  type?: number;
  repetition?: number;
  children?: number;
  converted?: number;
}

/** PARQUET_COLUMNS as Parquet schema elements (depth-first, the map's group and leaves inline). */
const SCHEMA: SchemaElement[] = [
  { name: "schema", children: PARQUET_COLUMNS.length },
  ...PARQUET_COLUMNS.flatMap(([name, type]): SchemaElement[] => {
    if (type.startsWith("MAP")) {
      return [
        { name, repetition: REPETITION.OPTIONAL, children: 1, converted: CONVERTED.MAP },
        { name: "key_value", repetition: REPETITION.REPEATED, children: 2 },
        { name: "key", type: 6, repetition: REPETITION.REQUIRED, converted: CONVERTED.UTF8 },
        { name: "value", type: 6, repetition: REPETITION.OPTIONAL, converted: CONVERTED.UTF8 },
      ];
    }
    if (type.startsWith("TIMESTAMP")) return [{ name, type: 2, repetition: REPETITION.OPTIONAL, converted: CONVERTED.TIMESTAMP_MICROS }];
    return [{ name, type: 6, repetition: REPETITION.OPTIONAL, converted: CONVERTED.UTF8 }];
  }),
];

/**
 * Timestamps as microseconds since the epoch (null when the text is not a
 * date), remembering the last text: `collectedAt` is usually the same for a
 * whole export. A time without an offset is read as UTC (not the machine's
 * zone), so the file does not depend on where it was written.
 */
class LastInstant {
  #text: string | undefined;
  #micros: number | null = null;

  micros(text: string | undefined): number | null {
    if (text === undefined) return null;
    if (text !== this.#text) {
      this.#text = text;
      const ms = Date.parse(NO_OFFSET.test(text) ? `${text}Z` : text);
      this.#micros = Number.isNaN(ms) ? null : ms * 1000;
    }
    return this.#micros;
  }
}

const NO_OFFSET = /T\d\d:\d\d(:\d\d(\.\d+)?)?$/;
