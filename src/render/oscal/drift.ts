import type { Drift } from "../../evidence/baseline.js";
import { prop, type OscalProp } from "./props.js";
import { oscalString } from "./text.js";

/**
 * Drift since a baseline report (`report --baseline`) in OSCAL, shared by the
 * assessment results (the result's props and remarks) and the SSP (the
 * system characteristics' props and the authorization boundary's remarks):
 * counts as props in the cloud-srm namespace, the changes as remarks lines.
 */

/** How many changes of each kind the remarks list; the props count them all. */
const DRIFT_LISTED = 50;

/** The baseline's time and a count per kind of change. */
export function driftProps(d: Drift): OscalProp[] {
  return [
    prop("baseline", d.baseline),
    prop("drift-added", String(d.added.length)),
    prop("drift-removed", String(d.removed.length)),
    prop("drift-unknown", String(d.unknown.length)),
    prop("drift-flipped", String(d.flipped.length)),
    prop("drift-untagged", String(d.untagged.length)),
  ];
}

/** The changes since the baseline (user values collapsed to one line each), up to DRIFT_LISTED of each kind. */
export function driftLines(d: Drift): string[] {
  const lines = [`Changes since the baseline report of ${oscalString(d.baseline)}:`];
  const list = <T,>(label: string, items: readonly T[], text: (item: T) => string) => {
    lines.push(`${label}: ${items.length}`);
    for (const item of items.slice(0, DRIFT_LISTED)) lines.push(`- ${text(item)}`);
    if (items.length > DRIFT_LISTED) lines.push(`- ... and ${items.length - DRIFT_LISTED} more (see the cloud-srm report, --format json)`);
  };
  list("Added resources", d.added, (r) => oscalString(r.uid));
  list("Removed resources", d.removed, (r) => oscalString(r.uid));
  list("Unknown (missing in a scope that failed this run, not removed)", d.unknown, (r) => oscalString(r.uid));
  list("Duties that changed state", d.flipped, (f) => `${oscalString(f.uid)} ${f.control}: was ${f.from}, now ${f.to}`);
  list("New resources missing a required tag", d.untagged, (u) => `${oscalString(u.uid)}: ${u.missing.map(oscalString).join(", ")}`);
  return lines;
}
