/**
 * The contract each adapter's fake meets so one suite (conformance.test.ts)
 * can run the same cases against AWS, Azure and GCP. To add an adapter, write
 * a `Harness` for it (see aws.ts) and add it to the list in adapters.ts.
 */
import type { CommonInventoryResult, InventoryProgress } from "../../../src/adapters/core/types.js";
import type { Resource } from "../../../src/types.js";

/** Tag values an attacker controls (spreadsheet formulas, markup, control characters, huge values). */
export const HOSTILE_TAGS: Readonly<Record<string, string>> = {
  formula: "=HYPERLINK(\"http://evil.test\",\"x\")",
  cmd: "+cmd|' /C calc'!A0",
  markup: "<script>alert(1)</script><img src=x onerror=alert(2)>",
  quote: "\"},{\"uid\":\"injected\"",
  control: "line1\nline2\r\u0000\u001b[31mred",
  unicode: "\u202Egnp.exe \uD83D\uDE00 \u00e9",
  long: "x".repeat(2048),
  "key with spaces/and:colons": "@SUM(1+1)",
  empty: "",
};

/** The estate a fake serves, in terms every cloud has. */
export interface World {
  /** Scopes (accounts, subscriptions, projects), numbered 0..n-1. */
  scopes: number;
  /** Resources per scope (an adapter may add a few of its own, such as containers). */
  perScope: number;
  /** Items per page the fake returns (small, so every listing is paged). */
  pageSize: number;
  /** Throttle at least 30% of all calls (each logical call at most twice in a row). */
  throttle?: boolean;
  /** This scope's listing fails on every call (a server error that does not go away). */
  failing?: number;
  /** Latency of every answer, in ms (for the abort case). */
  latencyMs?: number;
  /** Put HOSTILE_TAGS on the first resource of every scope. */
  hostileTags?: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  concurrency?: number;
  onProgress?: (progress: InventoryProgress) => void;
}

export interface RunHandle {
  stream: AsyncIterable<Resource>;
  result: Promise<CommonInventoryResult>;
}

export interface Fake {
  /** Starts the adapter against this fake. */
  run(options?: RunOptions): RunHandle;
  /** Every resource uid the world holds that a run must produce, optionally without one scope's. */
  expectedUids(exceptScope?: number): string[];
  /** The id, in `result.scopes`, of scope `index` (errors may name it or one of its children). */
  scopeId(index: number): string;
  /** Calls answered so far, and how many of them were throttling answers. */
  calls(): number;
  throttled(): number;
  /** Non-read calls that reached the fake (must stay empty). */
  writes(): string[];
  /** Sends a write (create/delete) straight to the fake, as an adapter bug would; resolves with the HTTP or gRPC status. */
  probeWrite(): Promise<number | string>;
  /** Secrets the fake knows (credentials, tokens, secret properties it serves): none may appear in any output. */
  secrets(): string[];
  stop(): Promise<void>;
}

export interface Harness {
  name: string;
  start(world: World): Promise<Fake>;
}
