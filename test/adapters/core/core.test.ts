import { describe, expect, it } from "vitest";
import { classify, errorCode, retryAfterMs, withRetry } from "../../../src/adapters/core/retry.js";
import { Pacer, parseTimeSpan } from "../../../src/adapters/core/pacing.js";
import { Scrubber } from "../../../src/adapters/core/scrub.js";
import { ScopeBook } from "../../../src/adapters/core/scopes.js";
import { isPartial } from "../../../src/adapters/core/types.js";

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
    await pacer.acquire();
    pacer.update(2, parseTimeSpan("00:00:05"));
    await pacer.acquire(); // 1 left
    await pacer.acquire(); // 0 left
    expect(clock.sleeps).toEqual([]);
    await pacer.acquire(); // must wait for the reset
    expect(clock.sleeps).toEqual([5000]);
    // After the reset the count is unknown until the next answer: no more waiting.
    await pacer.acquire();
    expect(clock.sleeps).toEqual([5000]);
    expect(pacer.waits).toBe(1);
  });

  it("keeps a reserve, takes the lowest count of out-of-order answers, and holds everyone after a throttle", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, reserve: 1 });
    pacer.update(3, 4000);
    pacer.update(9, 4000); // an older answer arriving late
    await pacer.acquire(); // 2 left
    await pacer.acquire(); // 1 left = reserve
    expect(clock.sleeps).toEqual([]);
    await pacer.acquire();
    expect(clock.sleeps).toEqual([4000]);
    pacer.hold(1500);
    await pacer.acquire();
    expect(clock.sleeps).toEqual([4000, 1500]);
  });

  it("spreads calls over a documented rate", async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, rate: { limit: 4, windowMs: 60_000 } });
    for (let i = 0; i < 8; i++) await pacer.acquire();
    // 4 at once (the bucket is full), then one every 15 s.
    expect(clock.sleeps).toEqual([15000, 15000, 15000, 15000]);
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
