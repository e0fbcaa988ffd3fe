import { CatalogValidationError, CloudSrmError, formatProblem } from "../errors.js";
import { UsageError, type CliIo } from "./io.js";
import { describeWriteError } from "./pipe.js";

declare const __CLOUD_SRM_VERSION__: string;

export const MAIN_HELP = `Usage: cloud-srm <command> [options]

The cloud shared-responsibility model as data: who owns which security
control, per cloud service and per resource.

Commands:
  matrix <service|model>   responsibility matrix of a service or service model
  diff <from> <to>         what you take on / hand over moving between services
  catalog <command>        list, show, validate, build the catalog
  inventory import <kind> <file|->   normalize an export to NDJSON resources
  inventory aws [options]  live AWS inventory (one account or a whole organization)
  inventory gcp [options]  live GCP inventory (projects, folders or an organization)
  report [inputs]          join an inventory to the catalog (try: report --example)

Options:
  -h, --help      show help (also after any command)
  -v, --version   print the version
  --debug         show stack traces on errors

Exit codes: 0 ok, 1 failure, 2 usage error, 3 partial result (records
rejected, an input empty or of the wrong kind, a live scope failed; 0 with
--allow-partial), 4 a --fail-on gate tripped. A closed output pipe ends the
command quietly.
Data goes to stdout, diagnostics to stderr. NO_COLOR is respected.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;
// Each command's module is imported only when that command runs, so `--version`,
// `--help` and one command never pay for the others' imports (docs/performance.md,
// "Start-up of the CLI"; test/cli/startup-modules.test.ts checks it).
const COMMANDS: Record<string, () => Promise<Command>> = {
  matrix: async () => (await import("./commands/matrix.js")).matrixCommand,
  diff: async () => (await import("./commands/diff.js")).diffCommand,
  catalog: async () => (await import("./commands/catalog.js")).catalogCommand,
  inventory: async () => {
    const { inventoryCommand } = await import("./commands/inventory.js");
    return (args, io) => inventoryCommand(args, io, io.stdin);
  },
  report: async () => {
    const { reportCommand } = await import("./commands/report.js");
    return (args, io) => reportCommand(args, io, io.stdin);
  },
};

/** Runs the CLI with the given arguments; returns the exit code. Never throws. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes("--debug");
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      io.stdout.write(MAIN_HELP);
      return name === undefined ? 2 : 0;
    }
    if (name === "-v" || name === "--version") {
      io.stdout.write(`${__CLOUD_SRM_VERSION__}\n`);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new UsageError(`unknown command "${name}" (expected ${Object.keys(COMMANDS).join(", ")})`);
    return await (await load())(rest, io);
  } catch (error) {
    return report(error, io, debug);
  }
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof UsageError) {
    io.stderr.write(`cloud-srm: ${error.message}\nRun "cloud-srm --help" for usage.\n`);
    return 2;
  }
  if (error instanceof CatalogValidationError) {
    for (const problem of error.problems) io.stderr.write(`${formatProblem(problem)}\n`);
  } else if (error instanceof CloudSrmError) {
    io.stderr.write(`cloud-srm: ${error.message}\n`);
  } else {
    const err = error as NodeJS.ErrnoException;
    const message =
      err?.code === "ENOENT" && err.path
        ? `no such file: ${err.path}`
        : err?.code === "EACCES" && err.path
          ? `permission denied: ${err.path}`
          : err?.syscall === "write" && !err.path
            ? `cannot write to standard output: ${describeWriteError(err)}`
            : String(err?.message ?? error);
    io.stderr.write(`cloud-srm: ${message}\n`);
  }
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else if (!(error instanceof CloudSrmError)) io.stderr.write("(run with --debug for details)\n");
  return 1;
}
