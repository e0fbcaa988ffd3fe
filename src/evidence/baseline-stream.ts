import { createReadStream } from "node:fs";
import type { DutyState, ReportResource } from "../types.js";
import type { ReportSource } from "../render/report-stream.js";
import { failedScopes, sortDrift, type Drift, type DriftOptions, type DriftResource } from "./baseline.js";
import { resourceDuties } from "./duties.js";

/**
 * Drift against a baseline report of any size (issue 14): the baseline JSON
 * (`report --format json`, gigabytes at a million resources) is scanned as a
 * stream, each resource reduced to what drift needs (uid, type, service,
 * account, region and its duty states), and merged with the current report's
 * rows in uid order: one pass over each, neither held whole. Reports written
 * by cloud-srm list resources in uid order; a baseline that does not (edited
 * by hand) is diffed in memory instead (its reduced resources in a map).
 * The result equals diffReports on the two whole reports.
 */

/** What drift keeps of a baseline resource. */
export interface BaselineResource extends DriftResource {
  region?: string;
  /** The resource's customer and shared duties with their states, in matrix order. */
  duties: [control: string, state: DutyState][];
}

/** The baseline is not a cloud-srm JSON report (the CLI turns this into a usage error). */
export class BaselineFormatError extends Error {}

const reduce = (r: ReportResource): BaselineResource => ({
  uid: r.uid,
  type: r.type,
  service: r.service,
  account: r.account,
  provider: r.provider,
  ...(r.region !== undefined ? { region: r.region } : {}),
  duties: resourceDuties(undefined, r).map((d) => [d.control, d.state]),
});

/**
 * A JSON report's `generatedAt` and its `resources`, one at a time, from the
 * document's text in chunks. A small scanner: it tracks strings and nesting,
 * reads the top-level keys, and hands each element of the top-level
 * `resources` array to JSON.parse on its own. `onHead` gets `generatedAt`
 * when it is read (before or after the resources: key order is free).
 */
export async function* baselineResources(chunks: AsyncIterable<string>, onHead: (generatedAt: string) => void): AsyncGenerator<BaselineResource> {
  let depth = 0;
  let inString = false;
  let escape = false;
  /** The last string closed at depth 1 (a key, or a value) and the key whose value is being read. */
  let lastString: string | undefined;
  let key: string | undefined;
  let inResources = false;
  let sawResources = false;
  /** Text of what is being captured (a depth-1 string, or a resources element), across chunks. */
  let capture: string[] | undefined;
  let captureStart = -1;
  let sawObject = false;
  for await (const text of chunks) {
    const n = text.length;
    let nextQuote = -1;
    let nextBackslash = -1;
    let i = 0;
    while (i < n) {
      if (inString) {
        if (escape) {
          escape = false;
          i++;
          continue;
        }
        if (nextQuote < i) nextQuote = indexOr(text, '"', i, n);
        if (nextBackslash < i) nextBackslash = indexOr(text, "\\", i, n);
        if (nextBackslash < nextQuote) {
          // An escape: skip the backslash and the character it escapes (perhaps in the next chunk).
          i = nextBackslash + 2;
          if (i > n) escape = true;
          continue;
        }
        if (nextQuote === n) {
          i = n;
          continue;
        }
        inString = false;
        i = nextQuote + 1;
        if (depth === 1 && capture) {
          capture.push(text.slice(captureStart, i));
          lastString = JSON.parse(capture.join("")) as string;
          capture = undefined;
          if (key === "generatedAt") onHead(lastString);
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        inString = true;
        if (depth === 1) {
          capture = [];
          captureStart = i;
        }
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth === 0) {
          if (c !== 123) throw new BaselineFormatError("not a JSON object");
          sawObject = true;
        }
        depth++;
        if (depth === 2 && c === 91 && key === "resources") inResources = sawResources = true;
        if (depth === 3 && inResources) {
          capture = [];
          captureStart = i;
        }
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        depth--;
        if (depth === 2 && inResources && capture) {
          capture.push(text.slice(captureStart, i + 1));
          const element = JSON.parse(capture.join("")) as ReportResource;
          capture = undefined;
          if (typeof element?.uid !== "string" || !Array.isArray(element.controls)) throw new BaselineFormatError("a resource without uid or controls");
          yield reduce(element);
        }
        if (depth === 1) inResources = false;
      } else if (c === 58 /* : */) {
        if (depth === 1) key = lastString;
      } else if (c === 44 /* , */) {
        if (depth === 1) key = undefined;
      } else if (depth === 0 && c > 32) {
        throw new BaselineFormatError("not JSON");
      }
      i++;
    }
    if (capture && captureStart < n) capture.push(text.slice(captureStart));
    captureStart = 0;
  }
  if (!sawObject || depth !== 0 || inString) throw new BaselineFormatError("not JSON (truncated or not an object)");
  if (!sawResources) throw new BaselineFormatError("no resources");
}

function indexOr(text: string, char: string, from: number, n: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? n : at;
}

/** The baseline's resources are not in uid order: the caller diffs in memory. */
class OutOfOrder extends Error {}

/**
 * Drift between a baseline (its resources as `baselineResources` reads them;
 * `open()` starts a new read, called a second time only for a baseline out of
 * uid order) and a streamed report. Same result as diffReports.
 */
export async function diffBaselineStream(open: () => AsyncIterable<BaselineResource>, current: ReportSource, options: DriftOptions & { generatedAt: () => string | undefined }): Promise<Drift> {
  let drift: Drift;
  try {
    drift = await mergeDiff(sortedChecked(open()), current, options);
  } catch (error) {
    if (!(error instanceof OutOfOrder)) throw error;
    const before = new Map<string, BaselineResource>();
    for await (const r of open()) before.set(r.uid, r);
    drift = await mergeDiff(inOrder(before), current, options);
  }
  const generatedAt = options.generatedAt();
  if (generatedAt === undefined) throw new BaselineFormatError("no generatedAt");
  drift.baseline = generatedAt;
  return sortDrift(drift);
}

async function* sortedChecked(resources: AsyncIterable<BaselineResource>): AsyncGenerator<BaselineResource> {
  let previous: string | undefined;
  for await (const r of resources) {
    if (previous !== undefined && r.uid < previous) throw new OutOfOrder();
    previous = r.uid;
    yield r;
  }
}

async function* inOrder(byUid: Map<string, BaselineResource>): AsyncGenerator<BaselineResource> {
  const uids = [...byUid.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const uid of uids) yield byUid.get(uid)!;
}

/** The last of each run of equal uids (diffReports keys both reports by uid: the last row wins). */
async function* lastPerUid<T extends { uid: string }>(items: AsyncIterable<T>): AsyncGenerator<T> {
  let held: T | undefined;
  for await (const item of items) {
    if (held && held.uid !== item.uid) yield held;
    held = item;
  }
  if (held) yield held;
}

async function mergeDiff(baseline: AsyncIterable<BaselineResource>, current: ReportSource, options: DriftOptions): Promise<Drift> {
  const failed = failedScopes(current.head);
  const inFailedScope = (r: BaselineResource) => failed.find((s) => s.account === r.account && (!s.region || s.region === r.region));
  const drift: Drift = { baseline: "", added: [], removed: [], unknown: [], flipped: [], untagged: [] };
  const gone = (r: BaselineResource) => {
    const scope = inFailedScope(r);
    const brief: DriftResource = { uid: r.uid, type: r.type, service: r.service, account: r.account, ...(r.provider !== undefined ? { provider: r.provider } : {}) };
    if (scope) drift.unknown.push({ ...brief, reason: `scope ${scope.account}${scope.region ? ` ${scope.region}` : ""} failed in this run` });
    else drift.removed.push(brief);
  };
  const before = lastPerUid(baseline)[Symbol.asyncIterator]();
  let old = await before.next();
  for await (const r of lastPerUid(current.rows("uid"))) {
    while (!old.done && old.value.uid < r.uid) {
      gone(old.value);
      old = await before.next();
    }
    if (old.done || old.value.uid !== r.uid) {
      drift.added.push({ uid: r.uid, type: r.type, service: r.service, account: r.account, provider: r.provider });
      const missing = (options.requiredTags ?? []).filter((k) => !Object.hasOwn(r.tags, k) || r.tags[k] === "");
      if (missing.length) drift.untagged.push({ uid: r.uid, missing });
      continue;
    }
    const oldStates = new Map(old.value.duties);
    for (const duty of resourceDuties(undefined, r)) {
      const from = oldStates.get(duty.control);
      if (from && from !== duty.state) drift.flipped.push({ uid: r.uid, control: duty.control, from, to: duty.state });
    }
    old = await before.next();
  }
  while (!old.done) {
    gone(old.value);
    old = await before.next();
  }
  return drift;
}

/**
 * The drift since a baseline report file (`report --format json`), read as a
 * stream, against a streamed report (`joinReport`): what `report --baseline`
 * does. Set the result as the report's `head.drift` before rendering.
 * Throws BaselineFormatError (or a SyntaxError) when the file is not such a report.
 */
export async function driftFromBaselineFile(file: string, current: ReportSource, options: DriftOptions = {}): Promise<Drift> {
  let generatedAt: string | undefined;
  const open = () => baselineResources(createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }) as AsyncIterable<string>, (at) => (generatedAt = at));
  return diffBaselineStream(open, current, { ...options, generatedAt: () => generatedAt });
}
