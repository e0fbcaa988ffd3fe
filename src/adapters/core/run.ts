/**
 * The run object every adapter returns: an async iterable of resources that
 * starts nothing until iterated, a `result` promise that settles (never
 * rejects) when the stream ends however it ends, and "progress" events
 * (`CustomEvent<P>`) beside the `onProgress` option. Aborting the caller's
 * signal, or the consumer breaking out of its loop, cancels every request in
 * flight.
 */
import type { Resource } from "../../types.js";
import { CloudSrmError } from "../../errors.js";
import { abortError, type Channel } from "./limit.js";
import type { CommonInventoryOptions } from "./types.js";

/** What an adapter plugs into a run: the stream it fills, the work, and the result it reports. */
export interface RunWorker<R> {
  readonly channel: Channel<Resource>;
  /** Does the work; closes the channel (with the error, if the whole run failed). Never rejects. */
  run(): Promise<void>;
  summary(aborted: boolean): R;
}

export abstract class InventoryRun<R, P, O extends CommonInventoryOptions<P> = CommonInventoryOptions<P>> extends EventTarget implements AsyncIterable<Resource> {
  /** Settles (never rejects) when the stream ends, however it ends. */
  readonly result: Promise<R>;
  #resolve!: (result: R) => void;
  #started = false;

  constructor(
    readonly options: O,
    /** Short name for messages and error codes: "AWS", "Azure", "GCP". */
    readonly label: string,
  ) {
    super();
    this.result = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The adapter's worker for one run. */
  protected abstract worker(signal: AbortSignal, report: (progress: P) => void): RunWorker<R>;

  /** Its factory's name, for the error telling the caller how to start again. */
  protected abstract readonly factoryName: string;

  async *[Symbol.asyncIterator](): AsyncGenerator<Resource> {
    const code = this.label.toUpperCase();
    if (this.#started) throw new CloudSrmError(`${code}_RUN_REUSED`, `an ${this.label} inventory run can be iterated only once; start a new one with ${this.factoryName}()`);
    this.#started = true;
    const controller = new AbortController();
    const outer = this.options.signal;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    else outer?.addEventListener("abort", onAbort, { once: true });
    const worker = this.worker(controller.signal, (progress) => {
      this.options.onProgress?.(progress);
      this.dispatchEvent(new CustomEvent("progress", { detail: progress }));
    });
    // Stop handing out buffered resources the moment the run is aborted.
    controller.signal.addEventListener("abort", () => worker.channel.close(abortError(controller.signal, `the ${this.label} inventory`)), { once: true });
    const done = worker.run();
    let finished = false;
    try {
      // One generator layer (not yield* over the channel's): a delegation step per resource costs microtasks.
      const channel = worker.channel;
      for (let batch = await channel.take(); batch; batch = await channel.take()) {
        for (const resource of batch) {
          if (channel.failed) await channel.take(); // throws the abort reason
          yield resource;
        }
      }
      finished = true;
    } finally {
      outer?.removeEventListener("abort", onAbort);
      // The consumer stopped early (break, throw, abort): cancel what is in flight.
      if (!finished && !controller.signal.aborted) controller.abort(new CloudSrmError(`${code}_RUN_STOPPED`, "the consumer stopped reading"));
      await done.catch(() => undefined);
      this.#resolve(worker.summary(controller.signal.aborted));
    }
  }
}
