// Cold start of a process that imports the core, against a bare `node -e 0`.
// Bar (issue 2): at most 1.5x the bare process. The CLI's `--version` and
// `--help` (issue 14): at most 1.3x.
import { fmt, median, timeCommands } from "./stats.mjs";

export async function run() {
  const runs = 40;
  const cases = [
    ["bare `node -e 0`", ["-e", "0"]],
    ['`require("cloud-srm")` (CJS)', ["-e", 'require("cloud-srm")']],
    ['`import "cloud-srm"` (ESM)', ["--input-type=module", "-e", 'import "cloud-srm"']],
    ["CJS import + `builtinCatalog().resolve(\"aws.rds\")`", ["-e", 'require("cloud-srm").builtinCatalog().resolve("aws.rds")']],
    ["`cloud-srm --version`", ["dist/cli.js", "--version"]],
    ["`cloud-srm --help`", ["dist/cli.js", "--help"]],
    ["`cloud-srm matrix aws.rds`", ["dist/cli.js", "matrix", "aws.rds"]],
  ];
  const times = timeCommands(cases.map(([, args]) => args), runs);
  const base = median(times[0]);
  const rows = cases.map(([label], i) => {
    const m = median(times[i]);
    return `| ${label} | ${fmt(m)} | ${fmt(m / base, 2)}x |`;
  });
  return [
    `Median wall time of ${runs} cold processes each (interleaved).`,
    "",
    "| process | median ms | vs bare |",
    "|---|---|---|",
    ...rows,
  ].join("\n");
}
