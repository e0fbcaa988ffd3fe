/**
 * What `inventory aws|azure|gcp` and `report --aws|--azure|--gcp` share around
 * a live run: Ctrl-C aborts it cleanly, a terminal gets the cloud's progress
 * bar, the run's clock follows the CLI's (SOURCE_DATE_EPOCH), and an
 * interrupted run ends with one line and exit 130 instead of a stack trace.
 */
import { writeNdjson } from "../../inventory/ndjson.js";
import type { Resource } from "../../types.js";
import { clockFrom } from "../clock.js";
import { UsageError, withOutput, type CliIo } from "../io.js";
import { parseShard, type Shard } from "../../adapters/core/shard.js";
import type { InventoryProgress } from "../../adapters/core/types.js";

/** A live inventory run: its resources, then its result. */
export interface LiveRun<R> extends AsyncIterable<Resource> {
  readonly result: Promise<R>;
}

/** A cloud's progress bar on stderr. */
export interface ProgressBar<P> {
  update: (progress: P) => void;
  clear: () => void;
}

/** `--concurrency N` (1 to 64) and `--shard K/N`, which every cloud takes; a bad value is a usage error naming the flag. */
export function commonLiveOptions(values: { concurrency?: string | undefined; shard?: string | undefined }): { concurrency?: number; shard?: Shard } {
  const options: { concurrency?: number; shard?: Shard } = {};
  if (values.concurrency !== undefined) options.concurrency = wholeNumber("--concurrency", values.concurrency, 1, 64);
  if (values.shard !== undefined) {
    try {
      options.shard = parseShard(values.shard);
    } catch (error) {
      throw new UsageError(`--shard: ${(error as Error).message}`);
    }
  }
  return options;
}

/** A flag's whole number within [min, max], or a usage error naming the flag. */
export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max} (got "${text}")`);
  return n;
}

/** Redrawn at most this often (and always for the last event). */
const REDRAW_MS = 100;
const WIDTH = 24;

/**
 * The progress bar every cloud draws on a terminal's stderr (one line, redrawn
 * in place): `azure [######------] 3/12 subscriptions  4100 resources  0 errors`.
 * `label` names the cloud, `scopes` what it counts ("scopes", "subscriptions").
 */
export function progressBar<P extends InventoryProgress>(io: CliIo, label: string, scopes = "scopes"): ProgressBar<P> {
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < REDRAW_MS && p.phase !== "done") return;
      last = now;
      const filled = p.scopesTotal ? Math.min(WIDTH, Math.round((p.scopesDone / p.scopesTotal) * WIDTH)) : 0;
      io.stderr.write(`\r\x1b[K${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${p.scopesDone}/${p.scopesTotal} ${scopes}  ${p.resources} resources  ${p.errors} errors`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr.write("\r\x1b[K");
    },
  };
}

/** What every adapter's options take from the CLI. */
export interface LiveRunHooks<P> {
  now: () => Date;
  signal: AbortSignal;
  onProgress?: (progress: P) => void;
}

/** Runs `start`'s inventory under the CLI's Ctrl-C handling and progress bar; `onResult` gets the result at the end, also when the consumer stops early. */
export async function* cliLiveRun<P, R>(io: CliIo, bar: ProgressBar<P> | undefined, start: (hooks: LiveRunHooks<P>) => LiveRun<R>, onResult: (result: R) => void): AsyncGenerator<Resource> {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  const now = clockFrom(io.env);
  const run = start({ now: () => now, signal: controller.signal, ...(bar ? { onProgress: bar.update } : {}) });
  process.once("SIGINT", onSigint);
  try {
    yield* run;
  } finally {
    process.off("SIGINT", onSigint);
    bar?.clear();
    onResult(await run.result);
  }
}

/** Writes live resources as NDJSON to `output` (or stdout): the count, or undefined when Ctrl-C interrupted the run (the line saying so is written). */
export async function writeLiveNdjson(io: CliIo, output: string | undefined, resources: AsyncIterable<Resource>): Promise<number | undefined> {
  try {
    return await withOutput(io, output, (out) => writeNdjson(resources, out));
  } catch (error) {
    if ((error as Error)?.message !== "interrupted") throw error;
    io.stderr.write("cloud-srm: interrupted; the output is incomplete\n");
    return undefined;
  }
}
