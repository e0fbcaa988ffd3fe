// The two generated tables of docs/evidence.md ("Configuration rules"): the rules x the sources they
// read, and the goal of issue 12 measured (the 30 most used services: their customer and shared
// duties, which of them a source's configuration shows, and which of those have a rule).
// Printed by test/tools/evidence-rules-table.mjs; test/evidence/goal.test.ts checks that the docs
// carry exactly this text, so the table cannot go stale.
import { readFileSync } from "node:fs";

const here = new URL("../coverage/", import.meta.url);

// Which source carries a type system's configuration.
export const SOURCE = {
  cloudformation: "AWS Config items",
  terraform: "Terraform state/plan",
  arm: "ARM / Resource Graph",
  "gcp-asset": "Cloud Asset",
  arn: "ARN listing",
};

/** The provider's own configuration source (the goal's "native" column), by provider. */
export const NATIVE = { aws: "cloudformation", azure: "arm", gcp: "gcp-asset" };

/** lower-case native type -> type system, over every service of the catalog. */
function typeSystems(catalog) {
  const systemOf = new Map();
  for (const s of catalog.services) for (const [system, types] of Object.entries(s.types ?? {})) for (const t of types) systemOf.set(t.toLowerCase(), system);
  return systemOf;
}

/** Every evidence rule of the catalog with the sources its checks read. */
export function ruleRows(catalog) {
  const systemOf = typeSystems(catalog);
  const rows = [];
  for (const s of catalog.services) {
    for (const [control, cell] of Object.entries(s.cells ?? {})) {
      for (const rule of cell.evidence ?? []) {
        const systems = new Set(rule.checks.flatMap((c) => c.types.map((t) => systemOf.get(t.toLowerCase()))));
        const how = rule.checks.map((c) => (c.test ? `test ${c.test}` : c.path)).filter((v, i, a) => a.indexOf(v) === i);
        rows.push({ service: s.id, control, rule: rule.id, systems, sources: [...systems].map((x) => SOURCE[x] ?? x).sort().join(", "), how: how.join("; ") });
      }
    }
  }
  return rows.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.rule < b.rule ? -1 : 1));
}

export function rulesTable(catalog) {
  const rows = ruleRows(catalog);
  const services = new Set(rows.map((r) => r.service));
  const sources = new Set(rows.flatMap((r) => r.sources.split(", ")));
  const lines = [`${rows.length} rules in ${services.size} services, read from ${sources.size} sources (${[...sources].sort().join(", ")}).`, ""];
  lines.push("| service | control | rule | sources | reads |", "|---|---|---|---|---|");
  for (const r of rows) lines.push(`| ${r.service} | ${r.control} | \`${r.rule}\` | ${r.sources} | ${r.how.replace(/\|/g, "\\|")} |`);
  return lines.join("\n");
}

/**
 * The most used services: each type list (test/coverage/<provider>-types.tsv) counts resources of
 * one provider from different public samples, so a type weighs its share of its own provider's list
 * (the samples' sizes are an accident of what is public); a service weighs the sum over its types.
 */
export function mostUsedServices(catalog, n = 30) {
  const serviceOf = new Map();
  for (const s of catalog.services) for (const types of Object.values(s.types ?? {})) for (const t of types) if (!serviceOf.has(t.toLowerCase())) serviceOf.set(t.toLowerCase(), s.id);
  const weight = new Map();
  for (const provider of Object.keys(NATIVE)) {
    const rows = readFileSync(new URL(`${provider}-types.tsv`, here), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split("\t"));
    const total = rows.reduce((sum, [, count]) => sum + Number(count), 0);
    for (const [type, count] of rows) {
      const service = serviceOf.get(type.toLowerCase());
      if (service) weight.set(service, (weight.get(service) ?? 0) + Number(count) / total);
    }
  }
  return [...weight]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([id, share]) => ({ id, share }));
}

/** The hand assessment (test/coverage/evidence-goal.tsv): service -> control -> { native, terraform, note }. */
export function readGoal() {
  const goal = new Map();
  for (const line of readFileSync(new URL("evidence-goal.tsv", here), "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [service, control, native, terraform, note = ""] = line.split("\t");
    if (!goal.has(service)) goal.set(service, new Map());
    goal.get(service).set(control, { native: native === "-" ? null : native, terraform: terraform === "-" ? null : terraform, note });
  }
  return goal;
}

/** The customer and shared duties of a service (the rows a report must evidence). */
export function dutiesOf(service) {
  return Object.entries(service.cells ?? {})
    .filter(([, cell]) => cell.owner === "customer" || cell.owner === "shared")
    .map(([control]) => control)
    .sort();
}

/**
 * Per service of the 30: its duties, the (duty, source) pairs whose setting the source shows, and which
 * of those a rule reads. A rule counts for a source when one of its checks names a type of that source's
 * type system; `extra` lists rules in sources the assessment calls blind (the assessment is then wrong).
 */
export function goalRows(catalog, goal = readGoal()) {
  const byId = new Map(catalog.services.map((s) => [s.id, s]));
  const systemOf = typeSystems(catalog);
  return mostUsedServices(catalog).map(({ id, share }) => {
    const service = byId.get(id);
    const assessed = goal.get(id) ?? new Map();
    const native = NATIVE[service.provider];
    const row = { id, share, duties: dutiesOf(service), unassessed: [], visible: { native: 0, terraform: 0 }, covered: { native: 0, terraform: 0 }, missing: [], extra: [] };
    for (const control of row.duties) {
      const a = assessed.get(control);
      if (!a) {
        row.unassessed.push(control);
        continue;
      }
      const systems = new Set(
        (service.cells[control].evidence ?? []).flatMap((rule) => rule.checks.flatMap((c) => c.types.map((t) => systemOf.get(t.toLowerCase())))),
      );
      for (const [key, system] of [["native", native], ["terraform", "terraform"]]) {
        const ruled = systems.has(system);
        if (a[key]) {
          row.visible[key]++;
          if (ruled) row.covered[key]++;
          else row.missing.push(`${control} (${key === "native" ? SOURCE[system] : "Terraform"})`);
        } else if (ruled) row.extra.push(`${control} (${SOURCE[system]})`);
      }
    }
    return row;
  });
}

export function goalTable(catalog, goal = readGoal()) {
  const rows = goalRows(catalog, goal);
  const sum = (f) => rows.reduce((n, r) => n + f(r), 0);
  const duties = sum((r) => r.duties.length);
  const visible = sum((r) => r.visible.native + r.visible.terraform);
  const covered = sum((r) => r.covered.native + r.covered.terraform);
  const lines = [
    `The 30 most used services carry ${duties} customer and shared duties; ${visible} (duty, source) pairs show the duty's setting in configuration, ${covered} of them have a rule: **${visible - covered} missing** (${Math.round((100 * covered) / visible)}% of the goal met).`,
    "",
    "| service | weight | duties | visible (native / Terraform) | with a rule (native / Terraform) | missing |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.id} | ${r.share.toFixed(3)} | ${r.duties.length} | ${r.visible.native} / ${r.visible.terraform} | ${r.covered.native} / ${r.covered.terraform} | ${r.missing.join(", ") || "none"} |`,
    );
  }
  return lines.join("\n");
}
