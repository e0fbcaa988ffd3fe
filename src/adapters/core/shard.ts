/**
 * Sharding a live inventory over N workers (`--shard K/N`): a stable
 * partition of the scopes a run would read (AWS accounts, Azure
 * subscriptions, GCP projects). A scope's shard is a hash of its own id
 * (32-bit FNV-1a of its UTF-8 bytes, modulo N), so it never depends on what
 * else exists or on the order scopes are listed: N workers given 1/N .. N/N
 * read every scope exactly once, and their NDJSON outputs concatenate into
 * one inventory without duplicates. Out-of-shard scopes are reported as
 * skipped (with the reason), never as failures.
 */
import { CloudSrmError } from "../../errors.js";

/** Worker `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The largest N accepted (a guard against typos such as 1/10000000). */
export const MAX_SHARDS = 10_000;

/** "K/N" to a shard; a clear error naming the expected form otherwise. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new CloudSrmError("SHARD", `shard "${text}" must be K/N with 1 <= K <= N <= ${MAX_SHARDS}, e.g. 2/8`);
  }
  return { index, count };
}

/** Checks a shard given as an object (library callers). */
export function checkShard(shard: Shard): Shard {
  return parseShard(`${shard.index}/${shard.count}`);
}

/** 32-bit FNV-1a of the id's UTF-8 bytes: stable across runs, platforms and Node versions. */
export function scopeHash(id: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The shard (1-based) a scope id belongs to among `count`. */
export function shardOf(id: string, count: number): number {
  return (scopeHash(id) % count) + 1;
}

/** True when there is no shard, or the id falls in it. */
export function inShard(id: string, shard: Shard | undefined): boolean {
  return !shard || shard.count === 1 || shardOf(id, shard.count) === shard.index;
}

/** The skip reason recorded for a scope of another shard. */
export function outOfShard(shard: Shard): string {
  return `out of shard ${shard.index}/${shard.count}`;
}
