/**
 * The CLI's exit codes (a fixed scheme; scripts and CI depend on it):
 * 0 ok; 1 failure; 2 usage error; 3 partial result (records rejected, a
 * scope failed or was not visible, empty or wrong-kind input; `--allow-partial`
 * turns it into 0); 4 a `--fail-on` gate tripped.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  partial: 3,
  gate: 4,
} as const;

/** Exit code for a run that was partial: 3, or 0 when the caller allowed partial results. */
export function partialExit(partial: boolean, allowPartial: boolean | undefined): number {
  return partial && !allowPartial ? EXIT.partial : EXIT.ok;
}
