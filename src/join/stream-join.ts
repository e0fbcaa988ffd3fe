import { drained } from "../inventory/ndjson.js";
import type { DutyState, EvidenceCounts, Resource, TypeSystem } from "../types.js";
import { coveredStates } from "../evidence/duties.js";
import { countState, emptyCounts } from "../evidence/state.js";
import type { JoinedResource, Joiner } from "./joiner.js";
import { joinedRecordLine } from "./ndjson-join.js";

/** What a streaming join saw: counts only, so memory stays flat however large the input. */
export interface StreamJoinSummary {
  total: number;
  mapped: number;
  /** Unmapped types with counts. */
  unmapped: { type: string; typeSystem: TypeSystem; count: number }[];
  /** Duties (resource x customer or shared control) per state, as in a report. */
  evidence: EvidenceCounts;
}

/**
 * Joins a resource stream and writes one compact JSON line per resource
 * (see JoinedRecordSchema) to `out`, without keeping resources in memory.
 */
export function joinToNdjson(resources: AsyncIterable<Resource> | Iterable<Resource>, joiner: Joiner, out: NodeJS.WritableStream): Promise<StreamJoinSummary> {
  return joinBatchesToNdjson(batchesOf(resources), joiner, out);
}

/**
 * Counts joined resources as a streaming join sees them (the summary of a
 * report, in flat memory): duties per state, mapped and unmapped types.
 */
export class JoinTally {
  readonly #summary: StreamJoinSummary = { total: 0, mapped: 0, unmapped: [], evidence: emptyCounts() };
  readonly #unmapped = new Map<string, StreamJoinSummary["unmapped"][number]>();
  constructor(readonly joiner: Joiner) {}

  /** Counts one joined resource; returns the states of its covered duties (undefined when unmapped). */
  add(joined: JoinedResource): ReadonlyMap<string, DutyState> | undefined {
    const summary = this.#summary;
    summary.total++;
    if (joined.service) {
      summary.mapped++;
      const plan = this.joiner.plan(joined.service);
      const states = coveredStates(plan.dutySet, joined.evidence);
      for (const state of states.values()) countState(summary.evidence, state);
      countState(summary.evidence, "unchecked", plan.duties.length - states.size);
      return states;
    }
    const { type, typeSystem } = joined.resource;
    const key = `${typeSystem}|${type}`;
    const entry = this.#unmapped.get(key);
    if (entry) entry.count++;
    else this.#unmapped.set(key, { type, typeSystem, count: 1 });
    return undefined;
  }

  summary(): StreamJoinSummary {
    const unmapped = [...this.#unmapped.values()].sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
    return { ...this.#summary, unmapped };
  }
}

/**
 * The join's hot path: each batch of resources (one chunk of NDJSON input, see
 * readResourceBatches) is joined and serialized synchronously into one string
 * and written with one call, so a million records cost a few thousand awaits,
 * not several million (docs/performance.md compares it with a plain loop).
 */
export async function joinBatchesToNdjson(
  batches: AsyncIterable<readonly Resource[]> | Iterable<readonly Resource[]>,
  joiner: Joiner,
  out: NodeJS.WritableStream,
): Promise<StreamJoinSummary> {
  const tally = new JoinTally(joiner);
  let buffer = "";
  for await (const batch of batches) {
    for (const resource of batch) {
      const joined = joiner.join(resource);
      buffer += `${joinedRecordLine(joiner, joined, tally.add(joined))}\n`;
    }
    // Batch small writes; wait for drain when the stream asks.
    if (buffer.length >= 65536) {
      if (!out.write(buffer)) await drained(out);
      buffer = "";
    }
  }
  if (buffer) if (!out.write(buffer)) await drained(out);
  return tally.summary();
}

/** Single resources as batches: an importer's stream joins through the same path. */
async function* batchesOf(resources: AsyncIterable<Resource> | Iterable<Resource>): AsyncGenerator<Resource[]> {
  let batch: Resource[] = [];
  if (Symbol.iterator in resources) {
    for (const resource of resources) {
      batch.push(resource);
      if (batch.length === 1024) {
        yield batch;
        batch = [];
      }
    }
  } else {
    // An async source may pause for a long time (a live adapter): pass each resource on as it comes.
    for await (const resource of resources) yield [resource];
  }
  if (batch.length) yield batch;
}
