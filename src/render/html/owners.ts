import type { Owner } from "../../types.js";
import { esc } from "./text.js";

/** Every owner, in the order a legend lists them. */
export const OWNER_ORDER: readonly Owner[] = ["provider", "customer", "shared", "third-party", "not-applicable"];

/**
 * How each owner is marked: a label, a glyph and (in styles.ts) a border
 * style, so the mark survives grayscale printing and colour blindness.
 */
export const OWNER_MARKS: Record<Owner, { label: string; glyph: string; meaning: string }> = {
  provider: { label: "Provider", glyph: "\u25a0", meaning: "The cloud provider carries the duty; keep its attestation as evidence." },
  customer: { label: "Customer", glyph: "\u25b2", meaning: "You carry the duty: configure, operate and evidence it." },
  shared: { label: "Shared", glyph: "\u25d0", meaning: "Both sides do named work; the row says what each does." },
  "third-party": { label: "Third party", glyph: "\u25c6", meaning: "A named third party (e.g. your MSP) carries the duty, set by an overlay." },
  "not-applicable": { label: "Not applicable", glyph: "\u2013", meaning: "The control cannot apply to this service." },
};

/** An owner badge: glyph + text label + owner class (border style and colour). */
export function ownerBadge(owner: Owner, party?: string): string {
  const who = party ? ` <span class="party bidi">(${esc(party)})</span>` : "";
  // A report read back from JSON is not re-validated: an unknown owner is shown as text, never trusted as a class name.
  const mark = Object.hasOwn(OWNER_MARKS, owner) ? OWNER_MARKS[owner] : undefined;
  if (!mark) return `<span class="owner">${esc(String(owner))}${who}</span>`;
  return `<span class="owner owner-${owner}"><span class="glyph" aria-hidden="true">${mark.glyph}</span>${mark.label}${who}</span>`;
}

/** The class that marks a table row with its owner's border style. */
export function ownerRowClass(owner: Owner): string {
  return Object.hasOwn(OWNER_MARKS, owner) ? `row-${owner}` : "row-unknown";
}

/** The owner legend: each badge with what it means. */
export function ownerLegend(): string {
  const items = OWNER_ORDER.map((owner) => `<dt>${ownerBadge(owner)}</dt><dd>${esc(OWNER_MARKS[owner].meaning)}</dd>`).join("\n");
  return `<dl class="legend" aria-label="Owner legend">\n${items}\n</dl>`;
}
