/**
 * Pacing on the provider's quota signals, so a large run slows down before it
 * is throttled instead of after. Two signals, either or both:
 * - what the service says is left in the current window (Resource Graph's
 *   `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after`):
 *   https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
 * - a documented rate (Cloud Asset's per-minute quotas): at most `limit` calls
 *   in any `windowMs`, from the very first window. A call holds its slot from
 *   its start until `windowMs` after it ended (the service may count it on
 *   arrival, any time in between), so no window, fixed or sliding, sees more
 *   than `limit` of them. (A token bucket that starts full lets about twice the
 *   quota through in the first window: the full bucket, then its refill.)
 * A throttling answer holds every caller back (not only the one throttled)
 * until the time the service asked for.
 */
import { abortError } from "./limit.js";
import { sleep as realSleep } from "./retry.js";

export interface PacerOptions {
  /** A documented rate: at most `limit` calls in any `windowMs` (a call counts from its start until `windowMs` after its end). */
  rate?: { limit: number; windowMs: number };
  /** Calls kept in reserve when the service reports its remaining quota (other tools share it). Default 0. */
  reserve?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const WAIT_FOR_RELEASE = -1;

export class Pacer {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #rate: { limit: number; windowMs: number } | undefined;
  readonly #reserve: number;
  /** Rate: when each answered call's slot frees (its end + windowMs), oldest first. */
  readonly #expiries: number[] = [];
  /** Callers waiting for a call in flight to end (every rate slot is held by one). */
  readonly #released: (() => void)[] = [];
  /** Calls left in the service's window as last reported (minus those sent since), and when the window resets. */
  #remaining: number | undefined;
  #resetAt = 0;
  /** The most calls a window has been seen to allow (reported remaining + the call that reported it). */
  #capacity: number | undefined;
  /** Calls let through and not yet answered: an answer's count does not know about them. */
  #inFlight = 0;
  /** Nobody calls before this time (a throttling answer's Retry-After). */
  #holdUntil = 0;
  /** Time spent waiting, for the result and the benchmark. */
  waitedMs = 0;
  /** Calls that waited at least once. */
  waits = 0;

  constructor(options: PacerOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    this.#rate = options.rate;
    this.#reserve = options.reserve ?? 0;
    if (this.#rate && !(this.#rate.limit >= 1 && this.#rate.windowMs > 0)) throw new RangeError(`a pacing rate needs a limit of at least 1 and a positive window (got ${this.#rate.limit} per ${this.#rate.windowMs} ms)`);
  }

  /** Waits until a call may go out, then counts it. Call `release()` when its answer is in. */
  async acquire(signal?: AbortSignal): Promise<void> {
    let waited = false;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const delay = this.#delay();
      if (delay === 0) break;
      if (!waited) this.waits++;
      waited = true;
      if (delay === WAIT_FOR_RELEASE) {
        await this.#nextRelease(signal);
        continue;
      }
      this.waitedMs += delay;
      await this.#sleep(delay, signal);
    }
    if (this.#remaining !== undefined) this.#remaining -= 1;
    this.#inFlight++;
  }

  /** The call let through by `acquire()` is answered (or failed). */
  release(): void {
    if (this.#inFlight > 0) this.#inFlight--;
    if (this.#rate) this.#expiries.push(this.#now() + this.#rate.windowMs);
    for (const wake of this.#released.splice(0)) wake();
  }

  #nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError(signal!));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#released.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  /** 0 to go now, a time to sleep, or WAIT_FOR_RELEASE when every slot is held by a call still in flight. */
  #delay(): number {
    const now = this.#now();
    let delay = this.#holdUntil - now;
    if (this.#remaining !== undefined && now >= this.#resetAt) {
      // A new window: as many calls as a window was seen to allow, less those still in flight.
      this.#remaining = this.#capacity === undefined ? undefined : this.#capacity - this.#inFlight;
      this.#resetAt = Number.POSITIVE_INFINITY; // until an answer in this window says when it ends
    }
    if (this.#remaining !== undefined && this.#remaining <= this.#reserve) {
      // Spent: wait for the reset (when no answer of this window has said when, a call in flight will).
      delay = Math.max(delay, Number.isFinite(this.#resetAt) ? this.#resetAt - now : 50);
    }
    if (this.#rate) {
      // Expiries are pushed in time order: the oldest slots free first.
      let freed = 0;
      while (freed < this.#expiries.length && this.#expiries[freed]! <= now) freed++;
      if (freed) this.#expiries.splice(0, freed);
      if (this.#inFlight + this.#expiries.length >= this.#rate.limit) {
        if (this.#expiries.length === 0) return delay > 0 ? delay : WAIT_FOR_RELEASE;
        delay = Math.max(delay, this.#expiries[0]! - now);
      }
    }
    return delay > 0 ? delay : 0;
  }

  /** What the service said about its quota after a call (either may be missing). */
  update(remaining: number | undefined, resetsAfterMs: number | undefined): void {
    if (remaining === undefined || !Number.isFinite(remaining)) return;
    // The count was taken when the service handled this call: calls still in flight are not in it.
    this.#capacity = Math.max(this.#capacity ?? 0, remaining + 1);
    remaining -= Math.max(0, this.#inFlight - 1);
    const now = this.#now();
    const resetAt = now + (resetsAfterMs !== undefined && Number.isFinite(resetsAfterMs) ? resetsAfterMs : 5_000);
    // Answers arrive out of order under concurrency: keep the lowest count for the current window.
    const newWindow = this.#remaining === undefined || !Number.isFinite(this.#resetAt) || now >= this.#resetAt;
    if (newWindow || remaining < this.#remaining!) this.#remaining = remaining;
    this.#resetAt = newWindow ? resetAt : Math.max(this.#resetAt, resetAt);
  }

  /** The service throttled a call and asked for `ms`: every caller waits that long. */
  hold(ms: number): void {
    this.#holdUntil = Math.max(this.#holdUntil, this.#now() + ms);
  }
}

/** "00:00:03", "0:00:03.5" (a .NET TimeSpan, as Resource Graph sends it) or plain seconds, in ms. */
export function parseTimeSpan(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!match) return undefined;
  const [, days = "0", hours, minutes, seconds] = match;
  return ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
}
