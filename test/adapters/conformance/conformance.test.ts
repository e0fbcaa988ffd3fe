/**
 * One suite, every adapter: the same cases run against each adapter's fake
 * (listed in adapters.ts). What every live inventory must do whatever the
 * cloud: read every page, get through throttling storms, name a failing scope
 * and finish the others, stop on abort, never duplicate a resource, never
 * write, never leak a secret, and carry hostile tag values through unchanged.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isPartial } from "../../../src/adapters/core/types.js";
import type { InventoryProgress } from "../../../src/adapters/core/types.js";
import { ResourceSchema } from "../../../src/schema/resource.js";
import type { Resource } from "../../../src/types.js";
import { HARNESSES } from "./adapters.js";
import { HOSTILE_TAGS, type Fake, type RunOptions, type World } from "./harness.js";

async function collect(fake: Fake, options: RunOptions = {}) {
  const progress: InventoryProgress[] = [];
  const handle = fake.run({ ...options, onProgress: (p) => progress.push(p) });
  const resources: Resource[] = [];
  for await (const resource of handle.stream) resources.push(resource);
  return { resources, result: await handle.result, progress };
}

/**
 * After a stop, only the requests already in flight may still reach the fake
 * (a request sent just before the abort can arrive after it): at most
 * `concurrency` more calls, then none. Checked by counting, never by timing.
 */
async function expectQuietAfterStop(fake: Fake, concurrency: number): Promise<void> {
  const atStop = fake.calls();
  let last = -1;
  while (last !== fake.calls()) {
    last = fake.calls();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(fake.calls() - atStop).toBeLessThanOrEqual(concurrency);
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe.each(HARNESSES)("$name adapter conformance", (harness) => {
  const fakes: Fake[] = [];
  const start = async (world: World) => {
    const fake = await harness.start(world);
    fakes.push(fake);
    return fake;
  };
  afterEach(async () => {
    for (const fake of fakes.splice(0)) {
      // Read-only: nothing but reads reached the fake.
      expect(fake.writes()).toEqual([]);
      await fake.stop();
    }
  });

  it("reads every page of every scope, each resource once, every scope read", async () => {
    const fake = await start({ scopes: 3, perScope: 30, pageSize: 4 });
    const { resources, result, progress } = await collect(fake, { concurrency: 4 });
    const uids = resources.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    // Exactly the world's resources, plus any containers the adapter reports itself.
    expect(sorted(uids).filter((uid) => fake.expectedUids().includes(uid))).toEqual(sorted(fake.expectedUids()));
    for (const resource of resources) expect(ResourceSchema.safeParse(resource).error).toBeUndefined();
    expect(result.errors).toEqual([]);
    expect(result.aborted).toBe(false);
    expect(result.resources).toBe(resources.length);
    for (let i = 0; i < 3; i++) expect(result.scopes.find((s) => s.id === fake.scopeId(i))?.status).toBe("read");
    expect(result.scopes.filter((s) => s.status !== "read" && s.status !== "skipped")).toEqual([]);
    expect(isPartial(result)).toBe(false);
    // Paged: more pages than a single call per scope could give.
    expect(result.pages).toBeGreaterThan(fake.expectedUids().length / 4);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ resources: resources.length });
  });

  it("gets through a throttling storm (at least 30% of calls throttled) without losing or repeating anything", async () => {
    const fake = await start({ scopes: 3, perScope: 24, pageSize: 5, throttle: true });
    const { resources, result } = await collect(fake, { concurrency: 6 });
    expect(fake.throttled() / fake.calls()).toBeGreaterThanOrEqual(0.3);
    const uids = resources.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(sorted(uids).filter((uid) => fake.expectedUids().includes(uid))).toEqual(sorted(fake.expectedUids()));
    expect(result.errors).toEqual([]);
    expect(isPartial(result)).toBe(false);
  });

  it("names a failing scope, marks the run partial, and completes the others", async () => {
    const fake = await start({ scopes: 4, perScope: 12, pageSize: 5, failing: 2 });
    const { resources, result } = await collect(fake);
    const failing = fake.scopeId(2);
    const inFailing = (id: string) => id === failing || result.scopes.find((s) => s.id === id)?.parent === failing;
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(inFailing(error.scope)).toBe(true);
      expect(error.operation).toBeTruthy();
      expect(error.code).toBeTruthy();
      expect(error.message).toContain(failing);
      expect(error.message).not.toContain("\n");
    }
    expect(result.scopes.filter((s) => s.status === "failed").length).toBeGreaterThan(0);
    for (const scope of result.scopes.filter((s) => s.status === "failed")) expect(inFailing(scope.id)).toBe(true);
    for (const i of [0, 1, 3]) expect(result.scopes.find((s) => s.id === fake.scopeId(i))?.status).toBe("read");
    const uids = new Set(resources.map((r) => r.uid));
    for (const uid of fake.expectedUids(2)) expect(uids.has(uid)).toBe(true);
    expect(isPartial(result)).toBe(true);
  });

  it("stops when the signal aborts: the stream ends with the reason, the result says aborted, no call follows", async () => {
    const fake = await start({ scopes: 3, perScope: 60, pageSize: 3, latencyMs: 25 });
    const controller = new AbortController();
    const handle = fake.run({ signal: controller.signal, concurrency: 2 });
    const seen: Resource[] = [];
    let failure: Error | undefined;
    try {
      for await (const resource of handle.stream) {
        seen.push(resource);
        if (seen.length === 3) controller.abort();
      }
    } catch (error) {
      failure = error as Error;
    }
    expect(failure?.name).toBe("AbortError");
    expect(seen).toHaveLength(3);
    const result = await handle.result;
    expect(result.aborted).toBe(true);
    expect(isPartial(result)).toBe(true);
    await expectQuietAfterStop(fake, 2);
  });

  it("stops when the consumer stops reading", async () => {
    const fake = await start({ scopes: 2, perScope: 40, pageSize: 3, latencyMs: 10 });
    const handle = fake.run({ concurrency: 2 });
    let n = 0;
    for await (const _ of handle.stream) if (++n === 2) break;
    const result = await handle.result;
    expect(result.aborted).toBe(true);
    await expectQuietAfterStop(fake, 2);
  });

  it("has a fake that refuses writes (so the other cases prove the adapter only reads)", async () => {
    const fake = await start({ scopes: 1, perScope: 3, pageSize: 10 });
    const status = await fake.probeWrite();
    expect(status).not.toBe(200);
    expect(fake.writes().length).toBe(1);
    fake.writes().length = 0; // the probe's own write, not the adapter's
  });

  it("lets no secret through to resources, the result, errors or progress", async () => {
    const fake = await start({ scopes: 3, perScope: 9, pageSize: 4, throttle: true, failing: 1 });
    const { resources, result, progress } = await collect(fake);
    const everything = JSON.stringify({ resources, result, progress });
    const secrets = fake.secrets();
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it("carries hostile tag values through unchanged, as plain strings", async () => {
    const fake = await start({ scopes: 2, perScope: 6, pageSize: 4, hostileTags: true });
    const { resources } = await collect(fake);
    const tagged = resources.filter((r) => r.tags.formula !== undefined);
    expect(tagged).toHaveLength(2);
    for (const resource of tagged) {
      expect(resource.tags).toEqual(HOSTILE_TAGS);
      // NDJSON keeps one resource per line whatever the values hold.
      const line = JSON.stringify(resource);
      expect(line).not.toContain("\n");
      expect((JSON.parse(line) as Resource).tags).toEqual(HOSTILE_TAGS);
      expect(ResourceSchema.safeParse(resource).success).toBe(true);
    }
  });
});
