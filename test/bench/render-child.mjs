// One measured run in its own process (so peak RSS is its own), over an NDJSON inventory:
// - `plain`: the baseline, a plain Node loop (read chunks, split lines, JSON.parse,
//   JSON.stringify, write), as anyone would write it without this library;
// - a report format: what `cloud-srm report --inventory FILE --format F` does: join into the
//   report's head and lean rows (spilled to sorted runs on disk past 50,000), then write the
//   document in chunks. Output goes to /dev/null; the bytes are counted.
// - `format:framework` (the view grouped by NIST SP 800-53 ids, `--framework nist-800-53`) and
//   `format:baseline` (drift against BASELINE, a JSON report, `--baseline BASELINE`).
// Usage: node render-child.mjs <plain|format[:framework|:baseline]> <inventory.ndjson> [BASELINE]
// BENCH_OUT=FILE writes the document there instead of /dev/null (to make a baseline).
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { driftFromBaselineFile, joinReport, readResources, reportDocumentChunks } from "cloud-srm";

const [mode, file, baseline] = process.argv.slice(2);
const [format, variant] = mode.split(":");
const now = new Date("2026-01-01T00:00:00Z");
const out = createWriteStream(process.env.BENCH_OUT ?? "/dev/null");
const start = process.hrtime.bigint();
let bytes = 0;
let count = 0;
const write = async (chunk) => {
  bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
  if (!out.write(chunk)) await once(out, "drain");
};
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
    await write(text);
  }
  if (rest) {
    await write(`${JSON.stringify(JSON.parse(rest))}\n`);
    count++;
  }
} else {
  const source = await joinReport(readResources(file), { now });
  try {
    count = source.rowCount;
    if (variant === "baseline") source.head.drift = await driftFromBaselineFile(baseline, source);
    const options = { now, ...(variant === "framework" ? { framework: "nist-800-53" } : {}) };
    for await (const chunk of reportDocumentChunks(format, source, options)) await write(chunk);
  } finally {
    source.close();
  }
}
await new Promise((resolve) => out.end(resolve));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
process.stdout.write(JSON.stringify({ mode, count, ms, cpuMs: (userCPUTime + systemCPUTime) / 1000, bytes, maxRssMb: maxRSS / 1024 }));
