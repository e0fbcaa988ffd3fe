/**
 * Pacing under a per-minute quota: Cloud Asset counts calls per minute, by
 * when they arrive. A call may arrive any time between its start and its end,
 * so a call holds its slot from its start until 60 s after it ended: then no
 * 60 s window (fixed or sliding) can see more than `perMinute` arrivals, and
 * a long run stays inside the quota instead of learning it from
 * RESOURCE_EXHAUSTED (which the adapter still retries). A token bucket that
 * starts full would allow about twice the quota in the first minute.
 */
import { abortError } from "../core/limit.js";

export class Pacer {
  /** When each finished call's slot frees (its end + 60 s). */
  #expiries: number[] = [];
  #inFlight = 0;
  #released: (() => void)[] = [];

  /** `perMinute` 0 (or less) turns pacing off. `clock` and `delay` are for tests and simulations. */
  constructor(
    readonly perMinute: number,
    readonly clock: () => number = Date.now,
    readonly delay: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {}

  /** Waits until a call may start; call the returned function when the call has ended (however). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (!(this.perMinute > 0)) return () => undefined;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const now = this.clock();
      if (this.#expiries.length && this.#expiries.some((t) => t <= now)) this.#expiries = this.#expiries.filter((t) => t > now);
      if (this.#inFlight + this.#expiries.length < this.perMinute) {
        this.#inFlight++;
        let done = false;
        return () => {
          if (done) return;
          done = true;
          this.#inFlight--;
          this.#expiries.push(this.clock() + 60_000);
          for (const wake of this.#released.splice(0)) wake();
        };
      }
      if (this.#expiries.length) await this.delay(Math.min(...this.#expiries) - now, signal);
      // Every slot is held by a call in flight: wait for one to end.
      else await new Promise<void>((resolve) => this.#released.push(resolve));
    }
  }

  /** Waits for a slot and gives it back at once (a call that ends immediately). */
  async wait(signal?: AbortSignal): Promise<void> {
    (await this.acquire(signal))();
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
