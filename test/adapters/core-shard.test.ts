import { describe, expect, it } from "vitest";
import { inShard, outOfShard, parseShard, scopeHash, shardOf } from "../../src/adapters/core/shard.js";

describe("shards", () => {
  it("parses K/N and refuses anything else with the expected form", () => {
    expect(parseShard("2/8")).toEqual({ index: 2, count: 8 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "2", "a/b", "1/0", "-1/3", "1/100000", "1.5/3"]) expect(() => parseShard(bad)).toThrow(/must be K\/N with 1 <= K <= N <= 10000, e.g. 2\/8/);
  });

  it("puts a scope in a shard that depends on its id alone (FNV-1a: fixed values that must never change)", () => {
    // Changing the hash would move scopes between shards mid-migration: these values pin it.
    expect(scopeHash("")).toBe(0x811c9dc5);
    expect(scopeHash("a")).toBe(0xe40c292c);
    expect(scopeHash("foobar")).toBe(0xbf9cf968);
    expect(shardOf("123456789012", 4)).toBe((scopeHash("123456789012") % 4) + 1);
    expect(outOfShard({ index: 3, count: 5 })).toBe("out of shard 3/5");
  });

  it("partitions: every id is in exactly one of N shards, and the shards are roughly even", () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `projects/proj-${i}`);
    const count = 8;
    const sizes = new Array<number>(count).fill(0);
    for (const id of ids) {
      const owners = Array.from({ length: count }, (_, k) => k + 1).filter((index) => inShard(id, { index, count }));
      expect(owners).toHaveLength(1);
      sizes[owners[0]! - 1]!++;
    }
    for (const size of sizes) expect(size).toBeGreaterThan(4000 / count / 1.3);
    expect(inShard("anything", undefined)).toBe(true);
  });
});
