import { neutraliseFormula } from "../escape.js";

/** Excel's limit on the characters in one cell. https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3 */
export const MAX_CELL_CHARS = 32767;
const TRUNCATED = " [truncated]";

// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/**
 * Text and attribute values for XML 1.0: characters XML cannot carry at all
 * (C0 controls other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF)
 * are removed, markup characters escaped.
 * XML 1.0 §2.2 Char: https://www.w3.org/TR/xml/#charsets
 */
export function xmlText(value: string): string {
  if (!NEEDS_WORK.test(value)) return value; // the common case, checked once
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // A literal CR would be normalised to LF by every XML parser (§2.11).
      .replace(/\r/g, "&#13;")
  );
}

/**
 * A string cell's text in SpreadsheetML: formula-neutralised like CSV (so the
 * value stays inert if someone re-saves the sheet as CSV), cut to Excel's cell
 * limit, and with literal "_xHHHH_" sequences escaped, because Excel reads
 * them as escaped characters (ECMA-376 Part 1, §22.9.2.19 ST_Xstring).
 */
export function cellText(value: string): string {
  let text = neutraliseFormula(value);
  if (text.length > MAX_CELL_CHARS) {
    let cut = MAX_CELL_CHARS - TRUNCATED.length;
    // Do not split a surrogate pair.
    if (/[\ud800-\udbff]/.test(text[cut - 1]!)) cut--;
    text = text.slice(0, cut) + TRUNCATED;
  }
  return xmlText(text.includes("_x") ? text.replace(/_(x[0-9a-fA-F]{4}_)/g, "_x005F_$1") : text);
}

/** Column letters for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * A valid, unique worksheet name: at most 31 characters, none of \ / ? * [ ] :
 * and not starting or ending with an apostrophe (Excel refuses the file otherwise).
 */
export function sheetName(wanted: string, taken: ReadonlySet<string>): string {
  const base = wanted.replace(/[\\/?*[\]:]/g, " ").replace(/^'+|'+$/g, "").trim().slice(0, 31) || "Sheet";
  let name = base;
  for (let i = 2; [...taken].some((t) => t.toLowerCase() === name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return name;
}
