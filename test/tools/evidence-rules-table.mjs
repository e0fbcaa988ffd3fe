// Prints the two generated parts of docs/evidence.md ("Configuration rules"): the table of the
// built-in evidence rules x the sources they read, and the goal table (the 30 most used services'
// duties, visible settings and rules). Run after `npm run build`:
//   node test/tools/evidence-rules-table.mjs          # both tables (each goes in its place in the docs)
//   node test/tools/evidence-rules-table.mjs --gaps   # the missing (duty, source) pairs, one a line
// test/evidence/goal.test.ts fails when the docs differ from this output.
import { readFileSync } from "node:fs";
import { goalRows, goalTable, rulesTable } from "./evidence-tables.mjs";

const catalog = JSON.parse(readFileSync(new URL("../../dist/catalog.json", import.meta.url), "utf8"));
if (process.argv.includes("--gaps")) {
  for (const r of goalRows(catalog)) for (const m of r.missing) console.log(`${r.id} ${m}`);
} else {
  console.log(rulesTable(catalog));
  console.log("\n<!-- goal -->\n");
  console.log(goalTable(catalog));
}
