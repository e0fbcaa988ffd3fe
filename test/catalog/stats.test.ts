import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogStats, catalogStatsMarkdown, replaceStatsBlock, STATS_BEGIN, STATS_END } from "../../src/catalog/stats.js";
import { compileCatalogDir } from "../../src/validate/compile-catalog.js";
import { Catalog } from "../../src/catalog/catalog.js";
import { typeCoverage } from "../../src/catalog/coverage.js";
import { runCli } from "../support/cli.js";
import { tempTree } from "../support/tmp.js";

/** The frequency-weighted type lists docs/catalog.md reports coverage from (see test/coverage). */
const COVERAGE_FILES = ["test/coverage/aws-types.tsv", "test/coverage/azure-types.tsv", "test/coverage/gcp-types.tsv"];

const model = (owner: string, withDefault = false) => ({
  id: "paas",
  name: "m",
  description: "d",
  cells: {
    "a.one": { owner, provider: "p", customer: "c", ...(withDefault ? { default: "n/a" as const } : {}) },
    "a.two": { owner: "provider", provider: "p", customer: "c" },
  },
});

describe("catalog stats", () => {
  it("counts cells, cited and confirmed cells, defaults stated and backlog per provider", () => {
    const catalog = {
      controls: [{ id: "a.one" }, { id: "a.two" }],
      models: [model("customer")],
      services: [
        { id: "aws.x", provider: "aws", model: "paas", cells: { "a.one": { default: "off", sources: ["https://docs.aws.amazon.com/x"] } }, confirmed: ["a.two"] },
        { id: "gcp.y", provider: "gcp", model: "paas" },
      ],
    } as never;
    const stats = catalogStats(catalog, { noDefault: { "gcp.y": ["a.one"] }, inherited: { "gcp.y": ["a.one", "a.two"] } });
    expect(stats.map((s) => s.provider)).toEqual(["aws", "gcp", "all"]);
    expect(stats[0]).toMatchObject({ services: 1, cells: 2, cited: 1, confirmed: 1, customerOrShared: 1, defaultsStated: 1, backlogNoDefault: 0, backlogInherited: 0 });
    expect(stats[1]).toMatchObject({ services: 1, cells: 2, cited: 0, confirmed: 0, customerOrShared: 1, defaultsStated: 0, backlogNoDefault: 1, backlogInherited: 2 });
    expect(stats[2]).toMatchObject({ services: 2, cells: 4, cited: 1, customerOrShared: 2, defaultsStated: 1 });
    const md = catalogStatsMarkdown(stats);
    expect(md).toContain("| aws | 1 | 2 | 1 (50.0%) | 1 | 0 | 1 | 1 (100.0%) | 0 |");
    expect(md).toContain("| gcp | 1 | 2 | 0 (0.0%) | 0 | 2 | 1 | 0 (0.0%) | 1 |");
    const withCoverage = catalogStatsMarkdown(catalogStats(catalog, {}, { aws: { ratio: 0.5, mapped: 1, total: 2 } }));
    expect(withCoverage).toContain("| aws | 1 | 2 | 1 (50.0%) | 1 | 0 | 1 | 1 (100.0%) | 0 | 50.0% (1 of 2) |");
    expect(withCoverage).toContain("| gcp | 1 | 2 | 0 (0.0%) | 0 | 0 | 1 | 0 (0.0%) | 0 | |");
  });

  it("replaces only the generated block, and refuses a document without markers", () => {
    const doc = `# T\n\nbefore\n${STATS_BEGIN}\nold\n${STATS_END}\nafter\n`;
    expect(replaceStatsBlock(doc, "new\n")).toBe(`# T\n\nbefore\n${STATS_BEGIN}\nnew\n${STATS_END}\nafter\n`);
    expect(() => replaceStatsBlock("# T\n", "x")).toThrow(/no <!-- catalog-stats:begin/);
  });

  it("docs/catalog.md carries the figures of the catalog as it is (regenerate: catalog stats --coverage ... --update docs/catalog.md)", async () => {
    const result = await compileCatalogDir("catalog");
    const text = COVERAGE_FILES.map((f) => readFileSync(f, "utf8")).join("\n");
    const coverage = typeCoverage(new Catalog(result.catalog!), text).byProvider;
    const block = catalogStatsMarkdown(catalogStats(result.catalog!, result.backlog?.pruned, coverage));
    const doc = readFileSync("docs/catalog.md", "utf8");
    expect(replaceStatsBlock(doc, block)).toBe(doc);
  });

  it("catalog stats --update rewrites the block in place", async () => {
    const dir = await tempTree({ "doc.md": `x\n${STATS_BEGIN}\nstale\n${STATS_END}\n` });
    const out = await runCli(["catalog", "stats", "--update", join(dir, "doc.md")]);
    expect(out.code).toBe(0);
    const text = readFileSync(join(dir, "doc.md"), "utf8");
    expect(text).not.toContain("stale");
    expect(text).toMatch(/\| \*\*all\*\* \| \d+ \|/);
    await writeFile(join(dir, "bad.md"), "no markers\n");
    const bad = await runCli(["catalog", "stats", "--update", join(dir, "bad.md")]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bad\.md: the document has no/);
  });
});
