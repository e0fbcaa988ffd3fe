import { html, revealControls } from "../escape.js";

/** Runs of non-space characters longer than this get break opportunities... */
const LONG_RUN = 200;
/** ...every this many characters. */
const CHUNK = 100;

/** A run longer than LONG_RUN, as a split separator (kept, by the capture group). */
const LONG_RUNS = new RegExp(`(\\S{${LONG_RUN + 1},})`);

/**
 * Text that neither escaping nor revealControls changes: the common case,
 * found by one test instead of seven replacements (a report writes millions of
 * short cells). Conservative: any C0 control takes the full path.
 */
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^&<>"'\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;

/**
 * Escapes a user-controlled string for an attribute value: markup
 * characters escaped, bidi overrides and control characters made visible (a
 * hostile name can neither add markup nor reorder what the auditor reads).
 */
export function attr(value: string): string {
  if (PLAIN.test(value)) return value;
  return html(revealControls(value));
}

/**
 * Escapes a user-controlled string for text content, like {@link attr}, and
 * puts a <wbr> every 100 characters into runs longer than 200: Chromium lays
 * out one 20 000-character word in a narrow cell in about 10 s (it searches
 * for emergency breaks line by line), with explicit break opportunities in
 * under one. <wbr> adds no text, so copying the value gives it back unchanged.
 * https://html.spec.whatwg.org/multipage/text-level-semantics.html#the-wbr-element
 */
export function esc(value: string): string {
  if (value.length <= LONG_RUN && PLAIN.test(value)) return value;
  const parts = revealControls(value).split(LONG_RUNS);
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return html(part);
      // Chunk by code point so a surrogate pair (an emoji) is never cut in half.
      const chars = Array.from(part);
      const chunks: string[] = [];
      for (let at = 0; at < chars.length; at += CHUNK) chunks.push(html(chars.slice(at, at + CHUNK).join("")));
      return chunks.join("<wbr>");
    })
    .join("");
}
