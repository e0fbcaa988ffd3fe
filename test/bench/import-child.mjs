// What the import benchmarks (long-input, large-document) share: writing a large
// export, and timing a baseline or an import in a process of its own.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const dist = new URL("../../dist/index.js", import.meta.url).href;

/** Writes `prefix` + records joined by `separator` + `suffix` until about `mb` MiB; returns the record count. */
export function writeDocument(path, mb, record, prefix, suffix, separator = ",") {
  const parts = [prefix];
  let size = prefix.length;
  let n = 0;
  while (size < mb * 2 ** 20) {
    const text = JSON.stringify(record(n++));
    parts.push(n > 1 ? separator + text : text);
    size += text.length + separator.length;
  }
  parts.push(suffix);
  writeFileSync(path, parts.join(""));
  return n;
}

/**
 * How a child script ends its output: "|" and its peak resident memory (KiB), then "|" and its CPU
 * time (user + system, start-up included) in ms. On a shared machine CPU time is the fairer
 * measure; wall time is kept beside it.
 */
export const childStats = `"|" + process.resourceUsage().maxRSS + "|" + (() => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; })()`;

/** Runs `script` (an ES module ending its output with `childStats`) in a fresh process. */
export function timeChild(script) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--max-old-space-size=16384", "--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`bench child failed: ${result.stderr.slice(0, 500)}`);
  const [out, rssKb, cpuMs] = result.stdout.trim().split("|");
  return { ms, out, rssMb: Number(rssKb) / 1024, cpuMs: Number(cpuMs) };
}

/** The baseline: read the file and `JSON.parse` it whole. */
export const parseScript = (file) => `import { readFileSync } from "node:fs"; const v = JSON.parse(readFileSync(${JSON.stringify(file)}, "utf8")); process.stdout.write(String(typeof v) + ${childStats});`;

/** The import: read, parse, normalize, redact and write NDJSON to a null sink; prints "records problems". */
export const importScript = (kind, file) =>
  `import { importInventory, writeNdjson } from ${JSON.stringify(dist)}; import { Writable } from "node:stream";
   let problems = 0; const sink = new Writable({ write(_c, _e, cb) { cb(); } });
   const n = await writeNdjson(importInventory(${JSON.stringify(kind)}, ${JSON.stringify(file)}, { onProblem: () => problems++ }), sink);
   process.stdout.write(n + " " + problems + ${childStats});`;
