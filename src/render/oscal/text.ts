import { httpUrl, markdownText } from "../escape.js";

/**
 * Escaping for OSCAL JSON. JSON.stringify handles the JSON layer; these handle
 * what OSCAL puts inside the strings:
 * - markup-line / markup-multiline fields (titles, descriptions, remarks) are
 *   CommonMark that OSCAL tools render, so user text is Markdown-escaped and
 *   HTML-neutralised (https://pages.nist.gov/metaschema/specification/datatypes/#markup-data-types);
 * - string fields (prop values, party names) must match ^\S(.*\S)?$: no leading or
 *   trailing whitespace and no line breaks
 *   (https://pages.nist.gov/metaschema/specification/datatypes/#string).
 */

/** A markup-line: one line of escaped Markdown, never empty. */
export function markupLine(value: string): string {
  return nonEmpty(markdownText(oneLine(value)));
}

/** A markup-multiline: escaped Markdown, line breaks kept. */
export function markupMultiline(value: string): string {
  const lines = value
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => markdownText(stripControls(line)).trimEnd());
  return nonEmpty(lines.join("\n").trim());
}

/** A string datatype value: control characters and whitespace runs become one space, trimmed. */
export function oscalString(value: string): string {
  return nonEmpty(oneLine(value));
}

/**
 * A link href for a citation, or undefined when the source is not an http(s)
 * URL (overlays may cite "MSA-2024-17 schedule B"; those go to remarks).
 * Only http(s): a javascript: or data: href in an auditor's viewer is an attack.
 */
export function citationHref(source: string): string | undefined {
  return httpUrl(source.trim());
}

function oneLine(value: string): string {
  return stripControls(value).replace(/\s+/gu, " ").trim();
}

function stripControls(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ");
}

function nonEmpty(value: string): string {
  return value === "" ? "(empty)" : value;
}
