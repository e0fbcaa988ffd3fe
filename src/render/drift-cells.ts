import type { Drift, DriftResource } from "../evidence/baseline.js";
import type { DutyState } from "../types.js";

/**
 * Drift (`report --baseline`) as cells of the per-resource tables (CSV, XLSX
 * Drift sheet): what each consumer of a row-per-resource-x-control table can
 * filter on. The columns appear only when the report has a baseline, so a
 * report without one keeps its column contract byte for byte.
 */

/** Columns added to the CRM CSV after the framework ids when there is a baseline. */
export const DRIFT_COLUMNS = ["change", "change_detail"] as const;

/**
 * Values of the `change` column: `added` (not in the baseline), `state-changed`
 * (this duty's state differs from the baseline's), `removed` (in the
 * baseline, gone now), `unknown` (in the baseline, absent now, in a scope that
 * failed this run: never "removed"); "" when nothing changed.
 */
export type ChangeKind = "added" | "state-changed" | "removed" | "unknown" | "";

/** Looks up a row's change: built once per document from the report's drift. */
export class DriftCells {
  readonly #added = new Set<string>();
  readonly #untagged = new Map<string, readonly string[]>();
  readonly #flipped = new Map<string, Map<string, { from: DutyState; to: DutyState }>>();

  constructor(readonly drift: Drift) {
    for (const r of drift.added) this.#added.add(r.uid);
    for (const u of drift.untagged) this.#untagged.set(u.uid, u.missing);
    for (const f of drift.flipped) {
      let byControl = this.#flipped.get(f.uid);
      if (!byControl) this.#flipped.set(f.uid, (byControl = new Map()));
      byControl.set(f.control, { from: f.from, to: f.to });
    }
  }

  /** [change, change_detail] of a resource x control row (control undefined: the resource's only row). */
  cells(uid: string, control: string | undefined): [ChangeKind, string] {
    if (this.#added.has(uid)) {
      const missing = this.#untagged.get(uid);
      return ["added", missing?.length ? `missing required tag: ${missing.join(", ")}` : ""];
    }
    const flip = control === undefined ? undefined : this.#flipped.get(uid)?.get(control);
    if (flip) return ["state-changed", `${flip.from} -> ${flip.to}`];
    return ["", ""];
  }

  /**
   * A resource's change as one object (OCSF events): added (with the required
   * tags it lacks), state-changed (with each duty's old and new state), or none.
   */
  resource(uid: string): { change: "added" | "state-changed" | "none"; missing_tags?: string[]; changed_duties?: { control: string; from: DutyState; to: DutyState }[] } {
    if (this.#added.has(uid)) {
      const missing = this.#untagged.get(uid);
      return { change: "added", ...(missing?.length ? { missing_tags: [...missing] } : {}) };
    }
    const flips = this.#flipped.get(uid);
    if (flips) return { change: "state-changed", changed_duties: [...flips].map(([control, f]) => ({ control, from: f.from, to: f.to })) };
    return { change: "none" };
  }

  /**
   * The resources of the baseline that are not in this report, as rows of
   * their own (placed after the report's rows): removed, or unknown with the
   * failed scope as the detail.
   */
  *gone(): Generator<{ resource: DriftResource; change: "removed" | "unknown"; detail: string }> {
    for (const resource of this.drift.removed) yield { resource, change: "removed", detail: "" };
    for (const r of this.drift.unknown) {
      const { reason, ...resource } = r;
      yield { resource, change: "unknown", detail: reason };
    }
  }
}
