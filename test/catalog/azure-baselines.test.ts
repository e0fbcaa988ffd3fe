import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/index.js";

// Microsoft's Azure security baselines (MCSB v3, CC-BY-4.0), one row per (service, feature);
// see test/reference/README.md. Azure cells record the rows they rest on (`mcsb:`); these tests
// hold every recorded row to the baseline of the service it is cited from, field by field.
const CSV = readFileSync("test/reference/mcsb/azure-security-baselines-v3.features.csv", "utf8");
const BASELINE_URL = /^https:\/\/learn\.microsoft\.com\/en-us\/security\/benchmark\/azure\/baselines\/(.+)-security-baseline$/;

/** RFC 4180 fields of one line (the file quotes fields that hold commas). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** The baseline's page name: the first word of the service column, without parentheses or doubled hyphens. */
const slug = (name: string) => name.split(" ")[0]!.replace(/[()]/g, "").replace(/-+/g, "-");

type Row = { service: string; control: string; feature: string; responsibility: string; supported: string; enabledByDefault: string };
const header = fields(CSV.split("\n")[0]!);
const col = (name: string) => header.indexOf(name);
const rows: Row[] = CSV.split("\n")
  .slice(1)
  .filter((line) => line.trim() !== "")
  .map((line) => {
    const f = fields(line);
    return {
      service: slug(f[col("service")]!),
      control: f[col("asb_control_id")]!,
      feature: f[col("feature_name")]!,
      responsibility: f[col("responsibility")]!,
      supported: f[col("feature_supported")]!,
      enabledByDefault: f[col("enabled_by_default")]!,
    };
  });
const baselines = new Set(rows.map((r) => r.service));
const asBool = (v: string) => (v === "True" ? true : v === "False" ? false : undefined);
const catalog = builtinCatalog();
const azure = catalog.services.filter((s) => s.provider === "azure");

/** The baselines a cell speaks for: the baseline pages it cites, else the service's own. */
function baselinesOf(docs: string | undefined, sources: readonly string[]): string[] {
  const cited = sources.map((u) => BASELINE_URL.exec(u)?.[1]).filter((b): b is string => b !== undefined);
  if (cited.length > 0) return cited;
  const own = docs ? BASELINE_URL.exec(docs)?.[1] : undefined;
  return own ? [own] : [];
}

describe("Azure security baselines", () => {
  it("parse into 118 baselines", () => {
    expect(baselines.size).toBe(118);
    expect(rows.every((r) => r.feature !== "" && r.responsibility !== "")).toBe(true);
  });

  it("every baseline page an Azure service cites exists in the baselines", () => {
    for (const service of azure) {
      const urls = [service.docs ?? "", ...Object.values(service.cells ?? {}).flatMap((c) => c.sources ?? [])];
      for (const url of urls) {
        const slug = BASELINE_URL.exec(url)?.[1];
        if (slug) expect(baselines.has(slug), `${service.id}: ${url}`).toBe(true);
      }
    }
  });

  it("every recorded MCSB row matches its own service's baseline row, field by field", () => {
    let checked = 0;
    const problems: string[] = [];
    for (const service of azure) {
      for (const [control, cell] of Object.entries(service.cells ?? {})) {
        if (!cell.mcsb?.length) continue;
        const own = baselinesOf(service.docs, cell.sources ?? []);
        for (const row of cell.mcsb) {
          const where = `${service.id} ${control}: ${row.control} "${row.feature}"`;
          const candidates = rows.filter((r) => r.control === row.control && r.feature === row.feature && (own.length === 0 || own.includes(r.service)));
          if (candidates.length === 0) {
            problems.push(`${where} is not a row of ${own.join(", ") || "any baseline"}`);
            continue;
          }
          const same = candidates.some(
            (r) =>
              r.responsibility === row.responsibility &&
              asBool(r.supported) === row.supported &&
              asBool(r.enabledByDefault) === row.enabledByDefault,
          );
          if (!same) problems.push(`${where}: ${JSON.stringify(row)} differs from ${JSON.stringify(candidates[0])}`);
          checked++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it("services cover the baselines (the breadth anchor of issue 13)", () => {
    const covered = new Set(azure.flatMap((s) => baselinesOf(s.docs, [])));
    // Of the 118 baselines, those with a catalog service whose docs page is that baseline; raise the floor as services are added.
    expect(covered.size, `covered: ${[...covered].sort().join(", ")}`).toBeGreaterThanOrEqual(97);
  });
});
