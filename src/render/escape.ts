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
