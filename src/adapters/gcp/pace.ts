/**
 * Pacing under a per-minute quota: at most `perMinute` calls start in any 60 s
 * window, so a long run stays inside Cloud Asset's quota instead of learning
 * it from RESOURCE_EXHAUSTED (which the adapter still retries).
 */
import { abortError } from "../aws/limit.js";

export class Pacer {
  readonly #starts: number[] = [];
  #head = 0;

  /** `perMinute` 0 (or less) turns pacing off. `clock` and `delay` are for tests. */
  constructor(
    readonly perMinute: number,
    readonly clock: () => number = Date.now,
    readonly delay: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {}

  /** Waits until a call may start, and counts it. */
  async wait(signal?: AbortSignal): Promise<void> {
    if (!(this.perMinute > 0)) return;
    for (;;) {
      const now = this.clock();
      while (this.#head < this.#starts.length && this.#starts[this.#head]! <= now - 60_000) this.#head++;
      if (this.#head > 1024) {
        this.#starts.splice(0, this.#head);
        this.#head = 0;
      }
      if (this.#starts.length - this.#head < this.perMinute) {
        this.#starts.push(now);
        return;
      }
      await this.delay(this.#starts[this.#head]! + 60_000 - now, signal);
    }
  }
}

/** setTimeout as a promise that rejects with the signal's reason on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
