/**
 * Escaping for every output format. Every user-controlled string (overlay
 * text, tag values, resource names) passes through one of these before it
 * reaches a document.
 */

/** A Markdown table cell: pipes escaped, newlines turned into <br>, HTML-significant characters neutralised. */
export function markdownCell(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r\n|\r|\n/g, "<br>")
    .replace(/`/g, "\\`");
}

/** Markdown inline text outside tables (headings, paragraphs). */
export function markdownText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([*_`[\]#|])/g, "\\$1")
    .replace(/\r\n|\r|\n/g, " ");
}

/** HTML text and attribute values. */
export function html(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A spreadsheet cell value: a leading = + - @ tab or CR would make Excel or
 * Sheets evaluate it as a formula (CSV injection), so it gets a leading quote.
 * OWASP "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 CSV field, formula-neutralised. */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record terminated by CRLF, as RFC 4180 asks. */
export function csvRow(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * The href for a link, or undefined when the value is not an absolute http(s)
 * URL. Catalog and overlay sources are free text: a `javascript:` or `data:`
 * "source" must never become a clickable link, so anything else stays text.
 * The WHATWG parser strips tabs and newlines ("java\nscript:"), so the scheme
 * is checked on the parsed URL, not on the raw string.
 * https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks
 */
export function httpUrl(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
}

/**
 * Makes bidirectional embedding, override and isolate controls visible as
 * "[U+202E]". In a name or tag value they reorder how text is displayed
 * ("Trojan Source", CVE-2021-42574: https://trojansource.codes/), so a
 * document meant as evidence shows them instead of obeying them. Other C0/C1
 * control characters (except tab and newlines) become U+FFFD.
 */
export function revealControls(value: string): string {
  return (
    value
      .replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "\ufffd")
  );
}
