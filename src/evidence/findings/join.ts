import type { EvidenceResult, FindingsSummary, Resource } from "../../types.js";
import type { Finding, FindingProblem, ParsedFindings } from "./finding.js";
import { resourceKeys } from "./keys.js";
import type { FindingMappings } from "./mapping.js";
import type { FindingKind } from "./tools.js";

/** Unmatched findings and disagreements listed in full up to this many; the counts are always complete. */
export const MAX_LISTED = 1000;

export interface FindingIndexOptions {
  mappings: FindingMappings;
  /** The report's clock. */
  now: Date;
  /** Findings observed longer ago than this are stale: shown, but they decide nothing (unknown). */
  staleAfterDays?: number;
}

interface SourceCounts {
  kind: FindingKind;
  file: string;
  findings: number;
  matched: number;
  unmatched: number;
  unmapped: number;
  stale: number;
  muted: number;
  skipped: number;
  problems: number;
}

const DAY = 86_400_000;

/**
 * Imported findings, indexed by join key, attached to resources as the join
 * streams them. A finding whose resource never comes is reported as
 * unmatched, never dropped; a check with no mapping is reported as unmapped.
 */
export class FindingIndex {
  readonly #byKey = new Map<string, number[]>();
  readonly #findings: Finding[] = [];
  readonly #source: number[] = [];
  #matched = new Uint8Array(0);
  readonly #sources: SourceCounts[] = [];
  readonly #unmapped = new Map<string, { kind: FindingKind; check: string; count: number }>();
  readonly #disagreements: FindingsSummary["disagreements"] = [];
  #disagreementCount = 0;
  readonly #staleBefore: number | undefined;
  readonly problems: FindingProblem[] = [];

  constructor(readonly options: FindingIndexOptions) {
    this.#staleBefore = options.staleAfterDays === undefined ? undefined : options.now.getTime() - options.staleAfterDays * DAY;
  }

  /** Adds one file's findings. */
  add(kind: FindingKind, file: string, parsed: ParsedFindings): void {
    const source = this.#sources.length;
    this.#sources.push({
      kind,
      file,
      findings: parsed.findings.length,
      matched: 0,
      unmatched: 0,
      unmapped: 0,
      stale: 0,
      muted: 0,
      skipped: parsed.skipped,
      problems: parsed.problems.length,
    });
    this.problems.push(...parsed.problems);
    const counts = this.#sources[source]!;
    for (const finding of parsed.findings) {
      const n = this.#findings.length;
      this.#findings.push(finding);
      this.#source.push(source);
      if (finding.muted) counts.muted++;
      if (!this.options.mappings.lookup(finding.kind, finding.check)) {
        counts.unmapped++;
        const key = `${finding.kind}\u0000${finding.check}`;
        const entry = this.#unmapped.get(key) ?? { kind: finding.kind, check: finding.check, count: 0 };
        entry.count++;
        this.#unmapped.set(key, entry);
      }
      for (const key of new Set(finding.keys)) {
        const list = this.#byKey.get(key);
        if (list) list.push(n);
        else this.#byKey.set(key, [n]);
      }
    }
    const matched = new Uint8Array(this.#findings.length);
    matched.set(this.#matched);
    this.#matched = matched;
  }

  get size(): number {
    return this.#findings.length;
  }

  /** Appends the evidence of the findings about `resource` to `evidence`. */
  attach(resource: Resource, evidence: EvidenceResult[]): void {
    if (this.#findings.length === 0) return;
    let hits: Set<number> | undefined;
    for (const key of resourceKeys(resource)) {
      const list = this.#byKey.get(key);
      if (!list) continue;
      hits ??= new Set();
      for (const n of list) hits.add(n);
    }
    if (!hits) return;
    const before = evidence.length;
    for (const n of [...hits].sort((a, b) => a - b)) {
      this.#matched[n] = 1;
      const finding = this.#findings[n]!;
      const mapping = this.options.mappings.lookup(finding.kind, finding.check);
      if (!mapping || finding.verdict === "not-applicable") continue;
      const stale = this.#isStale(finding);
      for (const control of mapping.controls) evidence.push(resultOf(finding, control, mapping.title, stale, this.options.staleAfterDays));
    }
    this.#noteDisagreements(resource, evidence.slice(before).concat(evidence.slice(0, before)));
  }

  #isStale(finding: Finding): boolean {
    return this.#staleBefore !== undefined && finding.observedAt !== undefined && Date.parse(finding.observedAt) < this.#staleBefore;
  }

  /** Two sources, one saying met and one not met, on the same duty: both stay shown; the pair is listed. */
  #noteDisagreements(resource: Resource, results: readonly EvidenceResult[]): void {
    const byControl = new Map<string, EvidenceResult[]>();
    for (const r of results) byControl.set(r.control, [...(byControl.get(r.control) ?? []), r]);
    for (const [control, list] of byControl) {
      const sourceOf = (r: EvidenceResult) => r.source ?? "rule";
      const met = new Set(list.filter((r) => r.status === "met").map(sourceOf));
      const notMet = new Set(list.filter((r) => r.status === "not-met").map(sourceOf));
      if (met.size === 0 || notMet.size === 0 || (met.size === 1 && notMet.size === 1 && [...met][0] === [...notMet][0])) continue;
      this.#disagreementCount++;
      if (this.#disagreements.length < MAX_LISTED) {
        this.#disagreements.push({ uid: resource.uid, control, met: [...met].sort(), notMet: [...notMet].sort() });
      }
    }
  }

  /** What was imported and what could not be used, for the report. */
  summary(): FindingsSummary {
    const unmatched: FindingsSummary["unmatched"] = [];
    let unmatchedTotal = 0;
    // Fresh counts on every call, so asking twice gives the same answer.
    const sources = this.#sources.map((s) => ({ ...s, matched: 0, unmatched: 0, stale: 0 }));
    this.#findings.forEach((f, n) => {
      const counts = sources[this.#source[n]!]!;
      if (this.#isStale(f)) counts.stale++;
      if (this.#matched[n]) counts.matched++;
      else {
        counts.unmatched++;
        unmatchedTotal++;
        if (unmatched.length < MAX_LISTED) unmatched.push({ kind: f.kind, file: f.file, position: f.position, check: f.check, resource: f.resource, verdict: f.verdict });
      }
    });
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      ...(this.options.staleAfterDays !== undefined ? { staleAfterDays: this.options.staleAfterDays } : {}),
      sources,
      unmatchedTotal,
      unmatched,
      unmappedChecks: [...this.#unmapped.values()].sort((a, b) => b.count - a.count || cmp(a.kind, b.kind) || cmp(a.check, b.check)),
      disagreementTotal: this.#disagreementCount,
      disagreements: this.#disagreements,
    };
  }
}

const STATUS = { pass: "met", fail: "not-met", manual: "unknown" } as const;

function resultOf(finding: Finding, control: string, mappedTitle: string | undefined, stale: boolean, staleAfterDays: number | undefined): EvidenceResult {
  const verdict = finding.verdict as keyof typeof STATUS;
  const details: string[] = [`${finding.kind} ${finding.verdict.toUpperCase()}`];
  if (finding.muted) details.push(`muted in ${finding.kind}`);
  if (stale) details.push(`stale: observed ${finding.observedAt}, more than ${staleAfterDays} days before the report; it decides nothing`);
  const result: EvidenceResult = {
    control,
    rule: `${finding.kind}:${finding.check}`,
    title: finding.title ?? mappedTitle ?? finding.check,
    status: stale ? "unknown" : STATUS[verdict],
    detail: details.join("; "),
    source: finding.kind,
    check: finding.check,
  };
  if (finding.observedAt) result.observedAt = finding.observedAt;
  if (stale) result.stale = true;
  return result;
}
