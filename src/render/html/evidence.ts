import type { EvidenceCounts, EvidenceResult } from "../../types.js";
import { esc } from "./text.js";

const STATUS_LABELS: Record<EvidenceResult["status"], string> = { met: "Met", "not-met": "NOT MET", unknown: "Unknown (no data)" };

/** An evidence status as text plus class: the word carries the meaning, colour and underline only reinforce it. */
export function statusLabel(status: EvidenceResult["status"]): string {
  const label = Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status] : undefined;
  return label ? `<span class="status status-${status}">${label}</span>` : `<span class="status">${esc(String(status))}</span>`;
}

/** One evidence result: status, control, check and finding. */
export function evidenceItem(result: EvidenceResult): string {
  const detail = result.detail ? `: <span class="bidi">${esc(result.detail)}</span>` : "";
  return `${statusLabel(result.status)} <code>${esc(result.control)}</code> <span class="bidi">${esc(result.title)}</span>${detail}`;
}

/** "2 not met, 5 met, 1 unknown" (not met first: it is what needs action). */
export function countsText(counts: EvidenceCounts): string {
  return `${counts.notMet} not met, ${counts.met} met, ${counts.unknown} unknown`;
}
