/**
 * Pacing on the provider's quota signals, so a large run slows down before it
 * is throttled instead of after. Two signals, either or both:
 * - what the service says is left in the current window (Resource Graph's
 *   `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after`):
 *   https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
 * - a documented rate (Cloud Asset's per-minute quotas), as a token bucket.
 * A throttling answer holds every caller back (not only the one throttled)
 * until the time the service asked for.
 */
import { sleep as realSleep } from "./retry.js";

export interface PacerOptions {
  /** A documented rate: at most `limit` calls per `windowMs` (a token bucket refilled continuously). */
  rate?: { limit: number; windowMs: number };
  /** Calls kept in reserve when the service reports its remaining quota (other tools share it). Default 0. */
  reserve?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class Pacer {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #rate: { limit: number; windowMs: number } | undefined;
  readonly #reserve: number;
  #tokens: number;
  #refilledAt: number;
  /** Calls left in the service's window as last reported (minus those sent since), and when the window resets. */
  #remaining: number | undefined;
  #resetAt = 0;
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
    this.#tokens = this.#rate?.limit ?? 0;
    this.#refilledAt = this.#now();
  }

  /** Waits until a call may go out, then counts it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    let waited = false;
    for (;;) {
      const delay = this.#delay();
      if (delay <= 0) break;
      if (!waited) this.waits++;
      waited = true;
      this.waitedMs += delay;
      await this.#sleep(delay, signal);
    }
    if (this.#rate) this.#tokens -= 1;
    if (this.#remaining !== undefined) this.#remaining -= 1;
  }

  #delay(): number {
    const now = this.#now();
    let delay = this.#holdUntil - now;
    if (this.#remaining !== undefined) {
      if (now >= this.#resetAt) this.#remaining = undefined; // a new window: unknown until the next answer says
      else if (this.#remaining <= this.#reserve) delay = Math.max(delay, this.#resetAt - now);
    }
    if (this.#rate) {
      const { limit, windowMs } = this.#rate;
      this.#tokens = Math.min(limit, this.#tokens + ((now - this.#refilledAt) * limit) / windowMs);
      this.#refilledAt = now;
      if (this.#tokens < 1) delay = Math.max(delay, Math.ceil(((1 - this.#tokens) * windowMs) / limit));
    }
    return delay;
  }

  /** What the service said about its quota after a call (either may be missing). */
  update(remaining: number | undefined, resetsAfterMs: number | undefined): void {
    if (remaining === undefined || !Number.isFinite(remaining)) return;
    const now = this.#now();
    const resetAt = now + (resetsAfterMs !== undefined && Number.isFinite(resetsAfterMs) ? resetsAfterMs : 5_000);
    // Answers arrive out of order under concurrency: keep the lowest count for the current window.
    if (this.#remaining === undefined || now >= this.#resetAt || remaining < this.#remaining) this.#remaining = remaining;
    this.#resetAt = Math.max(this.#resetAt > now ? this.#resetAt : 0, resetAt);
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
