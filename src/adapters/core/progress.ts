/**
 * Progress reporting: a listener's exception must never stop an inventory,
 * and every event is a fresh object (listeners may keep them).
 */
import type { InventoryProgress } from "./types.js";

export class ProgressReporter<P extends InventoryProgress> {
  constructor(
    readonly state: P,
    readonly listener: (progress: P) => void,
  ) {}

  /** Sends the current state merged with `change` (which is applied, minus per-event fields listed in `transient`). */
  emit(change: Partial<P> = {}, transient: Partial<P> = {}): void {
    Object.assign(this.state, change);
    try {
      this.listener({ ...this.state, ...transient });
    } catch {
      // A progress listener's bug must not stop the inventory.
    }
  }
}
