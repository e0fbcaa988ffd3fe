/**
 * `--meta FILE` (issue 11): every command that writes an inventory or a
 * document can also write a JSON record of the run (RunRecordSchema): the
 * tool and catalog versions and whether the run was complete, with every
 * problem. The record is what CSV, NDJSON and matrix JSON have instead of a
 * header; Parquet says the same in its footer's key-value metadata.
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { RunRecordSchema } from "../../src/schema/index.js";
import type { RunRecord } from "../../src/types.js";
import { jsonSchemas } from "../../src/validate/json-schemas.js";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";

declare const __CLOUD_SRM_VERSION__: string;

const EPOCH = { SOURCE_DATE_EPOCH: "1700000000" };
const configItem = (id: string) =>
  JSON.stringify({ configurationItemStatus: "OK", resourceType: "AWS::S3::Bucket", resourceId: id, ARN: `arn:aws:s3:::${id}`, awsAccountId: "111122223333", awsRegion: "eu-west-1", configuration: {} });

function record(file: string): RunRecord {
  return RunRecordSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

async function inputs() {
  return tempTree({ "good.ndjson": `${configItem("a")}\n`, "bad.ndjson": `${configItem("a")}\n{oops\n${configItem("b")}\n`, "empty.json": "" });
}

describe("--meta: a record of the run beside its output", () => {
  it("report, every format: versions and complete for a clean run; the problems for a partial one; the output itself unchanged", async () => {
    const dir = await inputs();
    for (const format of ["csv", "ndjson", "json", "text", "ocsf", "oscal-ssp"]) {
      const meta = `${dir}/${format}.meta.json`;
      const clean = await runCli(["report", "--import", `aws-config=${dir}/good.ndjson`, "--format", format, "--meta", meta], EPOCH);
      const without = await runCli(["report", "--import", `aws-config=${dir}/good.ndjson`, "--format", format], EPOCH);
      expect(clean.code, format).toBe(0);
      expect(clean.stdout, format).toBe(without.stdout);
      const r = record(meta);
      expect(r).toMatchObject({ v: 1, command: "report", format, generatedAt: "2023-11-14T22:13:20.000Z", complete: true, resources: 1, problems: [] });
      expect(r.generator.tool).toBe(__CLOUD_SRM_VERSION__);
      expect(r.generator.catalog).toMatch(/^built-in, sha256:[0-9a-f]{16}$/);

      const partial = await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`, "--import", `azure=${dir}/empty.json`, "--format", format, "--meta", meta, "--allow-partial"], EPOCH);
      expect(partial.code, format).toBe(0); // --allow-partial changes the exit code, never the record
      const p = record(meta);
      expect(p.complete).toBe(false);
      expect(p.resources).toBe(2);
      expect(p.problems.map((x) => `${x.source.replace(dir, "")}:${x.position}`)).toEqual(expect.arrayContaining(["/bad.ndjson:line 2", "/empty.json:file"]));
    }
  });

  it("report --format parquet: the record, and the file's own key-value metadata", async () => {
    const dir = await inputs();
    const read = async (file: string) => {
      const connection = await (await DuckDBInstance.create(":memory:")).connect();
      const rows = (await connection.runAndReadAll(`SELECT key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata('${file}')`)).getRows();
      return Object.fromEntries(rows as [string, string][]);
    };
    expect((await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`, "--format", "parquet", "--output", `${dir}/p.parquet`, "--meta", `${dir}/p.json`], EPOCH)).code).toBe(3);
    expect(record(`${dir}/p.json`)).toMatchObject({ complete: false, resources: 2, format: "parquet" });
    const kv = await read(`${dir}/p.parquet`);
    expect(kv["cloud-srm.version"]).toBe(__CLOUD_SRM_VERSION__);
    expect(kv["cloud-srm.catalog_version"]).toMatch(/^built-in, sha256:/);
    expect(kv["cloud-srm.partial_inventory"]).toBe("1");
    expect((await runCli(["report", "--import", `aws-config=${dir}/good.ndjson`, "--format", "parquet", "--output", `${dir}/c.parquet`], EPOCH)).code).toBe(0);
    expect(await read(`${dir}/c.parquet`)).not.toHaveProperty("cloud-srm.partial_inventory");
  });

  it("inventory import: resources written, no catalog; an empty input is not complete", async () => {
    const dir = await inputs();
    expect((await runCli(["inventory", "import", "aws-config", `${dir}/bad.ndjson`, "--meta", `${dir}/m.json`, "--output", `${dir}/out.ndjson`])).code).toBe(3);
    const r = record(`${dir}/m.json`);
    expect(r).toMatchObject({ command: "inventory import", format: "ndjson", complete: false, resources: 2 });
    expect(r.generator).toEqual({ tool: __CLOUD_SRM_VERSION__ });
    expect(r.problems).toEqual([{ source: `${dir}/bad.ndjson`, position: "line 2", message: expect.stringContaining("invalid JSON") }]);
    expect((await runCli(["inventory", "import", "aws-config", `${dir}/empty.json`, "--meta", `${dir}/e.json`])).code).toBe(3);
    expect(record(`${dir}/e.json`)).toMatchObject({ complete: false, resources: 0, problems: [{ source: `${dir}/empty.json` }] });
    expect((await runCli(["inventory", "import", "aws-config", `${dir}/good.ndjson`, "--meta", `${dir}/g.json`])).code).toBe(0);
    expect(record(`${dir}/g.json`)).toMatchObject({ complete: true, resources: 1, problems: [] });
  });

  it("matrix: csv and json by the record (always complete); the table names tool and catalog on its last line", async () => {
    const dir = await tempTree({});
    for (const format of ["csv", "json"]) {
      const out = await runCli(["matrix", "aws.rds", "--format", format, "--meta", `${dir}/${format}.json`], EPOCH);
      expect(out.code).toBe(0);
      expect(record(`${dir}/${format}.json`)).toMatchObject({ command: "matrix", format, complete: true, problems: [], generator: { tool: __CLOUD_SRM_VERSION__ } });
      expect(record(`${dir}/${format}.json`)).not.toHaveProperty("resources");
    }
    const table = await runCli(["matrix", "aws.rds"]);
    expect(table.stdout.trimEnd().split("\n").at(-1)).toMatch(new RegExp(`^Written by cloud-srm ${__CLOUD_SRM_VERSION__.replaceAll(".", "\\.")} \\(catalog built-in, sha256:[0-9a-f]{16}\\)\\.$`));
  });

  it("a stale record is removed first, so a run that fails leaves none; an unwritable one is one line and exit 1", async () => {
    const dir = await inputs();
    await writeFile(`${dir}/stale.json`, "{}");
    expect((await runCli(["report", "--import", `aws-config=${dir}/good.ndjson`, "--format", "pdf", "--meta", `${dir}/stale.json`])).code).toBe(2);
    expect(existsSync(`${dir}/stale.json`)).toBe(false);
    await writeFile(`${dir}/stale.json`, "{}");
    expect((await runCli(["report", "--inventory", `${dir}/missing.ndjson`, "--meta", `${dir}/stale.json`])).code).toBe(1);
    expect(existsSync(`${dir}/stale.json`)).toBe(false);
    const unwritable = await runCli(["report", "--import", `aws-config=${dir}/good.ndjson`, "--meta", `${dir}/no/such/dir/m.json`]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toBe(`cloud-srm: cannot write ${dir}/no/such/dir/m.json: no such file or directory (ENOENT)\n`);
  });

  it("ships as cloud-srm/schemas/run.schema.json", () => {
    const schema = jsonSchemas()["run.schema.json"] as { title: string; required: string[] };
    expect(schema.title).toBe("cloud-srm run record (--meta)");
    expect(schema.required).toEqual(expect.arrayContaining(["v", "command", "format", "generatedAt", "generator", "complete", "problems"]));
  });
});

describe("the wrong kind of input for --inventory", () => {
  it("a pretty-printed JSON document or HTML is one problem naming the fix, not one per line", async () => {
    const state = JSON.stringify({ version: 4, resources: [{ mode: "managed", type: "aws_s3_bucket", name: "b", instances: [{ attributes: { id: "b" } }] }] }, null, 2);
    const dir = await tempTree({ "state.tfstate": state, "page.html": "<!DOCTYPE html>\n<html>\n<body>\n</body>\n</html>\n" });
    for (const file of ["state.tfstate", "page.html"]) {
      const { code, stderr } = await runCli(["report", "--inventory", `${dir}/${file}`], EPOCH);
      expect(code, file).toBe(3);
      const lines = stderr.trim().split("\n");
      expect(lines, file).toHaveLength(2);
      expect(lines[0]).toMatch(new RegExp(`^${dir}/${file.replace(".", "\\.")}:line 1: .*not NDJSON of cloud-srm resources.*--import <kind>=FILE`));
      expect(lines[1]).toContain("partial result");
    }
  });
});
