// Issue 12's bar: joining N resources with 3N imported findings stays within 2x
// the time of the join alone, in bounded memory. Each run in its own process
// (join-child.mjs), interleaved. The default is 100,000 resources (300,000
// findings) so a run on 2 shared cores stays short; BENCH_FINDINGS_COUNT sets N.
// Findings files are read record by record and indexed compactly in memory
// (src/evidence/findings/join.ts): the table says how much memory that takes
// per finding. The findings file is written once per size and kept in
// .bench-tmp/ (BENCH_KEEP=1) so that several sizes can be run in turn.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateFindings } from "./generate-findings.mjs";
import { generateInventory } from "./generate-inventory.mjs";
import { fmt, median } from "./stats.mjs";

export async function run() {
  const count = Number(process.env.BENCH_FINDINGS_COUNT ?? 100_000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = fileURLToPath(new URL("../../.bench-tmp/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const inventory = `${dir}inventory-${count}.ndjson`;
  const findingsFile = `${dir}findings-${count}.ocsf.json`;
  const kept = process.env.BENCH_KEEP && existsSync(findingsFile) && existsSync(inventory);
  const inventoryBytes = kept ? statSync(inventory).size : await generateInventory(inventory, count);
  const { findings, bytes } = kept ? { findings: count * 3, bytes: statSync(findingsFile).size } : await generateFindings(findingsFile, count, 3);
  const child = fileURLToPath(new URL("./join-child.mjs", import.meta.url));
  const measure = (mode) => {
    const result = spawnSync(process.execPath, ["--max-old-space-size=8192", "--expose-gc", child, mode, inventory, findingsFile], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (result.status !== 0) throw new Error(`${mode} run failed: ${result.stderr}`);
    const parsed = JSON.parse(result.stdout);
    if (parsed.count !== count) throw new Error(`${mode} saw ${parsed.count} of ${count} records`);
    return parsed;
  };
  const modes = ["join", "findings"];
  const results = { join: [], findings: [] };
  for (let i = 0; i < runs; i++) for (const mode of modes) results[mode].push(measure(mode));
  if (!process.env.BENCH_KEEP) {
    rmSync(inventory);
    rmSync(findingsFile);
  }
  const ms = (mode) => median(results[mode].map((r) => r.ms));
  const cpu = (mode) => median(results[mode].map((r) => r.cpuMs));
  const rss = (mode) => Math.max(...results[mode].map((r) => r.maxRssMb));
  const load = median(results.findings.map((r) => r.loadMs));
  const loadCpu = median(results.findings.map((r) => r.loadCpuMs));
  const indexMb = median(results.findings.map((r) => r.indexHeapMb));
  const row = (label, mode) => `| ${label} | ${fmt(ms(mode) / 1000, 2)} | ${fmt(cpu(mode) / 1000, 2)} | ${fmt(rss(mode), 0)} |`;
  return [
    `${count.toLocaleString("en-US")} resources (${fmt(inventoryBytes / 2 ** 20, 0)} MiB NDJSON) and ${findings.toLocaleString("en-US")} Prowler JSON-OCSF findings (${fmt(bytes / 2 ** 20, 0)} MiB, 3 per resource), median of ${runs} interleaved runs, each in its own process.`,
    "",
    "| pipeline | median wall s | median CPU s | peak RSS MB |",
    "|---|---|---|---|",
    row("join to NDJSON, no findings", "join"),
    row("load findings + join to NDJSON with them", "findings"),
    "",
    `With findings the join takes **${fmt(cpu("findings") / cpu("join"), 2)}x** the join alone by CPU time (bar: at most 2x), ${fmt(ms("findings") / ms("join"), 2)}x by wall time; loading the findings file is ${fmt(loadCpu / 1000, 2)} CPU s (${fmt(load / 1000, 2)} s wall) of it. The index holds ${fmt(indexMb, 0)} MB of heap after a full collection (${fmt((indexMb * 2 ** 20) / findings, 0)} bytes per finding); peak RSS grows from ${fmt(rss("join"), 0)} to ${fmt(rss("findings"), 0)} MB.`,
  ].join("\n");
}
