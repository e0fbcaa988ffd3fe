/**
 * What every adapter's worker is made of before its cloud's own work: the
 * stream it fills, the bound on calls in flight, the scrubber and the scope
 * book that uses it, progress (never reported after an abort, except the
 * end), the resource count, and the run's ending: the stream closes cleanly,
 * with the abort reason, or with the error that ended the run. An adapter
 * extends it and writes `work()` and `summary()`.
 */
import type { Resource } from "../../types.js";
import { abortError, Channel, Semaphore } from "./limit.js";
import { ProgressReporter } from "./progress.js";
import type { RunWorker } from "./run.js";
import { ScopeBook } from "./scopes.js";
import { Scrubber } from "./scrub.js";
import type { InventoryProgress, ScopeError, ScopeSummary } from "./types.js";

export abstract class AdapterWorker<R, P extends InventoryProgress, E extends ScopeError = ScopeError, S extends ScopeSummary = ScopeSummary> implements RunWorker<R> {
  readonly channel = new Channel<Resource>();
  readonly scrubber = new Scrubber();
  readonly book = new ScopeBook<E, S>(this.scrubber);
  /** API calls in flight, across every scope. */
  readonly limit: Semaphore;
  readonly progress: ProgressReporter<P>;
  /** Resources streamed (each once). */
  resources = 0;

  constructor(
    /** "AWS", "Azure", "GCP": names the run in the abort error. */
    readonly label: string,
    readonly signal: AbortSignal,
    report: (progress: P) => void,
    initial: P,
    concurrency: number,
  ) {
    this.limit = new Semaphore(concurrency, signal);
    this.progress = new ProgressReporter<P>(initial, report);
  }

  abstract summary(aborted: boolean): R;

  /** The adapter's work: discover the scopes, read them, stream the resources. */
  protected abstract work(): Promise<void>;

  /** Never rejects: the stream ends cleanly, with the abort reason, or with the error that ended the run. */
  async run(): Promise<void> {
    try {
      await this.work();
      this.emit({ phase: "done" } as Partial<P>);
      this.channel.close();
    } catch (error) {
      this.channel.close(this.signal.aborted ? this.abortError() : (error as Error));
    }
  }

  /** Reports progress (`change` kept, `transient` for this event only); nothing after an abort but the end. */
  protected emit(change: Partial<P> = {}, transient: Partial<P> = {}): void {
    if (this.signal.aborted && change.phase !== "done") return;
    this.progress.emit({ ...change, resources: this.resources }, transient);
  }

  protected checkAborted(): void {
    if (this.signal.aborted) throw this.abortError();
  }

  protected abortError(): Error {
    return abortError(this.signal, `the ${this.label} inventory`);
  }
}
