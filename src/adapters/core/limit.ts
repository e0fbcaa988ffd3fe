/**
 * Concurrency and streaming helpers for the adapters: a FIFO semaphore that
 * bounds API calls in flight across every scope, and a bounded
 * channel that turns many concurrent producers into one async iterable while
 * keeping memory flat (producers wait when the consumer is slow).
 */

/** The reason an aborted signal carries, as an Error (AbortSignal.reason may be anything). */
export function abortError(signal: AbortSignal, what = "the inventory"): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === "string" ? reason : `${what} was aborted`);
  error.name = "AbortError";
  return error;
}

/** A counting semaphore: at most `size` holders at a time, granted in arrival order. */
export class Semaphore {
  #free: number;
  readonly #waiting: { grant: () => void; fail: (error: Error) => void }[] = [];

  constructor(
    size: number,
    readonly signal?: AbortSignal,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a whole number of at least 1 (got ${size})`);
    this.#free = size;
    signal?.addEventListener(
      "abort",
      () => {
        const error = abortError(signal);
        for (const waiter of this.#waiting.splice(0)) waiter.fail(error);
      },
      { once: true },
    );
  }

  /** Runs `task` once a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.signal?.aborted) return Promise.reject(abortError(this.signal));
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((grant, fail) => this.#waiting.push({ grant, fail }));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next.grant();
    else this.#free++;
  }
}

/**
 * Many producers, one consumer. `push` resolves when the value is buffered
 * (waiting while the buffer is full); `close` ends the stream; with an error, what is
 * still buffered is dropped and the consumer gets the error next.
 */
export class Channel<T> implements AsyncIterable<T> {
  readonly #buffer: T[] = [];
  #closed = false;
  #error: Error | undefined;
  #wakeConsumer: (() => void) | undefined;
  readonly #wakeProducers: (() => void)[] = [];

  constructor(readonly highWaterMark = 1024) {}

  /** Buffers a value; returns a promise to wait for only when the buffer is full (most pushes cost no await). */
  push(value: T): Promise<void> | undefined {
    if (this.#closed) return undefined;
    if (this.#buffer.length >= this.highWaterMark) return this.#pushLater(value);
    this.#buffer.push(value);
    this.#wake();
    return undefined;
  }

  async #pushLater(value: T): Promise<void> {
    while (this.#buffer.length >= this.highWaterMark && !this.#closed) await new Promise<void>((resolve) => this.#wakeProducers.push(resolve));
    this.push(value);
  }

  close(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    if (error) this.#buffer.length = 0;
    this.#wake();
    for (const wake of this.#wakeProducers.splice(0)) wake();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    const wake = this.#wakeConsumer;
    this.#wakeConsumer = undefined;
    wake?.();
  }

  /** Everything buffered so far (waiting for at least one value); undefined once closed and drained. */
  async take(): Promise<T[] | undefined> {
    for (;;) {
      if (this.#error) throw this.#error;
      if (this.#buffer.length > 0) {
        const batch = this.#buffer.splice(0);
        for (const wake of this.#wakeProducers.splice(0)) wake();
        return batch;
      }
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
  }

  /** Whether close() was given an error (values still being handed out are then dropped). */
  get failed(): boolean {
    return this.#error !== undefined;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (let batch = await this.take(); batch; batch = await this.take()) {
      for (const value of batch) {
        if (this.#error) throw this.#error;
        yield value;
      }
    }
  }
}
