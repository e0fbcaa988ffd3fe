import { matricesCsv } from "../../render/matrix-csv.js";
import { matrixMarkdown } from "../../render/matrix-markdown.js";
import { matrixTable } from "../../render/matrix-text.js";
import { parse, pickFormat } from "../args.js";
import { catalogFrom, OVERLAY_OPTION } from "../catalog-option.js";
import { emit, UsageError, type CliIo } from "../io.js";
import { ownerPaint } from "../paint.js";

export const MATRIX_HELP = `Usage: cloud-srm matrix <service|model> [options]

Prints the responsibility matrix of a service (e.g. aws.rds) or a service
model (iaas, paas, faas, saas): one row per control with its owner, what the
provider does, what the customer does and how to verify it.

Options:
  --format <f>      table (default), json, md, csv
  --catalog <file>  use a compiled catalog JSON instead of the built-in one
  --overlay <file>  apply an overlay file (repeatable, applied in order)
  --output <file>   write to a file instead of stdout
  -h, --help        show this help

Examples:
  cloud-srm matrix aws.rds
  cloud-srm matrix paas --format md
  cloud-srm matrix aws.ec2 --overlay acme-msp.yaml --format json
`;

const FORMATS = ["table", "json", "md", "csv"] as const;

export async function matrixCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...OVERLAY_OPTION, format: { type: "string" }, output: { type: "string" } });
  if (values.help) return io.stdout.write(MATRIX_HELP), 0;
  const format = pickFormat(values.format, FORMATS, "table");
  if (positionals.length !== 1) throw new UsageError("matrix takes exactly one service or model id, e.g. cloud-srm matrix aws.rds");
  const catalog = await catalogFrom(values);
  const matrix = catalog.resolve(positionals[0]!);
  const text =
    format === "json"
      ? `${JSON.stringify(matrix, null, 2)}\n`
      : format === "md"
        ? matrixMarkdown(matrix)
        : format === "csv"
          ? matricesCsv([matrix])
          : matrixTable(matrix, { width: io.stdout.isTTY ? (io.stdout.columns ?? 160) : 160, paint: ownerPaint(io) });
  await emit(io, text, values.output);
  return 0;
}
