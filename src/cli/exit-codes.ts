/**
 * The CLI's exit codes, the same for every command (docs/inventory.md,
 * README). Scripts and CI gates rely on them: never renumber.
 */
export const EXIT = {
  /** Complete: everything asked for was read and written. */
  ok: 0,
  /** Failure: nothing useful was produced (unreadable input, write error, bug). */
  failure: 1,
  /** Usage error: the command line is wrong. */
  usage: 2,
  /**
   * Partial result: output was written, but records were rejected, the input
   * was empty or of the wrong kind, or a live scope failed or was not visible.
   * `--allow-partial` turns it into 0 (the warning on stderr stays).
   */
  partial: 3,
  /** A `--fail-on` gate tripped. */
  gate: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Exit code for a run that produced output: partial unless everything was read (or partial is allowed). */
export function completionCode(partial: boolean, allowPartial: boolean | undefined): ExitCode {
  return partial && !allowPartial ? EXIT.partial : EXIT.ok;
}

/** Exit code for a run that was partial: 3, or 0 when the caller allowed partial results (same as completionCode). */
export function partialExit(partial: boolean, allowPartial: boolean | undefined): number {
  return completionCode(partial, allowPartial);
}
