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
 * The join's hot path: each batch of resources (one chunk of NDJSON input, see
 * readResourceBatches) is joined and serialized synchronously into one string
 * and written with one call, so a million records cost a few thousand awaits,
 * not several million (docs/performance.md compares it with a plain loop).
 */
export function joinBatchesToNdjson(
  batches: AsyncIterable<readonly Resource[]> | Iterable<readonly Resource[]>,
  joiner: Joiner,
  out: NodeJS.WritableStream,
): Promise<StreamJoinSummary> {
  return joinBatchesWith(batches, joiner, out, (joined, states) => joinedRecordLine(joiner, joined, states));
}

/**
 * Joins batches and writes one line per resource, as `line` serializes it
 * (the NDJSON record, or the Parquet writer's staging record), counting as it goes.
 */
export async function joinBatchesWith(
  batches: AsyncIterable<readonly Resource[]> | Iterable<readonly Resource[]>,
  joiner: Joiner,
  out: NodeJS.WritableStream,
  line: (joined: JoinedResource, states: ReadonlyMap<string, DutyState> | undefined) => string,
): Promise<StreamJoinSummary> {
  const summary: StreamJoinSummary = { total: 0, mapped: 0, unmapped: [], evidence: emptyCounts() };
  const unmapped = new Map<string, StreamJoinSummary["unmapped"][number]>();
  let buffer = "";
  for await (const batch of batches) {
    for (const resource of batch) {
      const joined = joiner.join(resource);
      summary.total++;
      let states: ReadonlyMap<string, DutyState> | undefined;
      if (joined.service) {
        summary.mapped++;
        const plan = joiner.plan(joined.service);
        states = coveredStates(plan.dutySet, joined.evidence);
        for (const state of states.values()) countState(summary.evidence, state);
        countState(summary.evidence, "unchecked", plan.duties.length - states.size);
      } else {
        const key = `${resource.typeSystem}|${resource.type}`;
        const entry = unmapped.get(key) ?? { type: resource.type, typeSystem: resource.typeSystem, count: 0 };
        entry.count++;
        unmapped.set(key, entry);
      }
      buffer += `${line(joined, states)}\n`;
    }
    // Batch small writes; wait for drain when the stream asks.
    if (buffer.length >= 65536) {
      if (!out.write(buffer)) await drained(out);
      buffer = "";
    }
  }
  if (buffer) if (!out.write(buffer)) await drained(out);
  summary.unmapped = [...unmapped.values()].sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
  return summary;
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
