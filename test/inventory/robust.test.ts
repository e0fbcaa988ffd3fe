/**
 * One bad record never kills an import: a value nested thousands of levels
 * deep is reported with its file and position, every other record is kept.
 * And the CLI's exit codes tell whether the run was complete.
 */
import { describe, expect, it } from "vitest";
import type { ImportProblem } from "../../src/inventory/importer.js";
import { importerFor, type ImportKind } from "../../src/inventory/importers/index.js";
import type { Resource } from "../../src/types.js";
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";

const NOW = new Date("2025-01-15T12:00:00.000Z");
const DEPTH = 5000;

function deep(leaf: unknown = "x"): string {
  return `${"[".repeat(DEPTH)}${JSON.stringify(leaf)}${"]".repeat(DEPTH)}`;
}

async function importText(kind: ImportKind, text: string, name: string) {
  const resources: Resource[] = [];
  const problems: ImportProblem[] = [];
  const importer = await importerFor(kind);
  for await (const resource of importer({ text, name }, { now: () => NOW, onProblem: (p) => problems.push(p) })) resources.push(resource);
  return { resources, problems };
}

const configItem = (id: string, configuration: string) =>
  `{"resourceType":"AWS::S3::Bucket","resourceId":"${id}","ARN":"arn:aws:s3:::${id}","awsAccountId":"111122223333","awsRegion":"eu-west-1","configuration":${configuration}}`;

describe("deep nesting is refused per record", () => {
  it("aws-config NDJSON: the deep line is named, the lines around it import", async () => {
    const text = [configItem("a", "{}"), configItem("deep", `{"x":${deep()}}`), configItem("c", "{}")].join("\n");
    const { resources, problems } = await importText("aws-config", text, "items.ndjson");
    expect(resources.map((r) => r.name)).toEqual(["a", "c"]);
    expect(problems).toEqual([{ source: "items.ndjson", position: "line 2", message: "nested more than 256 levels deep; record not imported" }]);
  });

  it("aws-config snapshot document: the deep record is named by index and line", async () => {
    const text = `{"fileVersion":"1.0","configurationItems":[\n${configItem("a", "{}")},\n${configItem("deep", `{"x":${deep()}}`)},\n${configItem("c", "{}")}\n]}`;
    const { resources, problems } = await importText("aws-config", text, "snapshot.json");
    expect(resources.map((r) => r.name)).toEqual(["a", "c"]);
    expect(problems).toEqual([{ source: "snapshot.json", position: "configurationItems[1] (line 3)", message: "nested more than 256 levels deep; record not imported" }]);
  });

  it("azure and gcp: deep tags or data", async () => {
    const azure = `[{"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a","type":"Microsoft.Storage/storageAccounts","tags":{"t":${deep()}}},{"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/b","type":"Microsoft.Storage/storageAccounts"}]`;
    const a = await importText("azure", azure, "az.json");
    expect(a.resources.map((r) => r.name)).toEqual(["b"]);
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]!.position).toBe("line 1, record 0");
    const gcp = `{"name":"//storage.googleapis.com/a","asset_type":"storage.googleapis.com/Bucket","resource":{"data":{"x":${deep()}}}}\n{"name":"//storage.googleapis.com/b","asset_type":"storage.googleapis.com/Bucket","resource":{"data":{}}}\n`;
    const g = await importText("gcp", gcp, "assets.ndjson");
    expect(g.resources.map((r) => r.name)).toEqual(["b"]);
    expect(g.problems.map((p) => p.position)).toEqual(["line 1"]);
  });

  it("terraform state: the deep instance is named by its address", async () => {
    const resource = (name: string, attributes: string) => `{"mode":"managed","type":"aws_s3_bucket","name":"${name}","provider":"p","instances":[{"attributes":${attributes},"sensitive_attributes":[]}]}`;
    const text = `{"version":4,"serial":1,"lineage":"l","outputs":{},"resources":[\n${resource("a", '{"bucket":"a"}')},\n${resource("deep", `{"bucket":"deep","policy":${deep()}}`)},\n${resource("c", '{"bucket":"c"}')}\n]}`;
    const { resources, problems } = await importText("terraform", text, "deep.tfstate");
    expect(resources.map((r) => r.name)).toEqual(["a", "c"]);
    expect(problems).toEqual([{ source: "deep.tfstate", position: "aws_s3_bucket.deep", message: "nested more than 256 levels deep; record not imported" }]);
  });

  it("report --inventory: a deep NDJSON resource line is rejected, the rest joined", async () => {
    const ok = { uid: "arn:aws:s3:::ok", provider: "aws", account: { uid: "111122223333", type: "aws-account" }, type: "AWS::S3::Bucket", typeSystem: "cloudformation", tags: {}, source: { kind: "test" } };
    const bad = { ...ok, uid: "arn:aws:s3:::bad", attributes: { x: "PLACEHOLDER" } };
    const dir = await tempTree({ "inv.ndjson": `${JSON.stringify(ok)}\n${JSON.stringify(bad).replace('"PLACEHOLDER"', deep())}\n` });
    const { code, stdout, stderr } = await runCli(["report", "--inventory", `${dir}/inv.ndjson`, "--format", "json"], { SOURCE_DATE_EPOCH: "1700000000" });
    expect(code).toBe(3);
    expect(stderr).toContain("inv.ndjson:line 2: nested more than 256 levels deep");
    expect((JSON.parse(stdout) as { resources: unknown[] }).resources).toHaveLength(1);
  });
});

describe("what the fuzz test found (kept as plain regressions)", () => {
  it("a stray '}' left by a broken record in a state's resources array is stepped over, not scanned forever", async () => {
    const good = (i: number) => `{"mode":"managed","type":"aws_s3_bucket","name":"b${i}","instances":[{"attributes":{"bucket":"b${i}","arn":"arn:aws:s3:::b${i}"}}]}`;
    // Garbage where a record should start: the rest of that record is fragments ending in '}'.
    const state = `{"version":4,"resources":[${good(0)},\nik0\`-\n},${good(2)}]}`;
    const { resources, problems } = await importText("terraform", state, "stray.tfstate");
    expect(resources.map((r) => r.uid)).toEqual(["arn:aws:s3:::b0", "arn:aws:s3:::b2"]);
    expect(problems.map((p) => p.position)).toEqual(["resources[1] (line 2)", "resources[2] (line 3)"]);
  });

  it("a member name with a raw control character does not throw", async () => {
    // Truncated, so the records are salvaged by walking the members on the way to them; one name holds a raw U+0001.
    const { problems } = await importText("terraform", '{"format_version":"1.0","values":{"outputs":{},"r\u0001oot":1,"root_module":{"resources":[', "ctl.json");
    expect(problems.length).toBeGreaterThan(0);
  });

  it("redaction stays linear on megabyte strings that almost look like URLs or tokens", async () => {
    const { redactText } = await import("../../src/inventory/redact.js");
    // Quadratic before: each letter restarted the URL pattern over the whole run (minutes for 1 MB).
    expect(redactText(`${"a".repeat(1 << 20)} postgres://u:pw12345@h`)).toMatch(/postgres:\/\/u:\[redacted\]@h$/);
    expect(redactText("eyJ-".repeat(1 << 18))).toBe("eyJ-".repeat(1 << 18));
  });
});

describe("exit codes say whether the run was complete", () => {
  it("inventory import: 0 complete, 3 with a rejected record or nothing imported, 0 with --allow-partial", async () => {
    const dir = await tempTree({
      "good.ndjson": `${configItem("a", "{}")}\n`,
      "bad.ndjson": `${configItem("a", "{}")}\n{oops\n${configItem("b", "{}")}\n`,
      "empty.json": "",
      "azure.json": '[{"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a","type":"Microsoft.Storage/storageAccounts"}]',
    });
    expect((await runCli(["inventory", "import", "aws-config", `${dir}/good.ndjson`])).code).toBe(0);
    const bad = await runCli(["inventory", "import", "aws-config", `${dir}/bad.ndjson`]);
    expect(bad.code).toBe(3);
    expect(bad.stdout.trim().split("\n")).toHaveLength(2);
    expect(bad.stderr).toContain("partial result: 1 record(s) rejected");
    expect((await runCli(["inventory", "import", "aws-config", `${dir}/bad.ndjson`, "--allow-partial"])).code).toBe(0);
    expect((await runCli(["inventory", "import", "aws-config", `${dir}/empty.json`])).code).toBe(3);
    // The wrong kind of export: nothing imported.
    const wrong = await runCli(["inventory", "import", "gcp", `${dir}/azure.json`]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain("does not look like");
  });

  it("report: 3 on rejected records, an empty input or the wrong kind; 0 with --allow-partial; the SSP says what is missing", async () => {
    const dir = await tempTree({ "bad.ndjson": `${configItem("a", "{}")}\n{oops\n`, "empty.json": "" });
    expect((await runCli(["report", "--example"], { SOURCE_DATE_EPOCH: "1700000000" })).code).toBe(0);
    expect((await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`], { SOURCE_DATE_EPOCH: "1700000000" })).code).toBe(3);
    expect((await runCli(["report", "--import", `azure=${dir}/empty.json`], { SOURCE_DATE_EPOCH: "1700000000" })).code).toBe(3);
    expect((await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`, "--allow-partial"], { SOURCE_DATE_EPOCH: "1700000000" })).code).toBe(0);
    const ssp = await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`, "--format", "oscal-ssp", "--allow-partial"], { SOURCE_DATE_EPOCH: "1700000000" });
    expect(ssp.stdout).toContain("Partial inventory: 1 input record(s)");
    expect(ssp.stdout).toContain("bad.ndjson:line 2");
    // And in metadata, where every OSCAL reader looks first: the SSP, the AR and the component definition of a partial run.
    const partialProp = { name: "partial-inventory", ns: "https://cloud-srm.dev/ns/oscal", value: "1" };
    expect(JSON.parse(ssp.stdout)["system-security-plan"].metadata.props).toContainEqual(partialProp);
    for (const [format, root] of [["oscal-ar", "assessment-results"], ["oscal-component", "component-definition"]] as const) {
      const partial = await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`, "--format", format, "--allow-partial"], { SOURCE_DATE_EPOCH: "1700000000" });
      expect(JSON.parse(partial.stdout)[root].metadata.props, format).toContainEqual(partialProp);
    }
    const complete = await runCli(["report", "--example", "--format", "oscal-ssp"], { SOURCE_DATE_EPOCH: "1700000000" });
    expect(JSON.parse(complete.stdout)["system-security-plan"].metadata.props.map((p: { name: string }) => p.name)).not.toContain("partial-inventory");
  });

  it("every report document (not only the SSP) lists what a partial run missed: rejected records and inputs that gave nothing", async () => {
    const dir = await tempTree({ "bad.ndjson": `${configItem("a", "{}")}\n{oops\n`, "empty.json": "" });
    for (const format of ["text", "md", "json", "html", "oscal-ssp"]) {
      const { stdout, code } = await runCli(["report", "--import", `aws-config=${dir}/bad.ndjson`, "--import", `azure=${dir}/empty.json`, "--format", format, "--allow-partial"], { SOURCE_DATE_EPOCH: "1700000000" });
      expect(code, format).toBe(0);
      expect(stdout, format).toMatch(/line 2/);
      expect(stdout, format).toMatch(/no resource was read from this input/);
    }
  });

  it("the formats without a place for a list still say the run was partial: oscal-ar, ocsf, csv and ndjson", async () => {
    const dir = await tempTree({ "bad.ndjson": `${configItem("a", "{}")}\n{oops\n`, "good.ndjson": `${configItem("a", "{}")}\n` });
    const run = (file: string, format: string) =>
      runCli(["report", "--import", `aws-config=${dir}/${file}`, "--format", format, "--allow-partial"], { SOURCE_DATE_EPOCH: "1700000000" });

    // OSCAL AR: the partial-inventory prop counts, the result's remarks name the rejected record.
    const ar = JSON.parse((await run("bad.ndjson", "oscal-ar")).stdout)["assessment-results"].results[0];
    expect(ar.props).toContainEqual(expect.objectContaining({ name: "partial-inventory", value: "1" }));
    expect(ar.remarks).toContain("Partial inventory: 1 input record(s)");
    expect(ar.remarks).toContain("bad.ndjson:line 2");
    const completeAr = JSON.parse((await run("good.ndjson", "oscal-ar")).stdout)["assessment-results"].results[0];
    expect(completeAr.props.map((p: { name: string }) => p.name)).not.toContain("partial-inventory");
    expect(completeAr.remarks ?? "").not.toContain("Partial");

    // OCSF: every event of a partial run carries the count; a complete run's events do not.
    const events = (await run("bad.ndjson", "ocsf")).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.resources[0].data.cloud_srm.partial_inventory).toBe(1);
    const completeEvents = (await run("good.ndjson", "ocsf")).stdout.trim().split("\n").map((l) => JSON.parse(l));
    for (const e of completeEvents) expect(e.resources[0].data.cloud_srm).not.toHaveProperty("partial_inventory");

    // CSV and NDJSON keep their rows pure (docs/outputs.md says why); stderr names the record and says partial.
    for (const format of ["csv", "ndjson"]) {
      const partial = await run("bad.ndjson", format);
      expect(partial.stderr, format).toContain("bad.ndjson:line 2");
      expect(partial.stderr, format).toContain("partial result: 1 record(s) rejected");
      const complete = await run("good.ndjson", format);
      expect(complete.stderr, format).not.toContain("partial");
    }
  });

  it("the documents name the cloud-srm version that wrote them: md, html, OSCAL metadata, OCSF product", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const run = async (format: string) => (await runCli(["report", "--example", "--format", format], { SOURCE_DATE_EPOCH: "1700000000" })).stdout;
    const catalog = /^built-in, sha256:[0-9a-f]{16}$/;
    expect(await run("text")).toMatch(new RegExp(`Written by cloud-srm ${version.replaceAll(".", "\\.")} \\(catalog built-in, sha256:[0-9a-f]{16}\\)\\.\\n$`));
    expect(await run("md")).toMatch(new RegExp(`by cloud-srm ${version.replaceAll(".", "\\.")} \\(catalog built-in, sha256:[0-9a-f]{16}\\)\\.`));
    const html = await run("html");
    expect(html).toContain(`<dt>Generated by</dt><dd>cloud-srm ${version}</dd>`);
    expect(html).toMatch(/<dt>Catalog<\/dt><dd>built-in, sha256:[0-9a-f]{16}<\/dd>/);
    for (const [format, root] of [["oscal-ssp", "system-security-plan"], ["oscal-ar", "assessment-results"], ["oscal-component", "component-definition"]] as const) {
      const props = JSON.parse(await run(format))[root].metadata.props as { name: string; value: string }[];
      expect(props, format).toContainEqual(expect.objectContaining({ name: "generator-version", value: version }));
      expect(props.find((p) => p.name === "catalog-version")?.value, format).toMatch(catalog);
    }
    expect(JSON.parse(await run("json")).generator).toEqual({ tool: version, catalog: expect.stringMatching(catalog) });
    const event = JSON.parse((await run("ocsf")).split("\n")[0]!);
    expect(event.metadata.product.version).toBe(version);
    expect(event.resources[0].data.cloud_srm.catalog_version).toMatch(catalog);
    const xlsxDir = await tempTree({});
    await runCli(["report", "--example", "--format", "xlsx", "--output", `${xlsxDir}/r.xlsx`], { SOURCE_DATE_EPOCH: "1700000000" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(`${xlsxDir}/r.xlsx`) as unknown as ArrayBuffer);
    const summary = new Map<string, string>();
    book.getWorksheet("Summary")!.eachRow((row) => summary.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(summary.get("Generated by")).toBe(`cloud-srm ${version}`);
    expect(summary.get("Catalog")).toMatch(catalog);
    // An overlay changes the catalog, so it changes the catalog version.
    const dir = await tempTree({ "o.yaml": "overlay: acme\nservices: {}\n" });
    const withOverlay = JSON.parse((await runCli(["matrix", "aws.rds", "--overlay", `${dir}/o.yaml`, "--format", "oscal-component"], { SOURCE_DATE_EPOCH: "1700000000" })).stdout);
    expect(withOverlay["component-definition"].metadata.props.find((p: { name: string }) => p.name === "catalog-version")?.value).toMatch(/^built-in \+ 1 overlay\(s\), sha256:[0-9a-f]{16}$/);
  });
});
