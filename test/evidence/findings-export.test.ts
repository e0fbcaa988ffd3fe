import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, FINDING_KINDS, loadFindings } from "../../src/index.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/findings/securityhub.asff.json", import.meta.url));

describe("the package entry", () => {
  it("exports loadFindings (as docs/evidence.md shows) and the finding kinds", async () => {
    expect(FINDING_KINDS).toContain("securityhub");
    const catalog = builtinCatalog();
    const findings = await loadFindings([{ kind: "securityhub", file: FIXTURE }], catalog, { now: new Date("2026-01-15T12:00:00Z") });
    const report = await buildReport([], { catalog, findings, now: new Date("2026-01-15T12:00:00Z") });
    expect(report.findings?.sources[0]).toMatchObject({ kind: "securityhub", findings: expect.any(Number) });
    expect(report.findings!.sources[0]!.findings).toBeGreaterThan(0);
  });
});
