// Prints the Markdown table of the built-in evidence rules x the sources they read
// (docs/evidence.md, "Configuration rules"). Run after `npm run build`:
//   node test/tools/evidence-rules-table.mjs
import { readFileSync } from "node:fs";

const catalog = JSON.parse(readFileSync(new URL("../../dist/catalog.json", import.meta.url), "utf8"));
// Which source carries a type system's configuration.
const SOURCE = {
  cloudformation: "AWS Config items",
  terraform: "Terraform state/plan",
  arm: "ARM / Resource Graph",
  "gcp-asset": "Cloud Asset",
  arn: "ARN listing",
};
const systemOf = new Map();
for (const s of catalog.services) for (const [system, types] of Object.entries(s.types ?? {})) for (const t of types) systemOf.set(t.toLowerCase(), system);

const rows = [];
for (const s of catalog.services) {
  for (const [control, cell] of Object.entries(s.cells ?? {})) {
    for (const rule of cell.evidence ?? []) {
      const systems = new Set(rule.checks.flatMap((c) => c.types.map((t) => systemOf.get(t.toLowerCase()))));
      const how = rule.checks.map((c) => (c.test ? `test ${c.test}` : c.path)).filter((v, i, a) => a.indexOf(v) === i);
      rows.push({ service: s.id, control, rule: rule.id, sources: [...systems].map((x) => SOURCE[x] ?? x).sort().join(", "), how: how.join("; ") });
    }
  }
}
rows.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.rule < b.rule ? -1 : 1));
const services = new Set(rows.map((r) => r.service));
const sources = new Set(rows.flatMap((r) => r.sources.split(", ")));
console.log(`${rows.length} rules in ${services.size} services, read from ${sources.size} sources (${[...sources].sort().join(", ")}).\n`);
console.log("| service | control | rule | sources | reads |");
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.service} | ${r.control} | \`${r.rule}\` | ${r.sources} | ${r.how.replace(/\|/g, "\\|")} |`);
