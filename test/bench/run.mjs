// Runs the benchmarks and writes their figures into docs/performance.md,
// between <!-- bench:NAME --> and <!-- /bench:NAME --> markers.
// Usage: npm run bench [-- name...]   (needs `npm run build` first)
import { readdir, readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";

const wanted = process.argv.slice(2);
const dir = new URL("./", import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.mjs")).sort();
const docUrl = new URL("../../docs/performance.md", import.meta.url);
let doc = await readFile(docUrl, "utf8");

const machine = `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString().slice(0, 10)}`;
for (const file of files) {
  const name = file.replace(/\.bench\.mjs$/, "");
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench ${name}...\n`);
  const { run } = await import(new URL(file, dir));
  const markdown = (await run()).trim();
  process.stdout.write(`\n## ${name}\n${markdown}\n`);
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n_Measured: ${machine}._\n\n${markdown}\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  doc = from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
}
// BENCH_DRY_RUN=1 prints the figures without touching docs/performance.md.
if (!process.env.BENCH_DRY_RUN) await writeFile(docUrl, doc);
