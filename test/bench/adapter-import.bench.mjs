// Cold import of the live adapters' entries, `cloud-srm/azure` and `cloud-srm/gcp`
// (issue 10), against a bare `node -e 0` and the core entry, in fresh processes.
// The entries load no cloud SDK until a run starts: checked first, with a load hook
// that sees every module (a cloud SDK loaded at import fails the benchmark).
// Needs `npm run build` (it measures dist/, what users get).
import { spawnSync } from "node:child_process";
import { fmt, median, timeCommands } from "./stats.mjs";

const esm = (entry) => ["--input-type=module", "-e", `import ${JSON.stringify(entry)};`];
const cjs = (entry) => ["-e", `require(${JSON.stringify(entry)});`];

// Checked once per entry, outside the timed runs (the hook costs time): every module the
// import loads (ESM or CommonJS) is seen by a load hook; none may be a cloud SDK's.
const SDK = /[\\/]node_modules[\\/](@azure[\\/]|@google-cloud[\\/]|google-gax[\\/]|@grpc[\\/]|@smithy[\\/]|@aws-sdk[\\/])/;
function checkNoSdk(entry, format) {
  const load = format === "esm" ? `await import(${JSON.stringify(entry)})` : `createRequire(import.meta.url)(${JSON.stringify(entry)})`;
  const code = `import { registerHooks, createRequire } from "node:module";
    const seen = [];
    registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
    ${load};
    const sdk = seen.filter((url) => ${SDK}.test(url));
    if (sdk.length) { console.error("loaded " + sdk[0]); process.exit(1); }
    if (!seen.some((url) => url.includes("/dist/"))) { console.error("the entry was not loaded from dist/"); process.exit(1); }`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${entry} (${format}) loads a cloud SDK at import: ${result.stderr.trim()}`);
}

export async function run() {
  for (const entry of ["cloud-srm/azure", "cloud-srm/gcp"]) for (const format of ["esm", "cjs"]) checkNoSdk(entry, format);
  const runs = Number(process.env.BENCH_RUNS ?? 20);
  const cases = [
    ["bare `node -e 0`", ["-e", "0"]],
    ['`import "cloud-srm"` (ESM)', esm("cloud-srm")],
    ['`import "cloud-srm/azure"` (ESM)', esm("cloud-srm/azure")],
    ['`require("cloud-srm/azure")` (CJS)', cjs("cloud-srm/azure")],
    ['`import "cloud-srm/gcp"` (ESM)', esm("cloud-srm/gcp")],
    ['`require("cloud-srm/gcp")` (CJS)', cjs("cloud-srm/gcp")],
  ];
  const times = timeCommands(cases.map(([, args]) => args), runs);
  const base = median(times[0]);
  const core = median(times[1]);
  const rows = cases.map(([label], i) => {
    const m = median(times[i]);
    return `| ${label} | ${fmt(m)} | ${fmt(m / base, 2)}x | ${i === 0 ? "" : `${fmt(m / core, 2)}x`} |`;
  });
  return [
    `Median wall time of ${runs} cold processes each (interleaved). Before timing, a load hook checks that importing each entry (ESM and CJS) loads no cloud SDK module (\`@azure/*\`, \`@google-cloud/*\`, \`google-gax\`, \`@grpc/*\`, AWS SDK): the SDKs load when a run starts.`,
    "",
    "| process | median ms | vs bare | vs `import \"cloud-srm\"` |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}
