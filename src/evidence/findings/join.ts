import type { EvidenceResult, FindingsSummary, Resource } from "../../types.js";
import type { Finding, FindingProblem, FindingSink, FindingVerdict, ParsedFindings } from "./finding.js";
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

/** A tool's check, interned: findings hold its number. */
interface Check {
  kind: FindingKind;
  check: string;
  mapping: { controls: string[]; title?: string } | undefined;
  /** Findings of this check with no mapping (counted once per finding). */
  unmapped: number;
}

const DAY = 86_400_000;
const VERDICTS: readonly FindingVerdict[] = ["pass", "fail", "manual", "not-applicable"];
const VERDICT_CODE: Record<FindingVerdict, number> = { pass: 0, fail: 1, manual: 2, "not-applicable": 3 };
const MUTED = 4;
const MATCHED = 8;

/**
 * Imported findings, indexed by join key, attached to resources as the join
 * streams them. A finding whose resource never comes is reported as
 * unmatched, never dropped; a check with no mapping is reported as unmapped.
 *
 * Compact, because an estate can have millions of findings (issue 12's bar:
 * 3 million): a finding is not kept as an object but as one slot in typed
 * arrays holding only what the join and the report need: its source file,
 * its check (interned with its mapping), verdict, muted, time, title
 * (interned), where it was in the file (an interned template and a number),
 * and its first resource. Join keys are interned once per resource; each
 * (key, finding) pair is a posting in a linked list per key. About 40 bytes
 * a finding plus one key string and map entry per distinct resource
 * (docs/performance.md has the measured figures).
 */
export class FindingIndex {
  readonly #sources: SourceCounts[] = [];
  readonly #checks: Check[] = [];
  readonly #checkIds = new Map<FindingKind, Map<string, number>>();
  readonly #titles: string[] = [""];
  readonly #titleIds = new Map<string, number>();
  readonly #templates: string[] = [];
  readonly #templateIds = new Map<string, number>();
  // Per finding.
  #count = 0;
  #source = new Uint16Array(1024);
  #check = new Uint32Array(1024);
  #flags = new Uint8Array(1024);
  #observed = new Float64Array(1024);
  #title = new Uint32Array(1024);
  #template = new Uint32Array(1024);
  #positionNumber = new Float64Array(1024);
  #firstKey = new Uint32Array(1024);
  /** The resource as the tool names it, where it is not the first name seen for the finding's first key. */
  readonly #resourceOverride = new Map<number, string>();
  // Per join key.
  readonly #keyIds = new Map<string, number>();
  readonly #keys: string[] = [];
  /** The resource as the tool names it, for the first finding of each key; undefined where the key spells it (`id:` + a lower-case id). */
  readonly #keyResource: (string | undefined)[] = [];
  #keyHead = new Int32Array(1024);
  #keyTail = new Int32Array(1024);
  // Per (key, finding) posting: a linked list per key, in file order.
  #postings = 0;
  #postFinding = new Uint32Array(1024);
  #postNext = new Int32Array(1024);

  #disagreementCount = 0;
  readonly #disagreements: FindingsSummary["disagreements"] = [];
  readonly #staleBefore: number | undefined;
  readonly problems: FindingProblem[] = [];

  constructor(readonly options: FindingIndexOptions) {
    this.#staleBefore = options.staleAfterDays === undefined ? undefined : options.now.getTime() - options.staleAfterDays * DAY;
  }

  /** Adds one file's findings, already parsed. */
  add(kind: FindingKind, file: string, parsed: ParsedFindings): void {
    const sink = this.source(kind, file);
    for (const f of parsed.findings) sink.finding(f);
    for (const p of parsed.problems) sink.problem(p);
    for (let i = 0; i < parsed.skipped; i++) sink.skip();
  }

  /** A sink for one file's records, as they are read: each finding is indexed and dropped. */
  source(kind: FindingKind, file: string): FindingSink {
    if (this.#sources.length === 0xffff) throw new Error("more than 65535 findings files");
    const source = this.#sources.length;
    const counts: SourceCounts = { kind, file, findings: 0, matched: 0, unmatched: 0, unmapped: 0, stale: 0, muted: 0, skipped: 0, problems: 0 };
    this.#sources.push(counts);
    return {
      finding: (f) => this.#push(source, counts, f),
      problem: (p) => {
        counts.problems++;
        this.problems.push(p);
      },
      skip: () => void counts.skipped++,
    };
  }

  get size(): number {
    return this.#count;
  }

  #push(source: number, counts: SourceCounts, f: Finding): void {
    const n = this.#count++;
    if (n === this.#source.length) this.#grow(n * 2);
    counts.findings++;
    const checkId = this.#checkId(f.kind, f.check);
    const check = this.#checks[checkId]!;
    if (!check.mapping) {
      counts.unmapped++;
      check.unmapped++;
    }
    if (f.muted) counts.muted++;
    this.#source[n] = source;
    this.#check[n] = checkId;
    this.#flags[n] = VERDICT_CODE[f.verdict] | (f.muted ? MUTED : 0);
    this.#observed[n] = this.#time(f.observedAt);
    this.#title[n] = f.title === undefined ? 0 : this.#intern(f.title);
    this.#setPosition(n, f.position);
    let first = -1;
    for (let k = 0; k < f.keys.length; k++) {
      const key = f.keys[k]!;
      if (f.keys.indexOf(key) < k) continue; // the same key twice (one resource listed twice)
      let id = this.#keyIds.get(key);
      if (id === undefined) {
        id = this.#keys.length;
        this.#keyIds.set(key, id);
        this.#keys.push(key);
        this.#keyResource.push(spells(key, f.resource) ? undefined : f.resource);
        if (id === this.#keyHead.length) this.#growKeys(id * 2);
        this.#keyHead[id] = -1;
      }
      if (first === -1) first = id;
      this.#post(id, n);
    }
    this.#firstKey[n] = Math.max(first, 0);
    if (first === -1 || this.#resourceOf(first) !== f.resource) this.#resourceOverride.set(n, f.resource);
  }

  #lastTime: string | undefined;
  #lastMs = NaN;
  /** Epoch ms of an ISO time (NaN: none); findings of one scan mostly share it, so the last is kept. */
  #time(iso: string | undefined): number {
    if (iso === undefined) return NaN;
    if (iso !== this.#lastTime) {
      this.#lastTime = iso;
      this.#lastMs = Date.parse(iso);
    }
    return this.#lastMs;
  }

  #resourceOf(key: number): string {
    return this.#keyResource[key] ?? this.#keys[key]!.slice(3);
  }

  #checkId(kind: FindingKind, check: string): number {
    let ids = this.#checkIds.get(kind);
    if (!ids) this.#checkIds.set(kind, (ids = new Map()));
    let id = ids.get(check);
    if (id === undefined) {
      id = this.#checks.length;
      ids.set(check, id);
      this.#checks.push({ kind, check, mapping: this.options.mappings.lookup(kind, check), unmapped: 0 });
    }
    return id;
  }

  #intern(title: string): number {
    let id = this.#titleIds.get(title);
    if (id === undefined) {
      id = this.#titles.length;
      this.#titles.push(title);
      this.#titleIds.set(title, id);
    }
    return id;
  }

  /** A position as an interned template ("Findings[#]", "line #") and its last number. */
  #setPosition(n: number, position: string): void {
    let end = position.length;
    while (end > 0 && !isDigit(position.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isDigit(position.charCodeAt(start - 1))) start--;
    const digits = end - start;
    // A number that does not print back the same (leading zeros, too long) stays in the template.
    const template = digits > 0 && digits < 16 && (digits === 1 || position.charCodeAt(start) !== 48) ? `${position.slice(0, start)}\u0000${position.slice(end)}` : position;
    let id = this.#templateIds.get(template);
    if (id === undefined) {
      id = this.#templates.length;
      this.#templates.push(template);
      this.#templateIds.set(template, id);
    }
    this.#template[n] = id;
    this.#positionNumber[n] = template === position ? 0 : Number(position.slice(start, end));
  }

  #position(n: number): string {
    const template = this.#templates[this.#template[n]!]!;
    const at = template.indexOf("\u0000");
    return at === -1 ? template : `${template.slice(0, at)}${this.#positionNumber[n]}${template.slice(at + 1)}`;
  }

  #post(key: number, n: number): void {
    const p = this.#postings++;
    if (p === this.#postFinding.length) {
      this.#postFinding = grown(this.#postFinding, p * 2);
      this.#postNext = grown(this.#postNext, p * 2);
    }
    this.#postFinding[p] = n;
    this.#postNext[p] = -1;
    if (this.#keyHead[key] === -1) this.#keyHead[key] = p;
    else this.#postNext[this.#keyTail[key]!] = p;
    this.#keyTail[key] = p;
  }

  #grow(size: number): void {
    this.#source = grown(this.#source, size);
    this.#check = grown(this.#check, size);
    this.#flags = grown(this.#flags, size);
    this.#observed = grown(this.#observed, size);
    this.#title = grown(this.#title, size);
    this.#template = grown(this.#template, size);
    this.#positionNumber = grown(this.#positionNumber, size);
    this.#firstKey = grown(this.#firstKey, size);
  }

  #growKeys(size: number): void {
    this.#keyHead = grown(this.#keyHead, size);
    this.#keyTail = grown(this.#keyTail, size);
  }

  /** Appends the evidence of the findings about `resource` to `evidence`. */
  attach(resource: Resource, evidence: EvidenceResult[]): void {
    if (this.#count === 0) return;
    let hits: number[] | undefined;
    let keysHit = 0;
    for (const key of resourceKeys(resource)) {
      const id = this.#keyIds.get(key);
      if (id === undefined) continue;
      keysHit++;
      hits ??= [];
      for (let p = this.#keyHead[id]!; p !== -1; p = this.#postNext[p]!) hits.push(this.#postFinding[p]!);
    }
    if (!hits) return;
    // One key's postings are in file order; findings reached by two keys are sorted and counted once.
    if (keysHit > 1) hits.sort((a, b) => a - b);
    const before = evidence.length;
    let last = -1;
    for (const n of hits) {
      if (n === last) continue;
      last = n;
      this.#flags[n]! |= MATCHED;
      const check = this.#checks[this.#check[n]!]!;
      const verdict = VERDICTS[this.#flags[n]! & 3]!;
      if (!check.mapping || verdict === "not-applicable") continue;
      for (const control of check.mapping.controls) evidence.push(this.#resultOf(n, check, verdict, control));
    }
    if (evidence.length > before && hasMetAndNotMet(evidence)) this.#noteDisagreements(resource, evidence, before);
  }

  #isStale(n: number): boolean {
    const observed = this.#observed[n]!;
    return this.#staleBefore !== undefined && observed < this.#staleBefore;
  }

  #resultOf(n: number, check: Check, verdict: FindingVerdict, control: string): EvidenceResult {
    const stale = this.#isStale(n);
    const muted = (this.#flags[n]! & MUTED) !== 0;
    const observed = this.#observed[n]!;
    const observedAt = Number.isNaN(observed) ? undefined : new Date(observed).toISOString();
    const details: string[] = [`${check.kind} ${verdict.toUpperCase()}`];
    if (muted) details.push(`muted in ${check.kind}`);
    if (stale) details.push(`stale: observed ${observedAt}, more than ${this.options.staleAfterDays} days before the report; it decides nothing`);
    const title = this.#title[n] ? this.#titles[this.#title[n]!]! : undefined;
    const result: EvidenceResult = {
      control,
      rule: `${check.kind}:${check.check}`,
      title: title ?? check.mapping?.title ?? check.check,
      status: stale ? "unknown" : STATUS[verdict as keyof typeof STATUS],
      detail: details.join("; "),
      source: check.kind,
      check: check.check,
    };
    if (observedAt) result.observedAt = observedAt;
    if (stale) result.stale = true;
    return result;
  }

  /**
   * Two sources, one saying met and one not met, on the same duty: both stay
   * shown; the pair is listed. Controls are taken in the order the findings'
   * results came, then the rules'; a resource has a few results, so this
   * scans them instead of building maps.
   */
  #noteDisagreements(resource: Resource, evidence: readonly EvidenceResult[], before: number): void {
    const order = (i: number) => (i < evidence.length - before ? before + i : i - (evidence.length - before));
    for (let i = 0; i < evidence.length; i++) {
      const control = evidence[order(i)]!.control;
      let seen = false;
      for (let j = 0; j < i && !seen; j++) seen = evidence[order(j)]!.control === control;
      if (seen) continue;
      const met = new Set<string>();
      const notMet = new Set<string>();
      for (const e of evidence) {
        if (e.control !== control) continue;
        if (e.status === "met") met.add(e.source ?? "rule");
        else if (e.status === "not-met") notMet.add(e.source ?? "rule");
      }
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
    for (let n = 0; n < this.#count; n++) {
      const counts = sources[this.#source[n]!]!;
      if (this.#isStale(n)) counts.stale++;
      if (this.#flags[n]! & MATCHED) counts.matched++;
      else {
        counts.unmatched++;
        unmatchedTotal++;
        if (unmatched.length < MAX_LISTED) {
          const check = this.#checks[this.#check[n]!]!;
          const resource = this.#resourceOverride.get(n) ?? this.#resourceOf(this.#firstKey[n]!);
          unmatched.push({ kind: check.kind, file: counts.file, position: this.#position(n), check: check.check, resource, verdict: VERDICTS[this.#flags[n]! & 3]! });
        }
      }
    }
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const unmappedChecks = this.#checks.filter((c) => c.unmapped > 0).map((c) => ({ kind: c.kind, check: c.check, count: c.unmapped }));
    return {
      ...(this.options.staleAfterDays !== undefined ? { staleAfterDays: this.options.staleAfterDays } : {}),
      sources,
      unmatchedTotal,
      unmatched,
      unmappedChecks: unmappedChecks.sort((a, b) => b.count - a.count || cmp(a.kind, b.kind) || cmp(a.check, b.check)),
      disagreementTotal: this.#disagreementCount,
      disagreements: this.#disagreements,
    };
  }
}

const STATUS = { pass: "met", fail: "not-met", manual: "unknown" } as const;

/** Whether any duty could have sources that disagree (most resources: no; the per-control check is skipped). */
function hasMetAndNotMet(evidence: readonly EvidenceResult[]): boolean {
  let met = false;
  let notMet = false;
  for (const e of evidence) {
    if (e.status === "met") met = true;
    else if (e.status === "not-met") notMet = true;
    if (met && notMet) return true;
  }
  return false;
}

/** Whether `key` is `id:` and exactly `resource` (an id already in lower case): then the key is all that needs keeping. */
function spells(key: string, resource: string): boolean {
  return key.length === resource.length + 3 && key.startsWith("id:") && key.endsWith(resource);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(size, 1024));
  next.set(array);
  return next;
}
