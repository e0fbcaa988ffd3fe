import { describe, expect, it } from "vitest";
import { classify, errorCode, retryAfterMs, withRetry } from "../../../src/adapters/core/retry.js";
import { Pacer, parseTimeSpan } from "../../../src/adapters/core/pacing.js";
import { Scrubber } from "../../../src/adapters/core/scrub.js";
import { ScopeBook } from "../../../src/adapters/core/scopes.js";
import { isPartial } from "../../../src/adapters/core/types.js";

/** Acquires once, expecting exactly one wait of `ms`. */
async function expectWaits(pacer: Pacer, clock: ReturnType<typeof virtualClock>, ms: number): Promise<void> {
  const before = clock.sleeps.length;
  await pacer.acquire();
  expect(clock.sleeps.slice(before)).toEqual([ms]);
}

/** A clock that only moves when something sleeps: pacing decisions without wall-clock time. */
function virtualClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    sleeps,
  };
}

describe("retry classification", () => {
  it("tells throttling from transient from fatal, across the SDKs' error shapes", () => {
    expect(classify({ name: "ThrottlingException", $metadata: { httpStatusCode: 400 } })).toMatchObject({ kind: "throttled", code: "ThrottlingException", status: 400 });
    expect(classify({ name: "RestError", code: "TooManyRequests", statusCode: 429, response: { headers: { get: (n: string) => (n === "retry-after-ms" ? "250" : undefined) } } })).toEqual({
      kind: "throttled",
      code: "TooManyRequests",
      status: 429,
      retryAfterMs: 250,
    });
    expect(classify({ name: "Error", code: 8, details: "quota" })).toMatchObject({ kind: "throttled", code: "RESOURCE_EXHAUSTED" });
    expect(classify({ name: "Error", code: 14 })).toMatchObject({ kind: "transient", code: "UNAVAILABLE" });
    expect(classify({ name: "RestError", statusCode: 503 })).toMatchObject({ kind: "transient", code: "HTTP 503" });
    expect(classify({ name: "RestError", code: "AuthorizationFailed", statusCode: 403 })).toMatchObject({ kind: "fatal", code: "AuthorizationFailed" });
    expect(classify({ name: "AccessDeniedException" })).toMatchObject({ kind: "fatal", code: "AccessDeniedException" });
    expect(classify({ name: "Error", code: 7 })).toMatchObject({ kind: "fatal", code: "PERMISSION_DENIED" });
    expect(errorCode(new Error("plain"))).toBe("Error");
  });

  it("reads Retry-After in seconds or as a date, and retry-after-ms", () => {
    expect(retryAfterMs({ "retry-after": "3" })).toBe(3000);
    expect(retryAfterMs({ "retry-after": new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({ "retry-after-ms": "15" })).toBe(15);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it("retries throttled and transient failures, waits what the service asked, and gives up on fatal ones at once", async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw { name: "RestError", statusCode: 429, response: { headers: { "retry-after": "2" } } };
        if (calls === 2) throw { name: "RestError", statusCode: 500 };
        return "ok";
      },
      { sleep: async (ms) => void waits.push(ms), baseDelayMs: 100 },
    );
    expect(value).toBe("ok");
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(0);
    expect(waits[1]).toBeLessThanOrEqual(200);

    let fatalCalls = 0;
    const denied = { name: "RestError", code: "AuthorizationFailed", statusCode: 403 };
    await expect(withRetry(async () => (fatalCalls++, Promise.reject(denied)), { sleep: async () => undefined })).rejects.toBe(denied);
    expect(fatalCalls).toBe(1);

    let tries = 0;
    await expect(withRetry(async () => (tries++, Promise.reject({ statusCode: 429 })), { attempts: 4, sleep: async () => undefined })).rejects.toEqual({ statusCode: 429 });
    expect(tries).toBe(4);
  });

  it("stops retrying when the signal aborts", async () => {
    const controller = new AbortController();
    let calls = 0;
    const failure = withRetry(
      async () => {
        calls++;
        controller.abort(new Error("stop"));
        throw { statusCode: 429 };
      },
      { signal: controller.signal, sleep: async () => undefined },
    );
    await expect(failure).rejects.toThrow("stop");
    expect(calls).toBe(1);
  });
});

describe("pacing", () => {
  it("waits for the window to reset when the service says the quota is spent, and not before", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    // A service allowing 3 calls per 5 s window, answering each call before the next is made.
    const call = async (remaining: number, resetsAfter: number) => {
      await pacer.acquire();
      pacer.update(remaining, resetsAfter);
      pacer.release();
    };
    await call(2, 5000);
    clock.advance(1000);
    await call(1, 4000);
    await call(0, 4000);
    expect(clock.sleeps).toEqual([]);
    await pacer.acquire(); // spent: waits for the reset
    expect(clock.sleeps).toEqual([4000]);
    pacer.update(2, 5000);
    pacer.release();
    // The next window holds as many calls as the last one did: no more waiting for 2 more calls.
    await call(1, 5000);
    await call(0, 5000);
    expect(clock.sleeps).toEqual([4000]);
    await pacer.acquire();
    expect(clock.sleeps).toEqual([4000, 5000]);
    expect(pacer.waits).toBe(2);
  });

  it("takes calls still in flight off the service's count, and after the first window never sends more than a window allows", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep });
    // Window of 2; two calls go out before any answer.
    await pacer.acquire();
    await pacer.acquire();
    pacer.update(1, 3000); // the first call's answer: 1 left, but the second call is still out
    pacer.release();
    await expectWaits(pacer, clock, 3000);
    pacer.update(0, 1); // the second (late) answer of the old window
    pacer.release();
    pacer.update(1, 3000); // the third call's answer, in the new window
    pacer.release();
    // A new window: capacity 2 is known, so two calls at once, then a wait.
    clock.advance(3000);
    await pacer.acquire();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([3000]);
  });

  it("keeps a reserve, takes the lowest count of out-of-order answers, and holds everyone after a throttle", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, reserve: 1 });
    pacer.update(3, 4000);
    pacer.update(9, 4000); // an older answer arriving late
    await pacer.acquire(); // 2 left
    await pacer.acquire(); // 1 left = reserve
    expect(clock.sleeps).toEqual([]);
    pacer.release();
    pacer.release();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([4000]);
    pacer.release();
    pacer.hold(1500);
    await pacer.acquire();
    expect(clock.sleeps).toEqual([4000, 1500]);
  });

  it("never lets more than a documented rate through in any window, the first one included", async () => {
    const clock = virtualClock();
    const start = clock.now();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, rate: { limit: 4, windowMs: 60_000 } });
    const starts: number[] = [];
    // Calls answered at once, one every second of (virtual) time while allowed.
    for (let i = 0; i < 12; i++) {
      await pacer.acquire();
      starts.push(clock.now() - start);
      clock.advance(1000);
      pacer.release();
    }
    // A bucket that starts full lets 4 through at once and then refills: 7 or 8 in the first minute.
    expect(starts.filter((t) => t < 60_000)).toHaveLength(4);
    for (let i = 4; i < starts.length; i++) expect(starts[i]! - starts[i - 4]!).toBeGreaterThanOrEqual(60_000);
    expect(starts).toEqual([0, 1000, 2000, 3000, 61_000, 62_000, 63_000, 64_000, 122_000, 123_000, 124_000, 125_000]);
  });

  it("counts a call in flight against the rate until a window after it ends (the service may count it on arrival)", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, rate: { limit: 2, windowMs: 60_000 } });
    await pacer.acquire();
    await pacer.acquire();
    let third = false;
    const pending = pacer.acquire().then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false); // both slots are held by calls in flight: no timer could free them
    clock.advance(5000);
    pacer.release(); // the first call ends at +5 s: its slot frees at +65 s
    await pending;
    expect(clock.sleeps).toEqual([60_000]);
    pacer.release();
    pacer.release();
  });

  it("gives up waiting for a rate slot when the signal aborts", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, rate: { limit: 1, windowMs: 60_000 } });
    await pacer.acquire();
    const controller = new AbortController();
    const pending = pacer.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(() => new Pacer({ rate: { limit: 0, windowMs: 60_000 } })).toThrow(RangeError);
  });

  it("parses .NET time spans and seconds", () => {
    expect(parseTimeSpan("00:00:03")).toBe(3000);
    expect(parseTimeSpan("0:01:02.5")).toBe(62500);
    expect(parseTimeSpan("1.00:00:00")).toBe(86_400_000);
    expect(parseTimeSpan("7")).toBe(7000);
    expect(parseTimeSpan("later")).toBeUndefined();
  });
});

describe("scrubbing", () => {
  it("removes known secrets, secret-shaped values and secret-named values from messages", () => {
    const scrubber = new Scrubber();
    scrubber.add("my-client-secret-value", "abc"); // too short to be a secret: ignored
    const jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJlLXZhbHVl";
    const text = scrubber.text(
      `failed with my-client-secret-value; Authorization: Bearer ${jwt} key AKIAABCDEFGHIJKLMNOP at https://user:p4ssw0rd@example.test/?sig=SIGNATUREVALUE&sv=2020 client_secret=xyz123 password: hunter2 code: AccessDenied abc`,
    );
    for (const secret of ["my-client-secret-value", jwt, "AKIAABCDEFGHIJKLMNOP", "p4ssw0rd", "SIGNATUREVALUE", "xyz123", "hunter2"]) expect(text).not.toContain(secret);
    expect(text).toContain("code: AccessDenied");
    expect(text).toContain("sv=2020");
    expect(text).toContain(" abc");
  });

  it("describes an error in one line, code first", () => {
    const scrubber = new Scrubber();
    scrubber.add("token-value-123456");
    expect(scrubber.describe(new Error("denied for token-value-123456\nstack..."), "AuthorizationFailed")).toBe("AuthorizationFailed: denied for [redacted]");
    expect(scrubber.describe({ message: "HTTP 500" }, "HTTP 500")).toBe("HTTP 500");
  });

  it("redacts structured values by field name (the importers' rules) and known secrets inside strings", () => {
    const scrubber = new Scrubber();
    scrubber.add("s3cr3t-known-value");
    expect(scrubber.value({ adminPassword: "x", note: "uses s3cr3t-known-value", nested: [{ primaryKey: "k" }], publicKey: "ssh-rsa AAA" })).toEqual({
      adminPassword: "[redacted]",
      note: "uses [redacted]",
      nested: [{ primaryKey: "[redacted]" }],
      publicKey: "ssh-rsa AAA",
    });
  });
});

describe("scope bookkeeping", () => {
  it("names every scope with a final status, keeps a failure failed, and counts resources up to the parent", () => {
    const scrubber = new Scrubber();
    scrubber.add("sekrit-token-value");
    const book = new ScopeBook(scrubber);
    book.expect({ id: "a", kind: "parent" });
    book.expect({ id: "a/1", kind: "child", parent: "a" });
    book.expect({ id: "a/2", kind: "child", parent: "a" });
    book.expect({ id: "b", kind: "parent", name: "B" });
    book.expect({ id: "c", kind: "parent" });
    book.count("a/1");
    book.count("a/1");
    const error = book.fail("a/2", "svc:List", { name: "RestError", code: "AuthorizationFailed", statusCode: 403, message: "no access with sekrit-token-value" }, "scope a/2");
    book.read("a/2"); // a later success of another step does not hide the failure
    book.read("a/1");
    book.skip("b", "not selected");
    expect(error).toEqual({ scope: "a/2", operation: "svc:List", code: "AuthorizationFailed", message: "scope a/2: svc:List failed: AuthorizationFailed: no access with [redacted]" });
    expect(book.list()).toEqual([
      { id: "a", kind: "parent", status: "pending", resources: 2 },
      { id: "a/1", kind: "child", parent: "a", status: "read", resources: 2 },
      { id: "a/2", kind: "child", parent: "a", status: "failed", resources: 0 },
      { id: "b", kind: "parent", name: "B", status: "skipped", reason: "not selected", resources: 0 },
      { id: "c", kind: "parent", status: "pending", resources: 0 },
    ]);
    expect(isPartial({ scopes: book.list(), errors: book.errors, resources: 2, pages: 3, aborted: false })).toBe(true);
    expect(isPartial({ scopes: [{ id: "x", kind: "k", status: "read", resources: 0 }], errors: [], resources: 0, pages: 1, aborted: false })).toBe(false);
  });
});
