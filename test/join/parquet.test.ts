import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/catalog/builtin.js";
import { coveredStates } from "../../src/evidence/duties.js";
import { Joiner } from "../../src/join/joiner.js";
import { joinToParquet, PARQUET_COLUMNS } from "../../src/join/parquet.js";
import type { Resource } from "../../src/types.js";
import { runCli } from "../support/cli.js";

// The Parquet file is written by cloud-srm's own writer (src/join/parquet) and
// read back here by two independent readers: hyparquet (pure JavaScript) and
// DuckDB. hyparquet reads GZIP pages given a decompressor (Node's zlib here;
// hyparquet-compressors in an application).

const rds = (i: number, extra: Partial<Resource> = {}): Resource => ({
  uid: `arn:aws:rds:us-east-1:111122223333:db:db-${i}`,
  provider: "aws",
  account: { uid: "111122223333", type: "aws-account", name: "prod" },
  region: "us-east-1",
  type: "AWS::RDS::DBInstance",
  typeSystem: "cloudformation",
  name: `db-${i}`,
  tags: { env: "prod", "it's": "=cmd|' /C calc'!A0" },
  createdAt: "2026-01-02T03:04:05Z",
  attributes: { storageEncrypted: i % 2 === 0 },
  source: { kind: "aws-config", collectedAt: "2026-11-01T00:00:00Z" },
  ...extra,
});
const unmapped: Resource = { uid: "random_password.p", provider: "random", account: { uid: "unknown", type: "other" }, type: "random_password", typeSystem: "terraform", tags: {}, source: { kind: "terraform-state" } };

const compressors = { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloud-srm-parquet-"));
});

async function read(file: string): Promise<Record<string, unknown>[]> {
  return (await parquetReadObjects({ file: await asyncBufferFromFile(file), compressors })) as Record<string, unknown>[];
}

describe("report as Parquet", () => {
  it("one row per resource x duty, inventory fields as columns, states and evidence; an unmapped type keeps one row", { timeout: 240_000 }, async () => {
    const file = join(dir, "small.parquet");
    const joiner = new Joiner(builtinCatalog());
    const summary = await joinToParquet([[rds(0), rds(1)], [unmapped]], joiner, file);
    const duties = joiner.plan(builtinCatalog().getService("aws.rds")!).duties;
    const rows = await read(file);
    expect(summary).toMatchObject({ total: 3, mapped: 2 });
    expect(rows).toHaveLength(2 * duties.length + 1);
    expect(Object.keys(rows[0]!)).toEqual(PARQUET_COLUMNS.map(([name]) => name));
    // Rows follow the input, then the matrix order of duties.
    expect(rows.slice(0, duties.length).map((r) => r.control)).toEqual(duties);
    const encryption = rows.filter((r) => r.control === "data.encryption-at-rest");
    expect(encryption.map((r) => [r.name, r.state])).toEqual([
      ["db-0", "met"],
      ["db-1", "not-met"],
    ]);
    expect(encryption[1]).toMatchObject({ owner: "shared", service: "aws.rds", model: "paas", account_name: "prod", source_kind: "aws-config" });
    expect(String(encryption[1]!.evidence_rules)).toMatch(/\S/);
    expect(rows.filter((r) => r.uid === rds(0).uid && r.state === "unchecked").length).toBeGreaterThan(0);
    expect(rows[0]!.tags).toEqual({ env: "prod", "it's": "=cmd|' /C calc'!A0" });
    expect(new Date(rows[0]!.created_at as Date).toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(rows.at(-1)).toMatchObject({ uid: "random_password.p", service: null, control: null, owner: null, state: null });
  });

  it("writes many row groups in input order (rows cross group boundaries)", { timeout: 240_000 }, async () => {
    const file = join(dir, "groups.parquet");
    const resources = Array.from({ length: 400 }, (_, i) => rds(i));
    const joiner = new Joiner(builtinCatalog());
    await joinToParquet([resources.slice(0, 150), resources.slice(150)], joiner, file, { rowGroupSize: 1000 });
    const duties = joiner.plan(builtinCatalog().getService("aws.rds")!).duties.length;
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
    expect(Number(metadata.num_rows)).toBe(400 * duties);
    expect(metadata.row_groups.length).toBeGreaterThan(3);
    const rows = await read(file);
    expect(rows.filter((_, i) => i % duties === 0).map((r) => r.name)).toEqual(resources.map((r) => r.name));
  });

  it("cloud-srm report --format parquet: the DuckDB query from docs/outputs.md runs on it", { timeout: 240_000 }, async () => {
    const file = join(dir, "example.parquet");
    const { code, stderr } = await runCli(["report", "--example", "--format", "parquet", "--output", file], { SOURCE_DATE_EPOCH: "1767225600" });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^joined 50 resource\(s\), 49 mapped/);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      `SELECT service, state, count(*) AS duties FROM read_parquet('${file}') WHERE owner IS NOT NULL GROUP BY ALL ORDER BY service, state`,
    );
    const counts = reader.getRowObjectsJson() as { service: string; state: string; duties: string | number }[];
    const total = (state: string) => counts.filter((c) => c.state === state).reduce((n, c) => n + Number(c.duties), 0);
    // The same figures as the NDJSON join's closing line for the example (derived: the catalog decides them).
    const ndjson = await runCli(["report", "--example", "--format", "ndjson"], { SOURCE_DATE_EPOCH: "1767225600" });
    const figures = /duties: (\d+) not met, (\d+) unknown, (\d+) unchecked, (\d+) met/.exec(ndjson.stderr)!.slice(1).map(Number);
    expect(figures[2]).toBeGreaterThan(1000);
    expect([total("not-met"), total("unknown"), total("unchecked"), total("met")]).toEqual(figures);
    connection.closeSync();
    db.closeSync();
    expect((await read(file)).length).toBe(figures.reduce((a, b) => a + b, 0) + 1);
  });
});

describe("the Parquet writer against an expansion of the join computed here", () => {
  // Varied on purpose: several tags (non-ASCII too), no tags, times without an offset or not times
  // at all, optional fields present and absent, many resources so dictionaries pass 8 bits.
  const varied = (i: number): Resource => {
    const base = rds(i, {
      name: i % 5 === 0 ? undefined : `db-${i}-é-${"🚀".repeat(i % 3)}`,
      zone: i % 4 === 0 ? "us-east-1a" : undefined,
      org: i % 6 === 0 ? { uid: "o-123" } : undefined,
      account: { uid: `1111222233${i % 13}`, type: "aws-account", ...(i % 2 ? { name: `acct ${i % 13}` } : {}) },
      tags: i % 7 === 0 ? {} : { env: i % 2 ? "prod" : "dev", team: `t${i % 300}`, "cost-centre": `cc-${i % 3}`, ...(i % 3 === 0 ? { note: "x".repeat(i % 50) } : {}) },
      createdAt: i % 3 === 0 ? "2026-01-02T03:04:05" : i % 3 === 1 ? "not a date" : `2026-02-0${(i % 9) + 1}T10:00:00.123+02:00`,
      attributes: { storageEncrypted: i % 2 === 0, publiclyAccessible: i % 5 === 0, backupRetentionPeriod: i % 4 },
    });
    return i % 11 === 0 ? { ...unmapped, uid: `random_password.p${i}` } : base;
  };
  const resources = Array.from({ length: 700 }, (_, i) => varied(i));

  function expectedRows(joiner: Joiner): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    for (const r of resources) {
      const joined = joiner.join(r);
      const instant = (text: string | undefined) => {
        if (text === undefined) return null;
        const ms = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
        return Number.isNaN(ms) ? null : new Date(ms).toISOString();
      };
      const common = {
        uid: r.uid, name: r.name ?? null, type: r.type, type_system: r.typeSystem, provider: r.provider,
        account: r.account.uid, account_name: r.account.name ?? null, account_type: r.account.type, org: r.org?.uid ?? null,
        region: r.region ?? null, zone: r.zone ?? null, created_at: instant(r.createdAt), tags: r.tags, source_kind: r.source.kind,
        collected_at: instant(r.source.collectedAt), service: joined.service?.id ?? null, model: joined.service?.model ?? null,
      };
      const plan = joined.service ? joiner.plan(joined.service) : undefined;
      if (!plan || plan.duties.length === 0) {
        rows.push({ ...common, control: null, owner: null, state: null, evidence_rules: null, evidence_detail: null });
        continue;
      }
      for (const control of plan.duties) {
        const results = joined.evidence.filter((e) => e.control === control);
        const details = results.flatMap((e) => (e.detail === undefined ? [] : [e.detail]));
        const stateOf = results.length ? coveredStates(plan.dutySet, joined.evidence).get(control) : "unchecked";
        rows.push({
          ...common, control, owner: plan.matrix.rows.find((row) => row.control === control)!.owner, state: stateOf,
          evidence_rules: results.length ? results.map((e) => e.rule).join("; ") : null,
          evidence_detail: details.length ? details.join("; ") : null,
        });
      }
    }
    return rows;
  }

  const normalise = (row: Record<string, unknown>) => ({
    ...row,
    created_at: row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at,
    collected_at: row.collected_at instanceof Date ? row.collected_at.toISOString() : row.collected_at,
  });

  for (const compression of ["gzip", "none"] as const) {
    it(`every cell as expected (${compression}, many row groups), read by hyparquet and by DuckDB`, { timeout: 240_000 }, async () => {
      const file = join(dir, `varied-${compression}.parquet`);
      const joiner = new Joiner(builtinCatalog());
      await joinToParquet([resources.slice(0, 333), resources.slice(333)], joiner, file, { rowGroupSize: 2000, compression });
      const expected = expectedRows(new Joiner(builtinCatalog()));
      const rows = (await read(file)).map(normalise);
      expect(rows.length).toBe(expected.length);
      for (let i = 0; i < rows.length; i++) expect(rows[i], `row ${i}`).toEqual(expected[i]);
      const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
      expect(metadata.row_groups.length).toBeGreaterThan(3);

      const db = await DuckDBInstance.create(":memory:");
      const connection = await db.connect();
      const reader = await connection.runAndReadAll(
        `SELECT uid, control, state, tags['team'] AS team, epoch_us(created_at) AS created FROM read_parquet('${file}')`,
      );
      const duck = reader.getRowObjectsJson() as { uid: string; control: string | null; state: string | null; team: string | null; created: string | null }[];
      connection.closeSync();
      db.closeSync();
      expect(duck.map((d) => [d.uid, d.control, d.state, d.team ?? null])).toEqual(
        expected.map((e) => [e.uid, e.control, e.state, (e.tags as Record<string, string>).team ?? null]),
      );
      expect(duck.map((d) => (d.created === null ? null : new Date(Number(d.created) / 1000).toISOString()))).toEqual(expected.map((e) => e.created_at));
    });
  }

  it("refuses a row group size it cannot encode", async () => {
    await expect(joinToParquet([[rds(0)]], new Joiner(builtinCatalog()), join(dir, "bad.parquet"), { rowGroupSize: 0 })).rejects.toThrow(/rowGroupSize/);
  });
});
