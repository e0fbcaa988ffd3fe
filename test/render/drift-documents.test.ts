import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, renderReport, type Resource } from "../../src/index.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { CLOUD_SRM_NS } from "../../src/render/oscal/index.js";

// Drift (`report --baseline`) in the HTML report and the OSCAL assessment results,
// as text and Markdown already show it.

const DIR = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00Z");
const all = (): Resource[] =>
  readFileSync(`${DIR}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

async function driftReport() {
  const catalog = builtinCatalog();
  const [logs, orders, , , vm] = all();
  const old = await buildReport([logs!, orders!], { catalog, now: NOW });
  // The bucket's public access block is gone now: its duty flips.
  const changed = { ...logs!, attributes: { supplementaryConfiguration: { PublicAccessBlockConfiguration: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false } } } };
  const current = await buildReport([changed, vm! /* added, no owner tag */], { catalog, now: NOW });
  current.drift = diffReports(old, current, { requiredTags: ["owner"] });
  return { current, logs: logs!, orders: orders!, vm: vm! };
}

describe("drift in documents", () => {
  it("HTML has a 'Changes since the baseline' part listing added, removed, flipped and untagged", async () => {
    const { current, orders, vm } = await driftReport();
    expect(current.drift!.flipped.length).toBeGreaterThan(0);
    const html = String(await renderReport("html", current, { now: NOW }));
    const part = html.slice(html.indexOf('id="drift"'), html.indexOf("</section>", html.indexOf('id="drift"')));
    expect(part).toContain("Changes since the baseline");
    expect(part).toContain(`Added (1)`);
    expect(part).toContain(vm.uid);
    expect(part).toContain(`Removed (1)`);
    expect(part).toContain(orders.uid);
    expect(part).toMatch(/Duties that changed state \(\d+\)/);
    expect(part).toContain("New resources missing a required tag (1)");
    // Without a baseline there is no such part.
    current.drift = undefined;
    expect(String(await renderReport("html", current, { now: NOW }))).not.toContain('id="drift"');
  });

  it("the OSCAL assessment results count the drift in props and list it in the result's remarks", async () => {
    const { current, orders } = await driftReport();
    const doc = JSON.parse(String(await renderReport("oscal-ar", current, { now: NOW }))) as { "assessment-results": { results: { props: { name: string; ns: string; value: string }[]; remarks?: string }[] } };
    const result = doc["assessment-results"].results[0]!;
    const prop = (name: string) => result.props.find((p) => p.name === name && p.ns === CLOUD_SRM_NS)?.value;
    expect(prop("drift-added")).toBe("1");
    expect(prop("drift-removed")).toBe("1");
    expect(Number(prop("drift-flipped"))).toBe(current.drift!.flipped.length);
    expect(prop("drift-untagged")).toBe("1");
    expect(result.remarks).toContain(orders.uid);
    expect(result.remarks).toContain("arn:aws:s3:::acme-logs network.public-exposure: was unknown, now not-met");
  });
});
