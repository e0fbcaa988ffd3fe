// One measured run in its own process (so peak RSS is its own): either a
// plain Node loop (read the file in chunks, split lines, JSON.parse,
// JSON.stringify, write), written the way anyone would without this library,
// or the full join (`report --format ndjson`'s path), over the same file.
// or the join written as Parquet (one row per resource x duty, src/join/parquet.ts).
// or the join with imported findings (`report --findings prowler=FILE --format ndjson`).
// Usage: node join-child.mjs <plain|join|parquet|findings> <input.ndjson> [findings.json]
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rmSync } from "node:fs";
import { builtinCatalog, joinBatchesToNdjson, Joiner, joinToParquet, loadFindings, readResourceBatches } from "cloud-srm";

const [mode, file, findingsFile] = process.argv.slice(2);
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
} else if (mode === "parquet") {
  const target = `${file}.parquet`;
  const summary = await joinToParquet(readResourceBatches(file), new Joiner(builtinCatalog()), target);
  count = summary.total;
  rmSync(target);
} else if (mode === "findings") {
  const catalog = builtinCatalog();
  globalThis.gc?.();
  var baseHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const loadStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const findings = await loadFindings([{ kind: "prowler", file: findingsFile }], catalog, { now: new Date("2026-12-01T00:00:00Z") });
  var loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  var loadCpuMs = (cpu.user + cpu.system) / 1000;
  // The index's own size: heap after a full collection (run with --expose-gc), the findings loaded and nothing else held.
  globalThis.gc?.();
  var indexHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const summary = await joinBatchesToNdjson(readResourceBatches(file), new Joiner(catalog, { findings }), out);
  count = summary.total;
} else {
  const summary = await joinBatchesToNdjson(readResourceBatches(file), new Joiner(builtinCatalog()), out);
  count = summary.total;
}
await new Promise((resolve) => out.end(resolve));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
process.stdout.write(JSON.stringify({ mode, count, ms, cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMb: maxRSS / 1024, ...(mode === "findings" ? { loadMs, loadCpuMs, indexHeapMb: indexHeapMb - baseHeapMb } : {}) }));
