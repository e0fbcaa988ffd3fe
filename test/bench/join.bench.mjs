// Issue bars: joining 1,000,000 resources from NDJSON to NDJSON runs in under
// 300 MB peak RSS and at no less than 0.85x the throughput of a PLAIN Node
// loop (read chunks, split lines, JSON.parse, JSON.stringify, write) over the
// same file, in the same run (issue 14; the earlier baseline went through the
// library's own generators and flattered the join).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateInventory } from "./generate-inventory.mjs";
import { fmt, median } from "./stats.mjs";

export async function run() {
  const count = Number(process.env.BENCH_JOIN_COUNT ?? 1_000_000);
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
  const bare = [];
  const join = [];
  for (let i = 0; i < runs; i++) {
    bare.push(measure("plain"));
    join.push(measure("join"));
  }
  rmSync(file);
  const bareMs = median(bare.map((r) => r.ms));
  const joinMs = median(join.map((r) => r.ms));
  const ratio = bareMs / joinMs;
  const rate = (ms) => `${fmt(count / (ms / 1000) / 1000, 0)}k/s`;
  return [
    `${count.toLocaleString("en-US")} resources (${fmt(bytes / 2 ** 20, 0)} MiB NDJSON, mixed Config / Terraform / ARN / ARM / GCP records), median of ${runs} runs each, each run in its own process.`,
    "",
    "| pipeline | median s | throughput | peak RSS MB |",
    "|---|---|---|---|",
    `| plain Node loop: read, \`JSON.parse\`, \`JSON.stringify\`, write | ${fmt(bareMs / 1000, 2)} | ${rate(bareMs)} | ${fmt(Math.max(...bare.map((r) => r.maxRssMb)), 0)} |`,
    `| join to NDJSON (\`report --format ndjson\`) | ${fmt(joinMs / 1000, 2)} | ${rate(joinMs)} | ${fmt(Math.max(...join.map((r) => r.maxRssMb)), 0)} |`,
    "",
    `Join throughput is **${fmt(ratio, 2)}x** the plain loop (bar: at least 0.85x); peak RSS bar: under 300 MB.`,
  ].join("\n");
}
