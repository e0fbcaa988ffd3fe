// Renders one report document (md, html or xlsx) of `count` synthetic
// resources in its own process, so peak RSS is the renderer's own.
// Usage: node render-docs-child.mjs <bundle.mjs> <stream|base> <format> <count>
// `stream`: the chunked renderers over a ReportSource whose rows are generated
// on demand (never held). `base`: the renderers before issue 14, over a Report
// holding every row (shallow copies that share their control lists, so the
// base's memory is understated, not overstated).
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateInventory } from "./generate-inventory.mjs";

const [bundle, variant, format, countText] = process.argv.slice(2);
const count = Number(countText);
const lib = await import(pathToFileURL(bundle).href);
const NOW = new Date("2026-01-01T00:00:00Z");

// Templates: 120 resources of the join benchmark's mix, joined once; rows are copies of them.
const dir = mkdtempSync(join(tmpdir(), "render-docs-"));
await generateInventory(join(dir, "templates.ndjson"), 120);
const template = await lib.buildReport(lib.readResources(join(dir, "templates.ndjson")), { now: NOW });
rmSync(dir, { recursive: true });
const { resources: templates, ...head } = template;
const pad = (i) => String(i).padStart(8, "0");
const row = (i) => ({ ...templates[i % templates.length], uid: `r${pad(i)}/${templates[i % templates.length].uid}` });
const scaledHead = { ...head, summary: { ...head.summary, resources: count } };

const out = createWriteStream("/dev/null");
let bytes = 0;
async function write(chunk) {
  bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
  if (!out.write(chunk)) await once(out, "drain");
}

const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
if (variant === "stream") {
  const services = [...new Set(templates.map((t) => t.service))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const source = {
    head: scaledHead,
    rowCount: count,
    async *rows(order = "uid") {
      if (order === "uid") {
        for (let i = 0; i < count; i++) yield row(i);
        return;
      }
      for (const service of services) for (let i = 0; i < count; i++) if (templates[i % templates.length].service === service) yield row(i);
    },
  };
  const chunks = { md: lib.reportMarkdownChunks, html: lib.reportHtmlChunks, xlsx: lib.reportXlsxChunks }[format];
  for await (const chunk of chunks(source, { now: NOW })) await write(chunk);
} else {
  const report = { ...scaledHead, resources: Array.from({ length: count }, (_, i) => row(i)) };
  const render = { md: lib.reportMarkdown, html: lib.reportHtml, xlsx: lib.reportXlsx }[format];
  await write(await render(report, { now: NOW }));
}
out.end();
await once(out, "close");
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpuStart);
// CPU time (user + system, all threads): on a shared machine it moves less than wall time.
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(JSON.stringify({ variant, format, count, ms, cpuMs, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
