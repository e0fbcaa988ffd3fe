/**
 * What `inventory aws|azure|gcp` and `report --aws|--azure|--gcp` share around
 * a live run: Ctrl-C aborts it cleanly, a terminal gets the cloud's progress
 * bar, the run's clock follows the CLI's (SOURCE_DATE_EPOCH), and an
 * interrupted run ends with one line and exit 130 instead of a stack trace.
 */
import { writeNdjson } from "../../inventory/ndjson.js";
import type { Resource } from "../../types.js";
import { clockFrom } from "../clock.js";
import { withOutput, type CliIo } from "../io.js";

/** A live inventory run: its resources, then its result. */
export interface LiveRun<R> extends AsyncIterable<Resource> {
  readonly result: Promise<R>;
}

/** A cloud's progress bar on stderr. */
export interface ProgressBar<P> {
  update: (progress: P) => void;
  clear: () => void;
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
