// Drift against a baseline of any size (issue 14): the baseline JSON is scanned as a stream and
// merged with the current report's rows in uid order. The result must equal diffReports on the two
// whole reports, whatever the chunking of the baseline's text, with hostile strings, twins (one uid
// from two sources), a failed scope and a baseline out of uid order.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, joinReport, type Report, type Resource } from "../../src/index.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { BaselineFormatError, baselineResources, diffBaselineStream } from "../../src/evidence/baseline-stream.js";
import { reportJson } from "../../src/render/report-json.js";
import { reportSource } from "../../src/render/report-stream.js";
import { hostileResources } from "../render/documents-fixtures.js";
import { resource } from "../support/resources.js";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";

const DIR = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00Z");
const catalog = builtinCatalog();
const fixture = (): Resource[] =>
  readFileSync(`${DIR}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

/** A text in pieces of `size` characters (1 puts every escape and quote on a chunk boundary). */
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function streamed(baselineText: string, current: Report, size: number, requiredTags: string[] = []) {
  let generatedAt: string | undefined;
  const open = () => baselineResources(pieces(baselineText, size), (at) => (generatedAt = at));
  return diffBaselineStream(open, reportSource(current), { requiredTags, generatedAt: () => generatedAt });
}

async function scenario() {
  const [logs, orders, data, storage, vm, gcs] = fixture();
  const twins = [0, 1].map((i) => resource({ uid: "twin", type: "AWS::S3::Bucket", typeSystem: "cloudformation", source: { kind: "test", ref: `r${i}` }, attributes: { i } }));
  const hostile = hostileResources();
  const old = await buildReport([logs!, orders!, storage!, gcs!, ...twins, ...hostile.slice(0, 4)], { catalog, now: new Date("2025-12-01T00:00:00Z") });
  const changed = { ...logs!, attributes: { supplementaryConfiguration: { PublicAccessBlockConfiguration: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false } } } };
  const current = await buildReport([changed, data!, vm!, twins[1]!, ...hostile.slice(2)], { catalog, now: NOW });
  current.problems.push({ source: "azure", position: "subscription 0b1f6471-1bf0-4dda-aec3-111122223333", message: "403" });
  return { old, current };
}

describe("drift from a streamed baseline", () => {
  it("equals diffReports on the whole reports, whatever the chunking", async () => {
    const { old, current } = await scenario();
    const want = diffReports(old, current, { requiredTags: ["owner"] });
    expect(want.added.length && want.removed.length && want.unknown.length && want.flipped.length).toBeTruthy();
    for (const size of [1, 7, 64, 1 << 20]) expect(await streamed(reportJson(old), current, size, ["owner"])).toEqual(want);
    // Compact JSON (no indentation) and keys in another order read the same.
    const compact = JSON.stringify({ resources: old.resources, generatedAt: old.generatedAt, services: {} });
    expect(await streamed(compact, current, 5, ["owner"])).toEqual(want);
  });

  it("a baseline out of uid order (edited by hand) is diffed in memory, with the same result", async () => {
    const { old, current } = await scenario();
    const shuffled = { ...old, resources: [...old.resources].reverse() };
    expect(await streamed(JSON.stringify(shuffled), current, 9, ["owner"])).toEqual(diffReports(old, current, { requiredTags: ["owner"] }));
  });

  it("reads the current report from rows spilled to disk", async () => {
    const { old } = await scenario();
    const resources = [...fixture(), ...hostileResources()];
    const whole = await buildReport(resources, { catalog, now: NOW });
    const source = await joinReport(resources, { catalog, now: NOW, runSize: 2 });
    try {
      let generatedAt: string | undefined;
      const drift = await diffBaselineStream(() => baselineResources(pieces(reportJson(old), 33), (at) => (generatedAt = at)), source, { generatedAt: () => generatedAt });
      expect(drift).toEqual(diffReports(old, whole));
    } finally {
      source.close();
    }
  });

  it("rejects what is not a JSON report with resources", async () => {
    const { current } = await scenario();
    for (const bad of ["[1,2]", "not json", '{"generatedAt":"x"}', '{"resources":[{"uid":"a"}],"generatedAt":"x"}', '{"resources":[]}', '{"resources":[']) {
      await expect(streamed(bad, current, 3), bad).rejects.toThrow(BaselineFormatError);
    }
  });

  it("report --baseline gives the same drift with rows spilled in runs of 2", async () => {
    const { old } = await scenario();
    const dir = await tempTree({ "old.json": reportJson(old) });
    const args = ["report", "--inventory", `${DIR}inventory.ndjson`, "--baseline", `${dir}/old.json`, "--require-tag", "owner", "--format", "json"];
    const memory = await runCli(args, { SOURCE_DATE_EPOCH: "1767225600" });
    const spilled = await runCli(args, { SOURCE_DATE_EPOCH: "1767225600", CLOUD_SRM_RUN_SIZE: "2" });
    expect(memory.code, memory.stderr).toBe(0);
    expect(spilled.stdout).toBe(memory.stdout);
    const drift = JSON.parse(memory.stdout).drift;
    expect(drift.baseline).toBe("2025-12-01T00:00:00.000Z");
    expect(drift.removed.length).toBeGreaterThan(0);
    const notJson = await tempTree({ "x.json": "{ nope" });
    const bad = await runCli(["report", "--inventory", `${DIR}inventory.ndjson`, "--baseline", `${notJson}/x.json`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not JSON");
  });
});
