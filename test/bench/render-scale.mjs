// Shared by render.bench.mjs and render-others.bench.mjs (each writes its own block of
// docs/performance.md). Issue 14 bars: every report document format at 100k, 300k and 1M resources completes with peak
// memory under 1 GB and time linear in resources, against a plain Node loop over the same input in
// the same run. Each run is its own process (the join included: that is what `report` does).
// The sizes are heavy on purpose, so nothing runs this by default in CI:
//   BENCH_RENDER_SIZES=100000,300000,1000000 (default) picks the sizes,
//   BENCH_RENDER_FORMATS=json,csv (default: the bench file's formats; `csv:framework` and
//   `csv:baseline` measure `--framework nist-800-53` and `--baseline`, see render-child.mjs).
// `maxSize` (per format) skips the larger sizes of a format; the table says "not run".
// A format that fails (out of memory, V8's string limit) is reported as failed, not skipped.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { generateInventory } from "./generate-inventory.mjs";
import { fmt } from "./stats.mjs";

const GB = 1024;

export async function renderScale(defaultFormats, maxSize = {}) {
  const sizes = (process.env.BENCH_RENDER_SIZES ?? "100000,300000,1000000").split(",").map(Number);
  const formats = (process.env.BENCH_RENDER_FORMATS ?? defaultFormats.join(",")).split(",");
  // A directory per format list, so that two benchmark processes can run side by side.
  const dir = fileURLToPath(new URL(`../../.bench-tmp/render-${formats.join("+").replace(/[^\w+-]/g, "-")}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  const child = fileURLToPath(new URL("./render-child.mjs", import.meta.url));
  const results = new Map(); // `${format}|${size}` -> result
  const loads = [];
  for (const size of sizes) {
    const file = `${dir}render-${size}.ndjson`;
    await generateInventory(file, size);
    // A mode `F:baseline` diffs against a baseline report: the same inventory without every 50th
    // resource, as JSON (so 2% of the resources are added since it), written once per size, not measured.
    const baseline = `${dir}render-${size}.baseline.json`;
    if (formats.some((f) => f.endsWith(":baseline") && !(size > maxSize[f]))) writeBaseline(child, file, baseline, dir);
    for (const mode of ["plain", ...formats]) {
      if (maxSize[mode] !== undefined && size > maxSize[mode]) continue;
      loads.push(loadavg()[0]);
      // 4 GB heap ceiling: a format that does not stream shows its real peak before it fails.
      const r = spawnSync(process.execPath, ["--max-old-space-size=4096", child, mode, file, baseline], { encoding: "utf8", maxBuffer: 1 << 20 });
      if (r.status !== 0) {
        const reason = /Invalid string length|heap out of memory|Array buffer allocation failed/.exec(r.stderr)?.[0] ?? `exit ${r.status ?? r.signal}`;
        results.set(`${mode}|${size}`, { failed: reason });
        continue;
      }
      const parsed = JSON.parse(r.stdout);
      if (parsed.count !== size) throw new Error(`${mode} saw ${parsed.count} of ${size} resources`);
      results.set(`${mode}|${size}`, parsed);
    }
    rmSync(file);
    rmSync(baseline, { force: true });
  }
  const head = sizes.map((s) => `${s / 1000}k`);
  const minLoad = fmt(Math.min(...loads), 1);
  const maxLoad = fmt(Math.max(...loads), 1);
  const lines = [
    `Inventories of ${sizes.map((s) => s.toLocaleString("en-US")).join(", ")} resources (the join benchmark's mix of Config, Terraform, ARN, ARM and GCP records), one run per format and size, each in its own process: the join and the document written to /dev/null, as \`report --format F --output FILE\` does. Load average (1 min) during the runs: ${minLoad} to ${maxLoad} on ${cpus().length} cores, so wall times are inflated by the other work on the machine; CPU time (user + system of the process) is the steadier figure, and the ratios use it.`,
    "",
    `| format | ${head.map((h) => `${h} wall s / CPU s`).join(" | ")} | ${head.map((h) => `${h} CPU x plain`).join(" | ")} | ${head.map((h) => `${h} CPU µs/resource`).join(" | ")} | ${head.map((h) => `${h} peak MB`).join(" | ")} | output at ${head.at(-1)} | 1 GB bar |`,
    `|---|${sizes.map(() => "---|").join("").repeat(4)}---|---|`,
  ];
  for (const mode of ["plain", ...formats]) {
    const cells = sizes.map((size) => results.get(`${mode}|${size}`) ?? { failed: "not run" });
    const plain = sizes.map((size) => results.get(`plain|${size}`));
    const secs = cells.map((c) => (c.failed === "not run" ? "not run" : c.failed ? `failed: ${c.failed}` : `${fmt(c.ms / 1000, 1)} / ${fmt(c.cpuMs / 1000, 1)}`));
    const ratio = cells.map((c, i) => (c.failed || plain[i].failed ? "" : `${fmt(c.cpuMs / plain[i].cpuMs, 1)}x`));
    const per = cells.map((c, i) => (c.failed ? "" : fmt((c.cpuMs * 1000) / sizes[i], 0)));
    const rss = cells.map((c) => (c.failed ? "" : fmt(c.maxRssMb, 0)));
    const last = cells.at(-1);
    const output = last.failed ? "" : `${fmt(last.bytes / 2 ** 20, 0)} MiB`;
    const label = mode === "plain" ? "plain Node loop" : mode.replace(/:framework$/, " --framework nist-800-53").replace(/:baseline$/, " --baseline (2% added)");
    const run = cells.filter((c) => c.failed !== "not run");
    const met = mode === "plain" ? "baseline" : run.every((c) => !c.failed && c.maxRssMb < GB) ? (run.length < cells.length ? "met where run" : "met") : "NOT met";
    lines.push(`| ${label} | ${secs.join(" | ")} | ${ratio.join(" | ")} | ${per.join(" | ")} | ${rss.join(" | ")} | ${output} | ${met} |`);
  }
  lines.push("", "Time is linear in resources where CPU µs/resource stays flat across the sizes.");
  return lines.join("\n");
}

/** The baseline of a `F:baseline` run: the inventory without every 50th resource, joined and written as a JSON report. */
function writeBaseline(child, file, baseline, dir) {
  const lines = readFileSync(file, "utf8").split("\n").filter((line, i) => line && i % 50 !== 0);
  const thinned = `${dir}render-baseline-input.ndjson`;
  writeFileSync(thinned, `${lines.join("\n")}\n`);
  const r = spawnSync(process.execPath, ["--max-old-space-size=4096", child, "json", thinned], { encoding: "utf8", env: { ...process.env, BENCH_OUT: baseline } });
  rmSync(thinned);
  if (r.status !== 0) throw new Error(`writing the baseline failed: ${r.stderr}`);
}
