import type { FindingsSummary } from "../../types.js";

/** One line about imported findings, for a terminal: what was read and what could not be used. */
export function findingsLine(summary: FindingsSummary): string {
  const sum = (key: "findings" | "matched" | "unmatched" | "unmapped" | "stale" | "muted") => summary.sources.reduce((n, s) => n + s[key], 0);
  const parts = [
    `findings: ${sum("findings")} read from ${summary.sources.length} file(s)`,
    `${sum("matched")} matched a resource`,
    `${sum("unmatched")} unmatched (resource not in the inventory)`,
    `${sum("unmapped")} of unmapped checks (${summary.unmappedChecks.length} check ids)`,
    `${sum("stale")} stale`,
    `${sum("muted")} muted`,
    `${summary.disagreementTotal} disagreement(s) between sources`,
  ];
  return parts.join(", ");
}
