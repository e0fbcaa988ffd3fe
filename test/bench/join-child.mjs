// One measured run in its own process (so peak RSS is its own): either a
// plain Node loop (read the file in chunks, split lines, JSON.parse,
// JSON.stringify, write), written the way anyone would without this library,
// or the full join (`report --format ndjson`'s path), over the same file.
// Usage: node join-child.mjs <plain|join> <input.ndjson>
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { builtinCatalog, joinBatchesToNdjson, Joiner, readResourceBatches } from "cloud-srm";

const [mode, file] = process.argv.slice(2);
const out = createWriteStream("/dev/null");
const start = process.hrtime.bigint();
let count = 0;
if (mode === "plain") {
  let rest = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8" })) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop();
    let text = "";
    for (const line of lines) {
      if (!line) continue;
      text += `${JSON.stringify(JSON.parse(line))}\n`;
      count++;
    }
    if (!out.write(text)) await once(out, "drain");
  }
  if (rest) {
    out.write(`${JSON.stringify(JSON.parse(rest))}\n`);
    count++;
  }
} else {
  const summary = await joinBatchesToNdjson(readResourceBatches(file), new Joiner(builtinCatalog()), out);
  count = summary.total;
}
await new Promise((resolve) => out.end(resolve));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ mode, count, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
