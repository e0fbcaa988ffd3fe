import { NestingTooDeepError, redactText } from "./redact.js";

/**
 * Why one record could not be converted, in one line that quotes no input:
 * the import reports it with the record's position and goes on.
 */
export function recordError(error: unknown): string {
  if (error instanceof NestingTooDeepError) return error.message;
  // V8's stack overflow (a library call that recursed on the record's depth).
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "nested too deeply to read; record not imported";
  const message = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected value";
  return `could not be converted (${redactText(message).slice(0, 200)}); record not imported`;
}
