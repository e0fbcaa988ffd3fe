// Renders one format of a report built from an NDJSON inventory, in its own
// process so peak RSS is the format's own. Usage: node render-child.mjs <format> <inventory.ndjson>
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { buildReport, readResources, renderReportChunks } from "cloud-srm";

const [format, file] = process.argv.slice(2);
const report = await buildReport(readResources(file), { now: new Date("2026-01-01T00:00:00Z") });
const start = process.hrtime.bigint();
// As the CLI does: render and write the document to a file (here /dev/null).
const out = createWriteStream("/dev/null");
let bytes = 0;
for await (const chunk of renderReportChunks(format, report, { now: new Date("2026-01-01T00:00:00Z") })) {
  bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
  if (!out.write(chunk)) await once(out, "drain");
}
out.end();
await once(out, "close");
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ format, resources: report.summary.resources, ms, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
