import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBuiltinCatalogData } from "../../src/index.js";
import { evaluateCheck } from "../../src/evidence/evaluate.js";
import { goalRows, goalTable, mostUsedServices, readGoal, rulesTable } from "../tools/evidence-tables.mjs";

// Issue 12 item 3 made measurable: for the 30 most used services (test/coverage/*-types.tsv), every
// customer or shared duty is assessed in test/coverage/evidence-goal.tsv (the setting each source
// shows, or "-" and why), and docs/evidence.md carries the generated tables, so the remaining gap is
// a number the docs cannot misstate.

const catalog = readBuiltinCatalogData();
const docs = readFileSync("docs/evidence.md", "utf8");

describe("the configuration-rule goal of issue 12", () => {
  it("takes 30 services from the weighted type lists, each provider's list weighing the same", () => {
    const top = mostUsedServices(catalog);
    expect(top).toHaveLength(30);
    for (const provider of ["aws", "azure", "gcp"]) expect(top.some((s) => s.id.startsWith(`${provider}.`)), provider).toBe(true);
  });

  it("assesses every customer and shared duty of the 30, and nothing else", () => {
    const rows = goalRows(catalog);
    expect(rows.flatMap((r) => r.unassessed.map((c) => `${r.id} ${c}`))).toEqual([]);
    const goal = readGoal();
    const expected = new Set(rows.flatMap((r) => r.duties.map((c) => `${r.id} ${c}`)));
    const assessed = [...goal].flatMap(([service, controls]) => [...controls.keys()].map((c) => `${service} ${c}`));
    expect(assessed.filter((k) => !expected.has(k))).toEqual([]);
    // Every "-" says why; every visible setting names an attribute.
    for (const [service, controls] of goal) {
      for (const [control, a] of controls) if (!a.native && !a.terraform) expect(a.note, `${service} ${control}`).not.toBe("");
    }
  });

  it("has no rule in a source the assessment calls blind (the assessment would be wrong)", () => {
    expect(goalRows(catalog).flatMap((r) => r.extra.map((e) => `${r.id} ${e}`))).toEqual([]);
  });

  it("docs/evidence.md shows the generated rules table and goal table (node test/tools/evidence-rules-table.mjs)", () => {
    expect(docs).toContain(rulesTable(catalog));
    expect(docs).toContain(goalTable(catalog));
  });
});

describe("list operators of evidence checks", () => {
  const types = ["aws_eks_cluster"];
  it("notEmpty: met on a non-empty list, not met on an empty one, unknown when absent", () => {
    const check = { types, path: "xs", notEmpty: true as const };
    expect(evaluateCheck(check, { xs: ["a"] }).status).toBe("met");
    expect(evaluateCheck(check, { xs: [] }).status).toBe("not-met");
    expect(evaluateCheck(check, { xs: "" }).status).toBe("not-met");
    expect(evaluateCheck(check, {}).status).toBe("unknown");
  });
  it("includes: met when the list holds the value, not met when it does not, unknown when absent or not a list", () => {
    const check = { types, path: "xs", includes: "audit" };
    expect(evaluateCheck(check, { xs: ["api", "audit"] }).status).toBe("met");
    expect(evaluateCheck(check, { xs: ["api"] }).status).toBe("not-met");
    expect(evaluateCheck(check, { xs: "audit" }).status).toBe("unknown");
    expect(evaluateCheck(check, {}).status).toBe("unknown");
  });
});
