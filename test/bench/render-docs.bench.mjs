// Issue 14: Markdown, HTML and XLSX reports stream from a ReportSource in
// bounded memory, linear in resources. Compares the chunked renderers with
// the renderers before issue 14 (commit BASE, a Report holding every row) on
// the same synthetic rows, each run in its own process (peak RSS is its own).
// Needs a compiled catalog (`npm run build`, or any test run). Sizes: BENCH_DOCS_SIZES
// (default 100000,300000), BENCH_DOCS_FORMATS (md,html,xlsx); BENCH_DOCS_BASE: the
// formats to run the old renderers for (default all; 0 for none, e.g. at 1,000,000
// where they fail or take many minutes).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { fmt } from "./stats.mjs";

/** The last commit before the renderers streamed (the ReportSource contract alone). */
const BASE = "652c44e";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function bundle(root, out, streaming) {
  const entry = `${out}.entry.mjs`;
  const src = (p) => JSON.stringify(`${root}src/${p}`);
  writeFileSync(
    entry,
    [
      `export { buildReport, readResources } from ${src("index.ts")};`,
      `export { reportMarkdown${streaming ? ", reportMarkdownChunks" : ""} } from ${src("render/report-markdown.ts")};`,
      `export { reportHtml${streaming ? ", reportHtmlChunks" : ""} } from ${src("render/html/report.ts")};`,
      `export { reportXlsx${streaming ? ", reportXlsxChunks" : ""} } from ${src("render/xlsx/documents.ts")};`,
    ].join("\n"),
  );
  const { version } = JSON.parse(execFileSync("git", ["show", "HEAD:package.json"], { cwd: ROOT, encoding: "utf8" }));
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: out, define: { __CLOUD_SRM_VERSION__: JSON.stringify(version) }, logLevel: "error", packages: "external", absWorkingDir: ROOT });
  rmSync(entry);
}

export async function run() {
  const sizes = (process.env.BENCH_DOCS_SIZES ?? "100000,300000").split(",").map(Number);
  const formats = (process.env.BENCH_DOCS_FORMATS ?? "md,html,xlsx").split(",");
  // The old renderers, per format (BENCH_DOCS_BASE=md,html to skip xlsx; 0 for none).
  const baseFormats = process.env.BENCH_DOCS_BASE === "0" ? [] : (process.env.BENCH_DOCS_BASE ?? formats.join(",")).split(",");
  const withBase = baseFormats.length > 0;
  const dir = `${ROOT}.bench-tmp/render-docs/`;
  mkdirSync(dir, { recursive: true });
  // The compiled built-in catalog: from `npm run build`, or the one a test run compiles.
  const catalog = [`${ROOT}dist/catalog.json`, `${ROOT}test/artifacts/catalog.json`].find((f) => existsSync(f));
  if (!catalog) throw new Error("run `npm run build` first (the bundles need dist/catalog.json)");
  copyFileSync(catalog, `${dir}catalog.json`);
  await bundle(ROOT, `${dir}stream.mjs`, true);
  if (withBase) {
    const baseRoot = `${dir}base/`;
    rmSync(baseRoot, { recursive: true, force: true });
    mkdirSync(baseRoot, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${BASE} src | tar -x -C ${JSON.stringify(baseRoot)}`], { cwd: ROOT });
    await bundle(baseRoot, `${dir}base.mjs`, false);
  }
  const child = fileURLToPath(new URL("./render-docs-child.mjs", import.meta.url));
  const measure = (variant, format, count) => {
    const r = spawnSync(process.execPath, ["--max-old-space-size=4096", child, `${dir}${variant}.mjs`, variant, format, String(count)], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) return { failed: (r.stderr.trim().split("\n").find((l) => /Error|heap/i.test(l)) ?? `exit ${r.status}`).slice(0, 80) };
    return JSON.parse(r.stdout);
  };
  const rows = [];
  for (const count of sizes) {
    for (const format of formats) {
      const s = measure("stream", format, count);
      const b = baseFormats.includes(format) ? measure("base", format, count) : undefined;
      const cell = (r) => (r.failed ? `failed: ${r.failed}` : `${fmt(r.ms / 1000, 1)} s (CPU ${fmt(r.cpuMs / 1000, 1)} s), ${fmt(r.maxRssMb, 0)} MB`);
      const ratio = b && !b.failed && !s.failed ? `${fmt(s.cpuMs / b.cpuMs, 2)}x CPU, ${fmt(s.maxRssMb / b.maxRssMb, 2)}x RSS` : "";
      rows.push(`| ${count.toLocaleString("en-US")} | ${format} | ${cell(s)} | ${s.failed ? "" : fmt(s.bytes / 2 ** 20, 0)} | ${b ? cell(b) : "not run"} | ${ratio} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  }
  return [
    "Report documents of N synthetic resources (copies of 120 joined resources of the join benchmark's mix), written to /dev/null; each run in its own process; wall time and CPU time (user + system, all threads; on a shared machine CPU time is the steadier figure) of the render, peak RSS of the whole process. `streamed`: the chunked renderer over a ReportSource whose rows are generated on demand. `before`: the renderer before issue 14 over a Report holding every row (rows share their control lists, so its memory is understated).",
    "",
    "| resources | format | streamed: wall (CPU), peak RSS | output MiB | before: wall (CPU), peak RSS | streamed / before |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
