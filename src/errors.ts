/**
 * Errors the library throws on purpose. Each carries a stable `code` so callers
 * (and the CLI) can tell a user mistake from a bug, and a message that is one
 * clear line.
 */
export class CloudSrmError extends Error {
  /** Stable machine-readable code, e.g. `UNKNOWN_ID` or `INVALID_CATALOG`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CloudSrmError";
    this.code = code;
  }
}

/** One problem found in a catalog or overlay file, located as precisely as the source allows. */
export interface Problem {
  /** File the problem is in (as given by the caller), if it came from a file. */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Dotted path of the field inside the document, e.g. `cells.data.encryption-at-rest.owner`. */
  path?: string;
  /** What is wrong, phrased to follow the path ("is required", "invalid value ..."). */
  message: string;
}

/** Formats a problem as `file:line:col: path: message`, the form editors and CI annotate. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  const subject = problem.path ? `${problem.path}: ` : "";
  return `${where ? `${where}: ` : ""}${subject}${problem.message}`;
}

/** Thrown when catalog or overlay data is invalid; lists every problem, not just the first. */
export class CatalogValidationError extends CloudSrmError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const first = problems[0] ? formatProblem(problems[0]) : "unknown problem";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super("INVALID_CATALOG", `${first}${more}`);
    this.name = "CatalogValidationError";
    this.problems = problems;
  }
}
