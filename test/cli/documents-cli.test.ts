import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { builtinCatalog } from "../../src/index.js";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";

const FIXED = { SOURCE_DATE_EPOCH: "1767225600" };

describe("document formats from the CLI", () => {
  it("renders the example report in every format", async () => {
    const dir = await tempTree({});
    for (const format of ["md", "html", "csv", "xlsx", "oscal-ssp", "oscal-component", "oscal-ar", "ocsf"]) {
      const file = join(dir, `report.${format}`);
      const { code, stderr } = await runCli(["report", "--example", "--format", format, "--output", file], FIXED);
      expect(code, `${format}: ${stderr}`).toBe(0);
      const bytes = await readFile(file);
      expect(bytes.length, format).toBeGreaterThan(1000);
    }
    expect(await readFile(join(dir, "report.md"), "utf8")).toMatch(/^# /);
    expect(await readFile(join(dir, "report.html"), "utf8")).toMatch(/^<!DOCTYPE html>/i);
    expect(JSON.parse(await readFile(join(dir, "report.oscal-ssp"), "utf8"))).toHaveProperty("system-security-plan");
    expect(JSON.parse(await readFile(join(dir, "report.oscal-component"), "utf8"))).toHaveProperty("component-definition");
    expect(JSON.parse(await readFile(join(dir, "report.oscal-ar"), "utf8"))).toHaveProperty("assessment-results.results.0.findings");
    const ocsf = (await readFile(join(dir, "report.ocsf"), "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(ocsf).toHaveLength(50);
    expect(ocsf[0]).toMatchObject({ class_uid: 5023 });
    const workbook = new ExcelJS.Workbook();
    // exceljs types predate Node 20 Buffer generics.
    await workbook.xlsx.load((await readFile(join(dir, "report.xlsx"))) as never);
    expect(workbook.worksheets.map((w) => w.name)).toContain("Evidence not met");
  });

  it("renders the whole catalog as a matrix document, grouped by a framework when asked", async () => {
    const catalog = builtinCatalog();
    const csv = await runCli(["matrix", "--all", "--format", "csv"], FIXED);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trimEnd().split("\r\n")).toHaveLength(catalog.services.length * catalog.controls.length + 1);
    const grouped = await runCli(["matrix", "aws.rds", "--format", "csv", "--framework", "nist-800-53"], FIXED);
    expect(grouped.stdout.split("\r\n")[0]).toMatch(/^framework,framework_id,/);
    const json = await runCli(["matrix", "aws.rds", "aws.s3", "--format", "json"], FIXED);
    expect(JSON.parse(json.stdout).map((m: { subject: { id: string } }) => m.subject.id)).toEqual(["aws.rds", "aws.s3"]);
    const html = await runCli(["matrix", "aws.rds", "--format", "html", "--framework", "pci"], FIXED);
    expect(html.stdout).toMatch(/PCI DSS/);
  });

  it("gives the same bytes twice with a fixed clock", async () => {
    for (const format of ["md", "html", "oscal-ssp", "ocsf", "csv"]) {
      const a = await runCli(["report", "--example", "--format", format], FIXED);
      const b = await runCli(["report", "--example", "--format", format], FIXED);
      expect(a.stdout, format).toBe(b.stdout);
    }
  });

  it("reports an output path that cannot be written in one line, for streamed and whole documents", async () => {
    for (const args of [
      ["report", "--example", "--format", "csv", "--output", "/nonexistent/dir/r.csv"],
      ["report", "--example", "--format", "ndjson", "--output", "/nonexistent/dir/r.ndjson"],
      ["inventory", "import", "gcp", "docs/examples/gcp-assets.ndjson", "--output", "/nonexistent/dir/g.ndjson"],
    ]) {
      const { code, stderr } = await runCli(args, FIXED);
      expect(code, args.join(" ")).toBe(1);
      expect(stderr, args.join(" ")).toMatch(/cloud-srm: cannot write \/nonexistent\/dir\/\S+: no such file or directory \(ENOENT\)/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("refuses bad options and binary output to a terminal", async () => {
    expect(await runCli(["report", "--example", "--format", "md", "--framework", "hipaa"])).toMatchObject({ code: 2 });
    expect(await runCli(["matrix", "aws.rds", "--format", "oscal-ssp", "--oscal-version", "1.0"])).toMatchObject({ code: 2 });
    let stderr = "";
    const code = await run(["matrix", "aws.rds", "--format", "xlsx"], {
      stdout: { write: () => true, isTTY: true },
      stderr: { write: (c: string) => ((stderr += c), true) },
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/xlsx is a binary format: use --output FILE/);
  });
});
