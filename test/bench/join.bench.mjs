// Issue 14 bars, measured side by side in one run, each run in its own process:
// - the join (NDJSON in, joined NDJSON out) at no less than 0.85x the throughput
//   of a PLAIN Node loop (read chunks, split lines, JSON.parse, JSON.stringify,
//   write) over the same file, in under 300 MB peak RSS;
// - `report --format parquet` (one row per resource x duty) within 2x the time
//   of the NDJSON join.
// The default is 200,000 resources so a run on 2 shared cores stays short;
// BENCH_JOIN_COUNT=1000000 gives the 1M figures (BENCH_RUNS sets the runs, default 3).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateInventory } from "./generate-inventory.mjs";
import { fmt, median } from "./stats.mjs";

export async function run() {
  const count = Number(process.env.BENCH_JOIN_COUNT ?? 200_000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = fileURLToPath(new URL("../../.bench-tmp/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}inventory-${count}.ndjson`;
  const bytes = await generateInventory(file, count);
  const child = fileURLToPath(new URL("./join-child.mjs", import.meta.url));
  const measure = (mode) => {
    const result = spawnSync(process.execPath, [child, mode, file], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (result.status !== 0) throw new Error(`${mode} run failed: ${result.stderr}`);
    const parsed = JSON.parse(result.stdout);
    if (parsed.count !== count) throw new Error(`${mode} saw ${parsed.count} of ${count} records`);
    return parsed;
  };
  const modes = ["plain", "join", "parquet"];
  const results = Object.fromEntries(modes.map((m) => [m, []]));
  // Interleaved, so that a machine that slows down during the run slows every pipeline alike.
  for (let i = 0; i < runs; i++) for (const mode of modes) results[mode].push(measure(mode));
  rmSync(file);
  const ms = (mode) => median(results[mode].map((r) => r.ms));
  const cpu = (mode) => median(results[mode].map((r) => r.cpuMs));
  const rss = (mode) => fmt(Math.max(...results[mode].map((r) => r.maxRssMb)), 0);
  const rate = (value) => `${fmt(count / (value / 1000) / 1000, 0)}k/s`;
  const row = (label, mode) => `| ${label} | ${fmt(ms(mode) / 1000, 2)} | ${fmt(cpu(mode) / 1000, 2)} | ${rate(ms(mode))} | ${rss(mode)} |`;
  return [
    `${count.toLocaleString("en-US")} resources (${fmt(bytes / 2 ** 20, 0)} MiB NDJSON, mixed Config / Terraform / ARN / ARM / GCP records), median of ${runs} interleaved runs each, each run in its own process.`,
    "",
    "| pipeline | median wall s | median CPU s | throughput | peak RSS MB |",
    "|---|---|---|---|---|",
    row("plain Node loop: read, `JSON.parse`, `JSON.stringify`, write", "plain"),
    row("join to NDJSON (`report --format ndjson`)", "join"),
    row("join to Parquet (`report --format parquet`), rows per resource x duty", "parquet"),
    "",
    `Join throughput is **${fmt(ms("plain") / ms("join"), 2)}x** the plain loop by wall time, ${fmt(cpu("plain") / cpu("join"), 2)}x by CPU time (bar: at least 0.85x); peak RSS bar: under 300 MB.`,
    `Parquet takes ${fmt(ms("parquet") / ms("join"), 2)}x the NDJSON join's wall time, **${fmt(cpu("parquet") / cpu("join"), 2)}x** its CPU time (bar: at most 2x).`,
  ].join("\n");
}
