// The report views that used to gather rows in memory (issue 14): the CSV and XLSX framework views
// (`--framework nist-800-53`, rows regrouped under the framework's ids) and CSV with drift against a
// baseline report (`--baseline`), measured as render.bench.mjs measures the formats (see
// render-scale.mjs). By default XLSX --framework stops at 100k and CSV --baseline at 300k (their
// larger runs take tens of minutes on the shared machine); BENCH_VIEWS_FULL=1 runs every size.
import { renderScale } from "./render-scale.mjs";

const full = process.env.BENCH_VIEWS_FULL === "1";
export const run = () => renderScale(["csv:framework", "xlsx:framework", "csv:baseline"], full ? {} : { "xlsx:framework": 100_000, "csv:baseline": 300_000 });
