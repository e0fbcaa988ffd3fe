import { writeLines } from "../inventory/ndjson.js";
import type { EvidenceCounts, Resource, TypeSystem } from "../types.js";
import { coveredStates } from "../evidence/duties.js";
import { countState, emptyCounts } from "../evidence/state.js";
import type { Joiner } from "./joiner.js";
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
export async function joinToNdjson(resources: AsyncIterable<Resource> | Iterable<Resource>, joiner: Joiner, out: NodeJS.WritableStream): Promise<StreamJoinSummary> {
  const summary: StreamJoinSummary = { total: 0, mapped: 0, unmapped: [], evidence: emptyCounts() };
  const unmapped = new Map<string, StreamJoinSummary["unmapped"][number]>();
  async function* lines(): AsyncGenerator<string> {
    for await (const resource of resources) {
      const joined = joiner.join(resource);
      summary.total++;
      if (joined.service) {
        summary.mapped++;
        const plan = joiner.plan(joined.service);
        const states = coveredStates(plan.dutySet, joined.evidence);
        for (const state of states.values()) countState(summary.evidence, state);
        countState(summary.evidence, "unchecked", plan.duties.length - states.size);
      } else {
        const key = `${resource.typeSystem}|${resource.type}`;
        const entry = unmapped.get(key) ?? { type: resource.type, typeSystem: resource.typeSystem, count: 0 };
        entry.count++;
        unmapped.set(key, entry);
      }
      yield joinedRecordLine(joiner, joined);
    }
  }
  await writeLines(lines(), out);
  summary.unmapped = [...unmapped.values()].sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
  return summary;
}
