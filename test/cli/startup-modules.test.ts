import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const trace = resolve("test/support/module-trace.mjs");

// A CLI that starts light (issue 14, item 4): `--version`, `--help`, `matrix` and
// `report` load no schema library, YAML parser or cloud SDK until a code path needs
// one. Checked on the built CLI (npm test builds first) by tracing every module a
// child process loads, not by timing it.
const HEAVY = /\/node_modules\/(zod|yaml|@aws-sdk|@smithy|@azure|@google-cloud|google-gax|@grpc|exceljs)\//;

let dir: string;
beforeAll(async () => {
  if (!existsSync("dist/cli.js")) throw new Error("dist/ is missing: run npm run build first");
  dir = await mkdtemp(join(tmpdir(), "cloud-srm-startup-"));
});

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const out = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await exec(process.execPath, ["--import", trace, "dist/cli.js", ...args], { env: { ...process.env, MODULE_TRACE_OUT: out }, maxBuffer: 64 << 20 });
  return (await readFile(out, "utf8")).split("\n").filter(Boolean);
}

describe("CLI start-up", () => {
  it.each([
    [["--version"]],
    [["--help"]],
    [["matrix", "--help"]],
    [["report", "--help"]],
    [["matrix", "aws.rds"]],
    [["matrix", "aws.rds", "--format", "md", "--framework", "nist-800-53"]],
    [["report", "--example"]],
    [["report", "--example", "--format", "csv"]],
  ])("cloud-srm %j loads no zod, YAML or SDK", async (args) => {
    const loaded = await modulesLoadedBy(args);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
  });

  it("an overlay, which is YAML validated by the schemas, does load yaml and zod (the trace sees them)", async () => {
    const overlay = join(dir, "overlay.yaml");
    await writeFile(overlay, "overlay: acme\nservices: {}\n");
    const out = await modulesLoadedByIgnoringExit(["matrix", "aws.rds", "--overlay", overlay]);
    expect(out.some((url) => url.includes("/node_modules/yaml/"))).toBe(true);
    expect(out.some((url) => url.includes("/node_modules/zod/"))).toBe(true);
  });
});

/** Same trace for a command that may exit non-zero (a bad overlay still has to be read and parsed). */
async function modulesLoadedByIgnoringExit(args: string[]): Promise<string[]> {
  const out = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await exec(process.execPath, ["--import", trace, "dist/cli.js", ...args], { env: { ...process.env, MODULE_TRACE_OUT: out } }).catch(() => undefined);
  return (await readFile(out, "utf8")).split("\n").filter(Boolean);
}
