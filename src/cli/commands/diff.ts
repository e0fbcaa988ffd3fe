import { diffMatrices, type MatrixDiffEntry } from "../../catalog/diff.js";
import { parse, pickFormat } from "../args.js";
import { catalogFrom, OVERLAY_OPTION } from "../catalog-option.js";
import { emit, UsageError, type CliIo } from "../io.js";

export const DIFF_HELP = `Usage: cloud-srm diff <from> <to> [options]

What a team takes on and hands over moving from one service or model to
another, e.g. from aws.ec2 to aws.lambda.

Options:
  --format <f>      text (default), json
  --catalog <file>  use a compiled catalog JSON instead of the built-in one
  --overlay <file>  apply an overlay file (repeatable)
  --output <file>   write to a file instead of stdout
  -h, --help        show this help
`;

export async function diffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...OVERLAY_OPTION, format: { type: "string" }, output: { type: "string" } });
  if (values.help) return io.stdout.write(DIFF_HELP), 0;
  const format = pickFormat(values.format, ["text", "json"] as const, "text");
  if (positionals.length !== 2) throw new UsageError("diff takes two ids, e.g. cloud-srm diff aws.ec2 aws.lambda");
  const catalog = await catalogFrom(values);
  const diff = diffMatrices(catalog.resolve(positionals[0]!), catalog.resolve(positionals[1]!));
  if (format === "json") return emit(io, `${JSON.stringify(diff, null, 2)}\n`, values.output).then(() => 0);
  const section = (title: string, entries: MatrixDiffEntry[]) =>
    entries.length === 0
      ? `${title}: none\n`
      : `${title}:\n${entries.map((e) => `  ${e.control.padEnd(36)} ${e.from} -> ${e.to}`).join("\n")}\n`;
  const text =
    `From ${diff.from.id} (${diff.from.model}) to ${diff.to.id} (${diff.to.model})\n\n` +
    section("You take on", diff.takesOn) +
    section("You hand over", diff.handsOver) +
    section("Changed otherwise", diff.changed) +
    `Unchanged: ${diff.unchanged.length} controls\n`;
  await emit(io, text, values.output);
  return 0;
}
