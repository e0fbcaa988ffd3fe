// Issue bar: a 10,000-resource report renders in every format in under 5 s
// each and under 500 MB peak RSS.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateInventory } from "./generate-inventory.mjs";
import { fmt, median } from "./stats.mjs";

const FORMATS = ["md", "html", "csv", "xlsx", "oscal-ssp", "oscal-component", "ocsf"];

export async function run() {
  const count = Number(process.env.BENCH_RENDER_COUNT ?? 10_000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = fileURLToPath(new URL("../../.bench-tmp/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}render-${count}.ndjson`;
  await generateInventory(file, count);
  const child = fileURLToPath(new URL("./render-child.mjs", import.meta.url));
  const rows = [];
  for (const format of FORMATS) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [child, format, file], { encoding: "utf8", maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`${format} failed: ${r.stderr}`);
      results.push(JSON.parse(r.stdout));
    }
    const ms = median(results.map((r) => r.ms));
    const rss = Math.max(...results.map((r) => r.maxRssMb));
    rows.push(`| ${format} | ${fmt(ms / 1000, 2)} | ${fmt(results[0].bytes / 2 ** 20, 1)} | ${fmt(rss, 0)} |`);
  }
  rmSync(file);
  return [
    `A report of ${count.toLocaleString("en-US")} resources (the join benchmark's mix; ${count * 35 / 1000}k resource x control rows where mapped), median render time of ${runs} runs per format, each run in its own process (peak RSS includes building the report).`,
    "",
    "| format | render s | output MiB | peak RSS MB |",
    "|---|---|---|---|",
    ...rows,
    "",
    "Bar: under 5 s and under 500 MB per format.",
  ].join("\n");
}
