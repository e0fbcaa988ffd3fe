import { cellText, columnName, sheetName, xmlText } from "./xml-text.js";
import { zip, type ZipEntry } from "./zip.js";

/** A cell: text, a number, or empty. */
export type CellValue = string | number | null | undefined;

/** One worksheet: a header row and data rows. */
export interface SheetSpec {
  name: string;
  headers: readonly string[];
  rows: readonly (readonly CellValue[])[];
}

export interface WorkbookMeta {
  /** Written to docProps/core.xml as created and modified. */
  now: Date;
  title?: string;
}

// Excel's sheet size: 1,048,576 rows. https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3
const MAX_ROWS = 1_048_576;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Widths come from the header and the first rows: enough to size a column, cheap on a million rows. */
const WIDTH_SAMPLE = 2000;

// Style ids into cellXfs below.
const STYLE_HEADER = 1;
const STYLE_TEXT = 2;
const STYLE_NUMBER = 3;

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A minimal Office Open XML workbook (ECMA-376 SpreadsheetML): a shared-strings table,
 * a bold filled header row that stays frozen, an autofilter on every sheet,
 * column widths from the content. Cells are never formulas: strings are
 * shared-string cells (t="s"), and formula-looking text is neutralised anyway.
 * Same sheets and same `now`, same bytes.
 */
export function workbookXlsx(sheets: readonly SheetSpec[], meta: WorkbookMeta): Uint8Array {
  if (sheets.length === 0) throw new RangeError("a workbook needs at least one sheet");
  const taken = new Set<string>();
  const names = sheets.map((s) => {
    const name = sheetName(s.name, taken);
    taken.add(name);
    return name;
  });
  const strings = new SharedStrings();
  const worksheets = sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: worksheetXml(sheet, strings) }));
  const entries: ZipEntry[] = [
    text("[Content_Types].xml", contentTypes(sheets.length)),
    text("_rels/.rels", rootRels()),
    text("docProps/app.xml", appXml()),
    text("docProps/core.xml", coreXml(meta)),
    text("xl/workbook.xml", workbookXml(sheets, names)),
    text("xl/_rels/workbook.xml.rels", workbookRels(sheets.length)),
    text("xl/styles.xml", STYLES),
    { name: "xl/sharedStrings.xml", data: strings.xml() },
    ...worksheets,
  ];
  return zip(entries);
}

/**
 * The shared-strings table (ECMA-376 §18.4): a report repeats the same duty
 * text on every resource row, so each distinct string is stored once and
 * cells refer to it by index (first-seen order: deterministic).
 */
class SharedStrings {
  readonly #index = new Map<string, number>();
  // Raw cell value -> index. Report rows repeat the same duty-text string
  // objects hundreds of thousands of times; escaping each once is what keeps
  // a 10,000-resource workbook within seconds.
  readonly #raw = new Map<string, number>();
  #count = 0;
  /** The index of a raw cell value (escaped on first sight). */
  addRaw(value: string): number {
    const known = this.#raw.get(value);
    if (known !== undefined) {
      this.#count++;
      return known;
    }
    const index = this.add(cellText(value));
    this.#raw.set(value, index);
    return index;
  }
  /** The index of an already escaped cell text. */
  add(escaped: string): number {
    this.#count++;
    let i = this.#index.get(escaped);
    if (i === undefined) {
      i = this.#index.size;
      this.#index.set(escaped, i);
    }
    return i;
  }
  xml(): Uint8Array {
    const parts = [`${XML_DECL}<sst xmlns="${MAIN_NS}" count="${this.#count}" uniqueCount="${this.#index.size}">`];
    for (const escaped of this.#index.keys()) parts.push(`<si><t xml:space="preserve">${escaped}</t></si>`);
    parts.push("</sst>");
    return Buffer.from(parts.join(""), "utf8");
  }
}

function text(name: string, xml: string): ZipEntry {
  return { name, data: Buffer.from(xml, "utf8") };
}

/** Rows beyond Excel's limit are dropped with a visible note in the last row. */
function fitRows(sheet: SheetSpec): readonly (readonly CellValue[])[] {
  const room = MAX_ROWS - 1;
  if (sheet.rows.length <= room) return sheet.rows;
  const dropped = sheet.rows.length - (room - 1);
  return [...sheet.rows.slice(0, room - 1), [`${dropped} more rows omitted: Excel holds ${MAX_ROWS} rows per sheet. Use the CSV export for everything.`]];
}

function widths(headers: readonly string[], rows: readonly (readonly CellValue[])[]): number[] {
  return headers.map((header, c) => {
    let width = header.length + 4; // room for the filter button
    for (const row of rows.slice(0, WIDTH_SAMPLE)) {
      const value = row[c];
      if (value === null || value === undefined) continue;
      const longestLine = String(value)
        .split("\n")
        .reduce((n, line) => Math.max(n, line.length), 0);
      width = Math.max(width, longestLine + 2);
      if (width >= MAX_WIDTH) break;
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width));
  });
}

function worksheetXml(sheet: SheetSpec, strings: SharedStrings): Uint8Array {
  const rows = fitRows(sheet);
  const columns = Math.max(1, sheet.headers.length);
  const last = `${columnName(columns - 1)}${rows.length + 1}`;
  const chunks: Buffer[] = [];
  let pending = "";
  const write = (s: string) => {
    pending += s;
    if (pending.length > 1 << 20) {
      chunks.push(Buffer.from(pending, "utf8"));
      pending = "";
    }
  };
  write(`${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`);
  write(`<dimension ref="A1:${last}"/>`);
  // Frozen header row: ECMA-376 §18.3.1.66 pane, state="frozen".
  write(
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
  );
  write("<cols>");
  widths(sheet.headers, rows).forEach((w, i) => write(`<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`));
  write("</cols><sheetData>");
  write(rowXml(1, sheet.headers, STYLE_HEADER, strings));
  rows.forEach((row, i) => write(rowXml(i + 2, row, STYLE_TEXT, strings)));
  write(`</sheetData><autoFilter ref="A1:${last}"/>`);
  write('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
  chunks.push(Buffer.from(pending, "utf8"));
  return Buffer.concat(chunks);
}

const COLUMN_NAMES: string[] = [];
function column(c: number): string {
  return (COLUMN_NAMES[c] ??= columnName(c));
}

function rowXml(r: number, cells: readonly CellValue[], textStyle: number, strings: SharedStrings): string {
  let xml = `<row r="${r}">`;
  for (let c = 0; c < cells.length; c++) {
    const value = cells[c];
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "number" && Number.isFinite(value)) xml += `<c r="${column(c)}${r}" s="${STYLE_NUMBER}"><v>${value}</v></c>`;
    else xml += `<c r="${column(c)}${r}" s="${textStyle}" t="s"><v>${strings.addRaw(String(value))}</v></c>`;
  }
  return `${xml}</row>`;
}

function contentTypes(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join("");
  return (
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    `${sheets}</Types>`
  );
}

function rootRels(): string {
  return (
    `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
    "</Relationships>"
  );
}

function appXml(): string {
  return `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>cloud-srm</Application></Properties>`;
}

function coreXml(meta: WorkbookMeta): string {
  const when = meta.now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    (meta.title ? `<dc:title>${xmlText(meta.title)}</dc:title>` : "") +
    "<dc:creator>cloud-srm</dc:creator>" +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

function workbookXml(sheets: readonly SheetSpec[], names: readonly string[]): string {
  const list = names.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  // Excel records every autofilter range as the hidden name _xlnm._FilterDatabase (ECMA-376 §18.2.6).
  const filters = sheets
    .map((sheet, i) => {
      const last = `$${columnName(Math.max(1, sheet.headers.length) - 1)}$${fitRows(sheet).length + 1}`;
      return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(names[i]!.replace(/'/g, "''"))}'!$A$1:${last}</definedName>`;
    })
    .join("");
  return (
    `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${list}</sheets><definedNames>${filters}</definedNames></workbook>`
  );
}

function workbookRels(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join("");
  return (
    `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${sheets}` +
    `<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${sheetCount + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
  );
}

// cellXfs: 0 default, 1 header (bold, filled, wrapped), 2 text body (Text
// number format "@" so an edited cell stays text, wrapped, top-aligned),
// 3 number body.
const STYLES =
  `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>' +
  "</cellXfs>" +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";
