import { IMPORT_KINDS, importerFor, isImportKind } from "../../inventory/importers/index.js";
import type { ImportProblem } from "../../inventory/importer.js";
import { writeNdjson } from "../../inventory/ndjson.js";
import { parse } from "../args.js";
import { clockFrom } from "../clock.js";
import { UsageError, withOutput, type CliIo } from "../io.js";
import { completionCode } from "../exit-codes.js";
import { importProgress } from "../import-progress.js";
import { clearRunRecord, emptyInputProblem, META_HELP, META_OPTION, writeRunRecord } from "../run-record.js";

export const INVENTORY_HELP = `Usage: cloud-srm inventory import <kind> <file|-> [options]
       cloud-srm inventory aws [options]     (live, read-only; see inventory aws --help)
       cloud-srm inventory azure [options]   (live, read-only; see inventory azure --help)
       cloud-srm inventory gcp --scope S     (live, read-only; see inventory gcp --help)

Reads an export you already have and writes normalized resources as NDJSON
(one JSON object per line) to stdout. Records that cannot be understood are
reported on stderr with their position (file:line or record); the rest still
import. Secrets are redacted (docs/inventory.md says exactly what).

Exit codes: 0 complete; 3 partial (a record was rejected, or the input was
empty or not of this kind), 0 with --allow-partial; 1 failure; 2 usage.

Kinds:
  terraform       terraform.tfstate (v4), terraform show -json (state or plan)
  aws-config      AWS Config snapshots, configuration items, select-resource-config
  aws-resources   Resource Explorer search/list-resources, Tagging API get-resources
  azure           az resource list, az graph query (Resource Graph)
  gcp             gcloud asset search-all-resources, Cloud Asset exports (JSON/NDJSON)

Options:
  --output <file>    write NDJSON to a file instead of stdout
  --allow-partial    exit 0 even when records were rejected (the warning stays)
${META_HELP}
  -h, --help         show this help

Examples:
  cloud-srm inventory import terraform terraform.tfstate > inventory.ndjson
  az graph query -q "Resources" --first 1000 | cloud-srm inventory import azure -
`;

export async function inventoryCommand(args: string[], io: CliIo, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    io.stdout.write(INVENTORY_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === "aws") return (await import("./aws-options.js")).inventoryAwsCommand(rest, io);
  if (sub === "azure") return (await import("./azure-options.js")).inventoryAzureCommand(rest, io);
  if (sub === "gcp") return (await import("./gcp-options.js")).inventoryGcpCommand(rest, io);
  if (sub !== "import") throw new UsageError(`unknown inventory command "${sub}" (expected import, aws, azure or gcp)`);
  const { values, positionals } = parse(rest, { output: { type: "string" }, "allow-partial": { type: "boolean" }, ...META_OPTION });
  if (values.help) return io.stdout.write(INVENTORY_HELP), 0;
  await clearRunRecord(values.meta);
  const [kind, file] = positionals;
  if (!kind || !isImportKind(kind)) throw new UsageError(`inventory import needs a kind: ${IMPORT_KINDS.join(", ")}`);
  if (!file || positionals.length > 2) throw new UsageError("inventory import needs one file (or - for stdin)");
  const importer = await importerFor(kind);
  const problems: ImportProblem[] = [];
  const now = clockFrom(io.env);
  // A terminal gets a progress line (bytes read, records); a pipe or a CI log gets nothing extra.
  const progress = await importProgress({ ...io, stdin }, file);
  const options = { onProblem: (p: ImportProblem) => problems.push(p), now: () => now, stdin: stdin as never };
  const resources = progress ? progress.track(importer(progress.input, options)) : importer(file, options);
  let count: number;
  try {
    count = await withOutput(io, values.output, (out) => writeNdjson(resources, out));
  } finally {
    progress?.clear();
  }
  for (const p of problems) io.stderr.write(`${p.source}:${p.position}: ${p.message}\n`);
  io.stderr.write(`imported ${count} resource(s)${problems.length ? `, skipped ${problems.length} record(s)` : ""}\n`);
  // Nothing imported is never a complete run: an empty file or the wrong kind of export.
  const partial = problems.length > 0 || count === 0;
  if (partial) io.stderr.write(`cloud-srm: partial result: ${count === 0 ? "no resource was imported" : `${problems.length} record(s) rejected`}${values["allow-partial"] ? " (allowed by --allow-partial)" : ""}\n`);
  await writeRunRecord(values.meta, { command: "inventory import", format: "ndjson", now, resources: count, problems: count === 0 && problems.length === 0 ? [emptyInputProblem(file)] : problems });
  return completionCode(partial, values["allow-partial"]);
}
