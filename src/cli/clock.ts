import { UsageError } from "./io.js";

/**
 * The clock for generated documents: SOURCE_DATE_EPOCH (seconds, the
 * reproducible-builds convention, https://reproducible-builds.org/specs/source-date-epoch/)
 * when set, so the same input gives the same bytes; otherwise now.
 */
export function clockFrom(env: Record<string, string | undefined>): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date();
  if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}"`);
  return new Date(Number(epoch) * 1000);
}
