import type { DutyState, Report, ReportResource } from "../types.js";
import { resourceDuties } from "./duties.js";

/** What changed since a previous report (`report --baseline OLD.json`). */
export interface Drift {
  /** When the baseline report was generated. */
  baseline: string;
  added: DriftResource[];
  removed: DriftResource[];
  /** In the baseline, absent now, and in a scope that failed this time: unknown, never "removed". */
  unknown: (DriftResource & { reason: string })[];
  /** Duties whose state changed, per resource present in both. */
  flipped: { uid: string; control: string; from: DutyState; to: DutyState }[];
  /** New resources without a required tag. */
  untagged: { uid: string; missing: string[] }[];
}

export interface DriftResource {
  uid: string;
  type: string;
  service: string | null;
  account: string;
  /** aws, azure, gcp (absent in drift written before it was recorded). */
  provider?: string;
}

export interface DriftOptions {
  /** Tag keys every resource must carry; new resources without one are listed. */
  requiredTags?: readonly string[];
}

const brief = (r: ReportResource): DriftResource => ({ uid: r.uid, type: r.type, service: r.service, account: r.account, provider: r.provider });
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Scopes that failed in a run, read from its problems ("account A region R",
 * "subscription S", "project P"): a resource of such a scope that is missing
 * now may still exist, so it is unknown rather than removed.
 */
export function failedScopes(report: Pick<Report, "problems">): { account: string; region?: string }[] {
  const scopes: { account: string; region?: string }[] = [];
  for (const p of report.problems) {
    const m = /\b(?:account|subscription|project)\s+(\S+)(?:\s+region\s+(\S+))?/.exec(p.position);
    if (m) scopes.push({ account: m[1]!, ...(m[2] ? { region: m[2] } : {}) });
  }
  return scopes;
}

/**
 * Compares a report with an earlier one, both whole in memory (both with
 * per-resource rows). For reports of any size, diffBaselineStream
 * (baseline-stream.ts) reads the baseline as a stream and the current report
 * as a pass over its rows, with the same result.
 */
export function diffReports(baseline: Report, current: Report, options: DriftOptions = {}): Drift {
  const before = new Map(baseline.resources.map((r) => [r.uid, r]));
  const now = new Map(current.resources.map((r) => [r.uid, r]));
  const failed = failedScopes(current);
  const inFailedScope = (r: ReportResource) => failed.find((s) => s.account === r.account && (!s.region || s.region === r.region));
  const drift: Drift = { baseline: baseline.generatedAt, added: [], removed: [], unknown: [], flipped: [], untagged: [] };
  for (const [uid, r] of now) {
    const old = before.get(uid);
    if (!old) {
      drift.added.push(brief(r));
      const missing = (options.requiredTags ?? []).filter((k) => !Object.hasOwn(r.tags, k) || r.tags[k] === "");
      if (missing.length) drift.untagged.push({ uid, missing });
      continue;
    }
    const oldStates = new Map(resourceDuties(baseline, old).map((d) => [d.control, d.state]));
    for (const duty of resourceDuties(current, r)) {
      const from = oldStates.get(duty.control);
      if (from && from !== duty.state) drift.flipped.push({ uid, control: duty.control, from, to: duty.state });
    }
  }
  for (const [uid, r] of before) {
    if (now.has(uid)) continue;
    const scope = inFailedScope(r);
    if (scope) drift.unknown.push({ ...brief(r), reason: `scope ${scope.account}${scope.region ? ` ${scope.region}` : ""} failed in this run` });
    else drift.removed.push(brief(r));
  }
  return sortDrift(drift);
}

/** The drift's lists in uid order (flipped duties: uid, then control), as every document lists them. */
export function sortDrift(drift: Drift): Drift {
  for (const list of [drift.added, drift.removed, drift.unknown, drift.untagged]) list.sort((a, b) => cmp(a.uid, b.uid));
  drift.flipped.sort((a, b) => cmp(a.uid, b.uid) || cmp(a.control, b.control));
  return drift;
}
