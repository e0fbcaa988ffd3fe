import { drained } from "../inventory/ndjson.js";
import type { Resource, TypeSystem } from "../types.js";
import type { Joiner } from "./joiner.js";
import { joinedRecordLine } from "./ndjson-join.js";

/** What a streaming join saw: counts only, so memory stays flat however large the input. */
export interface StreamJoinSummary {
  total: number;
  mapped: number;
  /** Unmapped types with counts. */
  unmapped: { type: string; typeSystem: TypeSystem; count: number }[];
  evidence: { met: number; notMet: number; unknown: number };
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
export async function joinBatchesToNdjson(
  batches: AsyncIterable<readonly Resource[]> | Iterable<readonly Resource[]>,
  joiner: Joiner,
  out: NodeJS.WritableStream,
): Promise<StreamJoinSummary> {
  const summary: StreamJoinSummary = { total: 0, mapped: 0, unmapped: [], evidence: { met: 0, notMet: 0, unknown: 0 } };
  const unmapped = new Map<string, StreamJoinSummary["unmapped"][number]>();
  let buffer = "";
  for await (const batch of batches) {
    for (const resource of batch) {
      const joined = joiner.join(resource);
      summary.total++;
      if (joined.service) summary.mapped++;
      else {
        const key = `${resource.typeSystem}|${resource.type}`;
        const entry = unmapped.get(key) ?? { type: resource.type, typeSystem: resource.typeSystem, count: 0 };
        entry.count++;
        unmapped.set(key, entry);
      }
      for (const e of joined.evidence) {
        if (e.status === "met") summary.evidence.met++;
        else if (e.status === "not-met") summary.evidence.notMet++;
        else summary.evidence.unknown++;
      }
      buffer += `${joinedRecordLine(joiner, joined)}\n`;
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
