// The library's streaming example in docs/outputs.md ("Reports of any size") is run as written,
// against the built package, so the documented API cannot drift from the code.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, type Resource } from "../../src/index.js";
import { reportJson } from "../../src/render/report-json.js";
import { crmCsv, reportCrm } from "../../src/render/crm.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { tempTree } from "../support/tmp.js";

const DOC = fileURLToPath(new URL("../../docs/outputs.md", import.meta.url));
const INVENTORY = fileURLToPath(new URL("../fixtures/findings/inventory.ndjson", import.meta.url));
const DIST = new URL("../../dist/index.js", import.meta.url).href;

/** The first ts block after the "Reports of any size" heading. */
function documentedExample(): string {
  const doc = readFileSync(DOC, "utf8");
  const section = doc.slice(doc.indexOf("### Reports of any size"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("no ts example in docs/outputs.md, Reports of any size");
  return match[1]!;
}

describe("the documented streaming example", () => {
  it("runs as written and writes the CSV framework view with drift, as the in-memory renderer does", async () => {
    if (!existsSync(fileURLToPath(DIST))) throw new Error("dist/ is missing: run npm run build first");
    const resources = readFileSync(INVENTORY, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Resource);
    const old = await buildReport(resources.slice(1, 4), { catalog: builtinCatalog(), now: new Date("2026-01-01T00:00:00Z") });
    const dir = await tempTree({ "inventory.ndjson": readFileSync(INVENTORY, "utf8"), "old-report.json": reportJson(old) });
    // Same code, a fixed clock (so the bytes compare) and the built package for "cloud-srm".
    const code = documentedExample().replaceAll('"cloud-srm"', JSON.stringify(DIST)).replaceAll("new Date()", 'new Date("2026-02-01T00:00:00Z")');
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: dir, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const current = await buildReport(resources, { catalog: builtinCatalog(), now: new Date("2026-02-01T00:00:00Z") });
    current.drift = diffReports(old, current, { requiredTags: ["owner"] });
    const written = readFileSync(`${dir}/report.csv`, "utf8");
    expect(written === crmCsv(reportCrm(current, { framework: "nist-800-53" }))).toBe(true);
    expect(written.split("\r\n")[0]).toContain("change,change_detail");
  });
});
