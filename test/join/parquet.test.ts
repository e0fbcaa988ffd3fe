import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/catalog/builtin.js";
import { Joiner } from "../../src/join/joiner.js";
import { joinToParquet, PARQUET_COLUMNS } from "../../src/join/parquet.js";
import type { Resource } from "../../src/types.js";
import { runCli } from "../support/cli.js";

// The Parquet file is written by DuckDB and read back here by hyparquet, an
// independent pure-JavaScript reader (another code base than the writer's).

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

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloud-srm-parquet-"));
});

async function read(file: string): Promise<Record<string, unknown>[]> {
  return (await parquetReadObjects({ file: await asyncBufferFromFile(file) })) as Record<string, unknown>[];
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
