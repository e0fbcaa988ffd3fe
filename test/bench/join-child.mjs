// One measured run in its own process (so peak RSS is its own): either the
// bare NDJSON parse + stringify loop, or the full join, over the same file.
// Usage: node join-child.mjs <bare|join> <input.ndjson>
import { createWriteStream } from "node:fs";
import { builtinCatalog, Joiner, joinToNdjson, readLines, readResources, writeLines } from "cloud-srm";

const [mode, file] = process.argv.slice(2);
const out = createWriteStream("/dev/null");
const start = process.hrtime.bigint();
let count = 0;
if (mode === "bare") {
  async function* lines() {
    for await (const { text } of readLines(file)) {
      count++;
      yield JSON.stringify(JSON.parse(text));
    }
  }
  await writeLines(lines(), out);
} else {
  const summary = await joinToNdjson(readResources(file), new Joiner(builtinCatalog()), out);
  count = summary.total;
}
await new Promise((resolve) => out.end(resolve));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ mode, count, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
