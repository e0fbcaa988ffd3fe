import type { DutyState, EvidenceCounts } from "../types.js";

/** States a gate can fail on: everything but met. */
export const GATE_STATES = ["not-met", "unknown", "unchecked"] as const satisfies readonly DutyState[];
export type GateState = (typeof GATE_STATES)[number];

/**
 * Parses a `--fail-on` value: a comma-separated list of not-met, unknown and
 * unchecked (repeatable; duplicates collapse). Throws with the offending word.
 */
export function parseFailOn(values: readonly string[]): GateState[] {
  const states = new Set<GateState>();
  for (const value of values) {
    for (const word of value.split(",").map((w) => w.trim())) {
      if (!(GATE_STATES as readonly string[]).includes(word)) {
        throw new Error(`--fail-on takes ${GATE_STATES.join(", ")} (comma-separated); got "${word}"`);
      }
      states.add(word as GateState);
    }
  }
  return GATE_STATES.filter((s) => states.has(s));
}

const FIELD: Record<GateState, keyof EvidenceCounts> = { "not-met": "notMet", unknown: "unknown", unchecked: "unchecked" };

/** The gated states that have duties in them, with their counts; empty when the gate passes. */
export function gateFailures(counts: EvidenceCounts, states: readonly GateState[]): { state: GateState; count: number }[] {
  return states.map((state) => ({ state, count: counts[FIELD[state]] })).filter((f) => f.count > 0);
}
