import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, type Resource } from "../../src/index.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { loadFindings } from "../../src/evidence/findings/load.js";
import { reportJson } from "../../src/render/report-json.js";
import { tempTree } from "../support/tmp.js";
import { runCli } from "../support/cli.js";

const DIR = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00Z");
const catalog = builtinCatalog();
const all = (): Resource[] =>
  readFileSync(`${DIR}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

describe("baseline / drift", () => {
  it("lists added and removed resources, flipped duties, untagged new ones; a failed scope is unknown, never removed", async () => {
    const [logs, orders, data, storage, vm, gcs] = all();
    const old = await buildReport([logs!, orders!, storage!, gcs!], { catalog, now: NOW });
    const findings = await loadFindings([{ kind: "securityhub", file: `${DIR}securityhub.asff.json` }], catalog, { now: NOW });
    const current = await buildReport([logs!, data!, vm!], { catalog, now: NOW, findings });
    // This run lost the Azure subscription scope: its storage account may still exist.
    current.problems.push({ source: "azure", position: "subscription 0b1f6471-1bf0-4dda-aec3-111122223333", message: "403" });
    const drift = diffReports(old, current, { requiredTags: ["owner"] });
    expect(drift.added.map((r) => r.uid)).toEqual([vm!.uid, data!.uid].sort());
    expect(drift.removed.map((r) => r.uid).sort()).toEqual([gcs!.uid, orders!.uid].sort());
    expect(drift.unknown).toEqual([expect.objectContaining({ uid: storage!.uid, reason: expect.stringContaining("failed in this run") })]);
    expect(drift.flipped).toContainEqual({ uid: logs!.uid, control: "network.public-exposure", from: "unknown", to: "not-met" });
    expect(drift.untagged.map((u) => u.missing)).toEqual([["owner"], ["owner"]]);
  });

  it("report --baseline OLD.json puts the drift in the report (json, text)", async () => {
    const old = await buildReport(all().slice(0, 2), { catalog, now: NOW });
    const dir = await tempTree({ "old.json": reportJson(old) });
    const { code, stdout } = await runCli(["report", "--inventory", `${DIR}inventory.ndjson`, "--baseline", `${dir}/old.json`, "--require-tag", "owner", "--format", "json"]);
    expect(code).toBe(0);
    const drift = JSON.parse(stdout).drift;
    expect(drift.added).toHaveLength(5);
    expect(drift.removed).toEqual([]);
    const text = await runCli(["report", "--inventory", `${DIR}inventory.ndjson`, "--baseline", `${dir}/old.json`]);
    expect(text.stdout).toContain("5 resource(s) added, 0 removed, 0 unknown (scope failed this run)");
    const bad = await runCli(["report", "--inventory", `${DIR}inventory.ndjson`, "--baseline", `${DIR}scc.json`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not a cloud-srm report with resources");
  });
});
