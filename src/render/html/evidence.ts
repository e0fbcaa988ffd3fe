import type { DutyState, EvidenceResult } from "../../types.js";
import { esc } from "./text.js";

export { countsText } from "../../evidence/state.js";

const STATUS_LABELS: Record<DutyState, string> = { met: "Met", "not-met": "NOT MET", unknown: "Unknown (no data)", unchecked: "Unchecked (nothing covers it)" };

/** An evidence status as text plus class: the word carries the meaning, colour and underline only reinforce it. */
export function statusLabel(status: DutyState): string {
  const label = Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status] : undefined;
  return label ? `<span class="status status-${status}">${label}</span>` : `<span class="status">${esc(String(status))}</span>`;
}

/** One evidence result: status, control, check and finding. */
export function evidenceItem(result: EvidenceResult): string {
  const detail = result.detail ? `: <span class="bidi">${esc(result.detail)}</span>` : "";
  return `${statusLabel(result.status)} <code>${esc(result.control)}</code> <span class="bidi">${esc(result.title)}</span>${detail}`;
}
