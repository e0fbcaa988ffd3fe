// Streamed reports (issue 14): rows kept lean and spilled to sorted runs on disk, documents written
// in chunks. Every streamed document must equal, byte for byte, the one rendered from the in-memory
// report, also when the rows come from several runs merged back (a tiny run size forces that).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportSchema } from "../../src/schema/report.js";
import { buildReport, joinReport } from "../../src/join/build-report.js";
import type { Report } from "../../src/join/report.js";
import { reportDocumentChunks, type ReportStreamFormat } from "../../src/render/documents.js";
import { reportJson } from "../../src/render/report-json.js";
import { reportCsv } from "../../src/render/crm.js";
import { reportOcsf } from "../../src/render/ocsf.js";
import { componentDefinition, reportSsp } from "../../src/render/oscal/index.js";
import { reportSource, type ReportSource } from "../../src/render/report-stream.js";
import type { Resource } from "../../src/types.js";
import { exampleReport, hostileResources, NOW } from "../render/documents-fixtures.js";
import { resource } from "../support/resources.js";
import { runCli } from "../support/cli.js";
import { textReport } from "../../src/cli/commands/report.js";
import { reportText } from "../../src/render/report-text.js";
import { gatherReport } from "../../src/render/documents.js";

let resources: Resource[];
let report: Report;
let temp: string;

/** The example inventory, hostile names, and resources sharing a uid (same and different refs), in scrambled order. */
beforeAll(async () => {
  const example = (await exampleReport()).resources;
  const twins = [0, 1, 2].flatMap((i) => [
    resource({ uid: "twin", type: "AWS::S3::Bucket", typeSystem: "cloudformation", source: { kind: "test", ref: `r${i % 2}` }, attributes: { i } }),
    resource({ uid: "twin", type: "aws_s3_bucket", typeSystem: "terraform", source: { kind: "test", ref: "r0" } }),
  ]);
  const all = [...example, ...hostileResources(), ...twins];
  // A fixed shuffle so that runs hold rows out of order and the merge has work to do.
  resources = all.map((r, i) => ({ r, k: (i * 7919) % all.length })).sort((a, b) => a.k - b.k).map(({ r }) => r);
  report = await buildReport(resources, { now: NOW });
  temp = await mkdtemp(join(tmpdir(), "cloud-srm-stream-test-"));
});

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return out;
}

async function rows(source: ReportSource, order: "uid" | "service"): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of source.rows(order)) out.push(row);
  return out;
}

const FORMATS: [ReportStreamFormat, () => string][] = [
  ["json", () => reportJson(report)],
  ["csv", () => reportCsv(report, { now: NOW })],
  ["ocsf", () => reportOcsf(report, { now: NOW })],
  ["oscal-ssp", () => `${JSON.stringify(reportSsp(report, { now: NOW }), null, 2)}\n`],
  ["oscal-component", () => `${JSON.stringify(componentDefinition(Object.values(report.services), { now: NOW }), null, 2)}\n`],
];

describe("streamed report", () => {
  it("rows spilled in runs of 3 come back merged in uid and service order, as in memory", async () => {
    const source = await joinReport(resources, { now: NOW, runSize: 3, tempDir: temp });
    try {
      expect(source.rowCount).toBe(resources.length);
      expect(await readdir(temp)).toHaveLength(1);
      expect(await rows(source, "uid")).toEqual(report.resources);
      expect(await rows(source, "service")).toEqual(await rows(reportSource(report), "service"));
      // A second pass reads the same rows again.
      expect(await rows(source, "uid")).toEqual(report.resources);
      const { resources: _rows, ...head } = report;
      expect(source.head).toEqual(head);
    } finally {
      source.close();
    }
    expect(await readdir(temp)).toEqual([]);
  });

  for (const [format, expected] of FORMATS) {
    it(`${format}: the same bytes from the file-backed source, the in-memory source and the string renderer`, async () => {
      const want = expected();
      const spilled = await joinReport(resources, { now: NOW, runSize: 4, tempDir: temp });
      try {
        expect(await text(reportDocumentChunks(format, spilled, { now: NOW })) === want, `${format} from runs on disk`).toBe(true);
      } finally {
        spilled.close();
      }
      expect(await text(reportDocumentChunks(format, reportSource(report), { now: NOW })) === want, `${format} in memory`).toBe(true);
      expect(await readdir(temp)).toEqual([]);
    });
  }

  it("streamed JSON is a valid report", async () => {
    const source = await joinReport(resources, { now: NOW, runSize: 5, tempDir: temp });
    try {
      const parsed = ReportSchema.safeParse(JSON.parse(await text(reportDocumentChunks("json", source, { now: NOW }))));
      expect(parsed.success, parsed.error?.message).toBe(true);
    } finally {
      source.close();
    }
  });

  it("keeps the leaner rows in memory below the run size, and an empty report still renders", async () => {
    const small = await joinReport(resources, { now: NOW, tempDir: temp });
    expect(await readdir(temp)).toEqual([]);
    expect(await text(reportDocumentChunks("json", small, { now: NOW }))).toBe(reportJson(report));
    small.close();
    const empty = await joinReport([], { now: NOW, runSize: 2, tempDir: temp });
    expect(await text(reportDocumentChunks("json", empty, { now: NOW }))).toBe(reportJson(await buildReport([], { now: NOW })));
    expect(await text(reportDocumentChunks("csv", empty, { now: NOW }))).toBe(reportCsv(await buildReport([], { now: NOW }), { now: NOW }));
    empty.close();
  });

  it("removes its temporary files when the input fails mid-way and when a reader stops early", async () => {
    async function* failing(): AsyncGenerator<Resource> {
      yield* resources.slice(0, 20);
      throw new Error("input broke");
    }
    await expect(joinReport(failing(), { now: NOW, runSize: 3, tempDir: temp })).rejects.toThrow("input broke");
    expect(await readdir(temp)).toEqual([]);

    const source = await joinReport(resources, { now: NOW, runSize: 3, tempDir: temp });
    for await (const _row of source.rows("service")) break;
    source.close();
    expect(await readdir(temp)).toEqual([]);
  });

  it("the text summary reads only the rows it lists, and says the same", async () => {
    const healthy = [resource({ uid: "u1", type: "random_password", typeSystem: "terraform" }), resource({ uid: "u2", type: "random_id", typeSystem: "terraform" })];
    for (const input of [resources, healthy, []]) {
      const source = await joinReport(input, { now: NOW, runSize: 3, tempDir: temp });
      try {
        const lean = await textReport(source);
        expect(lean.resources.length).toBeLessThanOrEqual(Math.max(1, report.resources.length - 1));
        expect(reportText(lean, { width: 140 })).toBe(reportText(await gatherReport(source), { width: 140 }));
      } finally {
        source.close();
      }
    }
  });

  it("the CLI gives the same bytes with runs of 2 rows as in memory", async () => {
    const env = { SOURCE_DATE_EPOCH: "1767225600" };
    for (const format of ["json", "csv", "ocsf", "oscal-ssp", "text"]) {
      const memory = await runCli(["report", "--example", "--format", format], env);
      const spilled = await runCli(["report", "--example", "--format", format], { ...env, CLOUD_SRM_RUN_SIZE: "2" });
      expect(memory.code, memory.stderr).toBe(0);
      expect(spilled.code, spilled.stderr).toBe(0);
      expect(spilled.stdout === memory.stdout, format).toBe(true);
    }
    const bad = await runCli(["report", "--example", "--format", "json"], { CLOUD_SRM_RUN_SIZE: "0" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("CLOUD_SRM_RUN_SIZE");
  });
});

describe("streamed report, interrupted", () => {
  // On the built library (npm test builds first), in a child process that Ctrl-C ends.
  it("removes the spilled runs on SIGINT and still ends as SIGINT ends a process", async () => {
    if (!existsSync("dist/index.js")) throw new Error("dist/ is missing: run npm run build first");
    const dir = await mkdtemp(join(tmpdir(), "cloud-srm-sigint-test-"));
    const script = `
      import { RowStore } from ${JSON.stringify(new URL("../../dist/index.js", import.meta.url).href)};
      const store = new RowStore({ runSize: 1, tempDir: process.argv[1] });
      const row = { uid: "a", type: "t", typeSystem: "terraform", provider: "aws", account: "1", tags: {}, source: { kind: "test" }, service: null, model: null };
      store.add(row);
      store.add({ ...row, uid: "b" });
      process.stdout.write("spilled\\n");
      setInterval(() => {}, 1000);
    `;
    try {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script, dir], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => d.toString().includes("spilled") && resolve());
        child.on("exit", () => reject(new Error(`child ended early: ${stderr}`)));
      });
      const [spilled] = await readdir(dir);
      expect(await readdir(join(dir, spilled!))).toHaveLength(2);
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      child.kill("SIGINT");
      expect(await ended).toBe("SIGINT");
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
