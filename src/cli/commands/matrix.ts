import { MATRIX_DOCUMENT_FORMATS, renderMatrices, type MatrixDocumentFormat } from "../../render/documents.js";
import { matrixTable } from "../../render/matrix-text.js";
import type { Matrix } from "../../types.js";
import { parse, pickFormat } from "../args.js";
import { catalogFrom, catalogVersion, OVERLAY_OPTION } from "../catalog-option.js";
import { clockFrom } from "../clock.js";
import { checkBinaryTarget, DOCUMENT_OPTIONS, DOCUMENT_OPTIONS_HELP, documentOptions } from "../document-options.js";
import { emit, UsageError, type CliIo } from "../io.js";
import { ownerPaint } from "../paint.js";
import { clearRunRecord, META_HELP, META_OPTION, writeRunRecord } from "../run-record.js";

export const MATRIX_HELP = `Usage: cloud-srm matrix <service|model>... [options]
       cloud-srm matrix --all [options]

Prints the responsibility matrix of a service (e.g. aws.rds) or a service
model (iaas, paas, faas, saas): one row per control with its owner, what the
provider does, what the customer does and how to verify it. Several ids, or
--all for every service in the catalog, make one document.

Options:
  --format <f>       table (default), json, ${MATRIX_DOCUMENT_FORMATS.join(", ")}
  --all              every service in the catalog
  --catalog <file>   use a compiled catalog JSON instead of the built-in one
  --overlay <file>   apply an overlay file (repeatable, applied in order)
  --output <file>    write to a file instead of stdout
${META_HELP}
${DOCUMENT_OPTIONS_HELP}
  -h, --help         show this help

JSON output is one matrix object for one id, an array for several.
SOURCE_DATE_EPOCH fixes the documents' clock (same input, same bytes).

Examples:
  cloud-srm matrix aws.rds
  cloud-srm matrix paas --format md
  cloud-srm matrix aws.ec2 --overlay acme-msp.yaml --format json
  cloud-srm matrix --all --format xlsx --output responsibility-matrix.xlsx
  cloud-srm matrix aws.rds aws.s3 --format html --framework nist-800-53 --output rds-s3.html
`;

const FORMATS = ["table", "json", ...MATRIX_DOCUMENT_FORMATS] as const;

export async function matrixCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...OVERLAY_OPTION,
    ...DOCUMENT_OPTIONS,
    format: { type: "string" },
    output: { type: "string" },
    all: { type: "boolean" },
    ...META_OPTION,
  });
  if (values.help) return io.stdout.write(MATRIX_HELP), 0;
  await clearRunRecord(values.meta);
  const format = pickFormat(values.format, FORMATS, "table");
  if (positionals.length === 0 && !values.all) throw new UsageError("matrix takes a service or model id (or --all), e.g. cloud-srm matrix aws.rds");
  if (positionals.length > 0 && values.all) throw new UsageError("give ids or --all, not both");
  checkBinaryTarget(format, values.output, io);
  const options = documentOptions(values, clockFrom(io.env));
  const catalog = await catalogFrom(values);
  const version = await catalogVersion(values);
  const matrices: Matrix[] = values.all ? catalog.services.map((s) => catalog.resolve(s.id)) : positionals.map((id) => catalog.resolve(id));
  let data: string | Uint8Array;
  if (format === "json") data = `${JSON.stringify(matrices.length === 1 && !values.all ? matrices[0] : matrices, null, 2)}\n`;
  else if (format === "table") {
    const width = io.stdout.isTTY ? (io.stdout.columns ?? 160) : 160;
    // The last line names the tool and catalog, as the text report's does (issue 11).
    data = `${matrices.map((m) => matrixTable(m, { width, paint: ownerPaint(io) })).join("\n")}\nWritten by cloud-srm ${options.toolVersion} (catalog ${version}).\n`;
  } else data = await renderMatrices(format as MatrixDocumentFormat, matrices, { ...options, catalogVersion: version });
  await emit(io, data, values.output);
  // A matrix reads only the catalog: nothing can be rejected, so the record is always complete.
  await writeRunRecord(values.meta, { command: "matrix", format, now: options.now, catalog: version, problems: [] });
  return 0;
}
