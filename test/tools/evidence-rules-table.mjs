// Prints the two generated parts of docs/evidence.md ("Configuration rules"): the table of the
// built-in evidence rules x the sources they read, and the goal table (the 30 most used services'
// duties, visible settings and rules). Run after `npm run build`:
//   node test/tools/evidence-rules-table.mjs          # both tables
//   node test/tools/evidence-rules-table.mjs --write  # replace both in docs/evidence.md
//   node test/tools/evidence-rules-table.mjs --gaps   # the missing (duty, source) pairs, one a line
// test/evidence/goal.test.ts fails when the docs differ from this output.
import { readFileSync, writeFileSync } from "node:fs";
import { goalRows, goalTable, rulesTable } from "./evidence-tables.mjs";

const catalog = JSON.parse(readFileSync(new URL("../../dist/catalog.json", import.meta.url), "utf8"));
const docs = new URL("../../docs/evidence.md", import.meta.url);

/** Replaces the block that starts with a line matching `start` (a sentence, a blank line, a table). */
function replaceBlock(text, start, block) {
  const lines = text.split("\n");
  const from = lines.findIndex((l) => start.test(l));
  if (from === -1) throw new Error(`docs/evidence.md has no line matching ${start}`);
  let to = from + 2;
  while (to < lines.length && lines[to].startsWith("|")) to++;
  return [...lines.slice(0, from), block, ...lines.slice(to)].join("\n");
}

if (process.argv.includes("--gaps")) {
  for (const r of goalRows(catalog)) for (const m of r.missing) console.log(`${r.id} ${m}`);
} else if (process.argv.includes("--write")) {
  let text = readFileSync(docs, "utf8");
  text = replaceBlock(text, /^\d+ rules in \d+ services, read from/, rulesTable(catalog));
  text = replaceBlock(text, /^The 30 most used services carry/, goalTable(catalog));
  writeFileSync(docs, text);
} else {
  console.log(rulesTable(catalog));
  console.log("");
  console.log(goalTable(catalog));
}
