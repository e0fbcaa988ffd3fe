import { describe, expect, it } from "vitest";
import { gateFailures, parseFailOn } from "../../src/evidence/gate.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { runCli } from "../support/cli.js";

const FIXED = { SOURCE_DATE_EPOCH: "1767225600" };

describe("--fail-on gate", () => {
  it("parses comma lists and repeats, rejects anything else", () => {
    expect(parseFailOn(["unchecked,not-met", "not-met"])).toEqual(["not-met", "unchecked"]);
    expect(parseFailOn([])).toEqual([]);
    expect(() => parseFailOn(["not-met,met"])).toThrow(/got "met"/);
    expect(gateFailures({ met: 3, notMet: 0, unknown: 2, unchecked: 9 }, ["not-met", "unknown"])).toEqual([{ state: "unknown", count: 2 }]);
  });

  it("exits 4 when a gated state has duties, after writing the report; 0 when none", async () => {
    // Counts come from the report itself, so catalog growth does not break the test.
    const counts = JSON.parse((await runCli(["report", "--example", "--format", "json"], FIXED)).stdout).summary.evidence;
    expect(counts.notMet).toBeGreaterThan(0);
    const notMet = await runCli(["report", "--example", "--fail-on", "not-met"], FIXED);
    expect(notMet.code).toBe(EXIT.gate);
    expect(notMet.stdout).toContain("Duties (customer or shared control x resource)");
    expect(notMet.stderr).toContain(`cloud-srm: --fail-on not-met: ${counts.notMet} not-met duties`);
    // A gate on unknown alone trips only when some duty is unknown.
    const unknown = await runCli(["report", "--example", "--fail-on", "unknown", "--format", "json"], FIXED);
    expect(unknown.code).toBe(counts.unknown ? EXIT.gate : EXIT.ok);
    const both = await runCli(["report", "--example", "--fail-on", "unknown,unchecked", "--format", "ndjson"], FIXED);
    expect(both.code).toBe(EXIT.gate);
    expect(both.stderr).toMatch(/--fail-on unknown,unchecked: (\d+ unknown, )?\d+ unchecked duties/);
  });

  it("a wrong state is a usage error (exit 2)", async () => {
    const bad = await runCli(["report", "--example", "--fail-on", "failed"], FIXED);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--fail-on takes not-met, unknown, unchecked (comma-separated); got "failed"');
  });
});
