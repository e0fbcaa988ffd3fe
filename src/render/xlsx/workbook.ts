import { cellText, columnName, sheetName, xmlText } from "./xml-text.js";
import { ZipWriter } from "./zip.js";

/** A cell: text, a number, or empty. */
export type CellValue = string | number | null | undefined;

type Row = readonly CellValue[];
type Rows = readonly Row[] | Iterable<Row> | AsyncIterable<Row>;

/** One worksheet: a header row and data rows. */
export interface SheetSpec {
  name: string;
  headers: readonly string[];
  /**
   * The data rows: an array, or rows produced as the sheet is written (then
   * `rowCount` says how many). With `batched`, each item is a batch of rows
   * (a resource's rows), which saves an asynchronous step per row.
   */
  rows: Rows | AsyncIterable<readonly Row[]>;
  batched?: boolean;
  /**
   * How many rows `rows` yields, when it is not an array: the dimension, the
   * filter ranges and the continuation sheets are written before the rows.
   */
  rowCount?: number;
  /**
   * Columns whose text is unique to the row (resource uids and names): written
   * inline. Every other string goes to the bounded shared-strings table.
   */
  inlineColumns?: readonly number[];
}

export interface WorkbookMeta {
  /** Written to docProps/core.xml as created and modified. */
  now: Date;
  title?: string;
  /** Rows per sheet, header included (Excel's 1,048,576 unless a test wants a small one). */
  maxRows?: number;
  /** Distinct strings the shared-strings table holds at most (MAX_SHARED unless a test wants a small one). */
  maxSharedStrings?: number;
}

// Excel's sheet size: 1,048,576 rows. https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3
export const MAX_ROWS = 1_048_576;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Widths come from the header and the first rows: enough to size a column, cheap on a million rows. */
const WIDTH_SAMPLE = 2000;
/** Characters of sheet XML per piece handed to the deflater. */
const PIECE = 1 << 18;
/** Distinct strings the shared-strings table holds at most; later new strings are written inline. */
const MAX_SHARED = 1 << 18;

// Style ids into cellXfs below.
const STYLE_HEADER = 1;
const STYLE_TEXT = 2;
const STYLE_NUMBER = 3;

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** One worksheet of the file: a sheet, or a continuation of one past Excel's row limit. */
interface Part {
  sheet: number;
  name: string;
  /** Data rows on this worksheet. */
  rows: number;
}

/** A sheet's row count, from its array or its declared count. */
function rowCountOf(sheet: SheetSpec): number {
  if (Array.isArray(sheet.rows)) return sheet.rows.length;
  if (sheet.rowCount === undefined) throw new RangeError(`sheet ${sheet.name}: rows that are not an array need a rowCount`);
  return sheet.rowCount;
}

/**
 * Worksheets for the sheets: a sheet with more data rows than fit under
 * Excel's limit continues on "Name (2)", "Name (3)"... (each with the header
 * row), never dropping a row. Each continuation is stated on the first sheet
 * (when its rows are an array, as a Summary's are).
 */
function plan(sheets: readonly SheetSpec[], maxRows: number): { sheets: SheetSpec[]; parts: Part[] } {
  const room = maxRows - 1;
  if (room < 1) throw new RangeError("a sheet must hold a header and at least one row");
  const taken = new Set<string>();
  const take = (wanted: string) => {
    const name = sheetName(wanted, taken);
    taken.add(name.toLowerCase());
    return name;
  };
  // Every sheet's own name first, in order, so continuations never displace one.
  const firsts = sheets.map((sheet) => take(sheet.name));
  const out = [...sheets];
  const counts = out.map(rowCountOf);
  const partsOf = (count: number) => Math.max(1, Math.ceil(count / room));
  const continued = (i: number) => Array.from({ length: partsOf(counts[i]!) - 1 }, (_, k) => take(`${firsts[i]!.slice(0, 31 - ` (${k + 2})`.length)} (${k + 2})`));
  const note = (i: number, more: readonly string[]): CellValue[] => [
    `Sheet ${firsts[i]} continues`,
    `${counts[i]} rows, ${room} per sheet (Excel holds ${maxRows} rows per sheet, header included): continued on ${more.map((n) => `'${n}'`).join(", ")}.`,
  ];
  const names: string[][] = out.map((_, i) => (i === 0 ? [] : [firsts[i]!, ...continued(i)]));
  const notes = names.flatMap((list, i) => (list.length > 1 ? [note(i, list.slice(1))] : []));
  const first = out[0]!;
  if (Array.isArray(first.rows)) {
    // The notes go on the first sheet (the Summary); if that makes it continue too, it says so as well.
    const rows = [...(first.rows as readonly (readonly CellValue[])[]), ...notes];
    counts[0] = rows.length;
    if (partsOf(counts[0]) > 1) {
      counts[0]++;
      const more = continued(0);
      rows.push(note(0, more));
      names[0] = [firsts[0]!, ...more];
    } else names[0] = [firsts[0]!];
    out[0] = { ...first, rows };
  } else names[0] = [firsts[0]!, ...continued(0)];
  const parts: Part[] = [];
  names.forEach((list, i) => list.forEach((name, k) => parts.push({ sheet: i, name, rows: Math.max(0, Math.min(room, counts[i]! - k * room)) })));
  return { sheets: out, parts };
}

/**
 * A minimal Office Open XML workbook (ECMA-376 SpreadsheetML) written as it
 * goes: a bold filled header row that stays frozen, an autofilter on every
 * sheet, column widths from the first rows. Strings that repeat are shared
 * (a bounded table written after the sheets); strings unique to a row, and
 * any once the table is full, are inline (t="inlineStr"), so no table holds
 * every resource uid until the end. Cells are never formulas, and formula-looking
 * text is neutralised anyway. Same sheets and same `now`, same bytes.
 */
export async function* workbookXlsxChunks(sheets: readonly SheetSpec[], meta: WorkbookMeta): AsyncGenerator<Uint8Array> {
  if (sheets.length === 0) throw new RangeError("a workbook needs at least one sheet");
  const planned = plan(sheets, meta.maxRows ?? MAX_ROWS);
  const { parts } = planned;
  const zip = new ZipWriter();
  const fixed: [string, string][] = [
    ["[Content_Types].xml", contentTypes(parts.length)],
    ["_rels/.rels", rootRels()],
    ["docProps/app.xml", appXml()],
    ["docProps/core.xml", coreXml(meta)],
    ["xl/workbook.xml", workbookXml(planned.sheets, parts)],
    ["xl/_rels/workbook.xml.rels", workbookRels(parts.length)],
    ["xl/styles.xml", STYLES],
  ];
  for (const [name, xml] of fixed) yield* zip.entry(name, Buffer.from(xml, "utf8"));
  const strings = new SharedStrings(meta.maxSharedStrings ?? MAX_SHARED);
  let n = 0;
  for (const [index, sheet] of planned.sheets.entries()) {
    const queue = new RowQueue(sheet);
    // Widths from the first rows, held until the first worksheet's columns are written.
    const columnWidths = widths(sheet.headers, await queue.peek(WIDTH_SAMPLE));
    for (const part of parts.filter((p) => p.sheet === index)) {
      n++;
      const entry = zip.open(`xl/worksheets/sheet${n}.xml`);
      yield entry.header;
      for await (const piece of worksheetXml(sheet, part, columnWidths, queue, strings)) yield entry.write(piece);
      yield entry.end();
    }
    if (!(await queue.done())) throw new Error(`sheet ${sheet.name}: more rows than the ${rowCountOf(sheet)} declared`);
  }
  // The table is complete only now: it goes after the sheets (ZIP entries may come in any order).
  const entry = zip.open("xl/sharedStrings.xml");
  yield entry.header;
  for (const piece of strings.xml()) yield entry.write(piece);
  yield entry.end();
  yield* zip.end();
}

/** The whole workbook as one array (matrices and tests; reports use the chunks). */
export async function workbookXlsx(sheets: readonly SheetSpec[], meta: WorkbookMeta): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of workbookXlsxChunks(sheets, meta)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A sheet's rows, taken in order by its worksheets: rows come in batches (a
 * whole array, a resource's rows, or one row of an iterable), so writing a
 * row needs no asynchronous step of its own.
 */
class RowQueue {
  #batch: readonly Row[] = [];
  #at = 0;
  readonly #source: AsyncIterator<readonly Row[]>;

  constructor(sheet: SheetSpec) {
    this.#source = batches(sheet)[Symbol.asyncIterator]();
  }

  /** Rows ready without waiting (the rest of the current batch). */
  get ready(): number {
    return this.#batch.length - this.#at;
  }

  /** The next row of the current batch (call only when `ready`). */
  take(): Row {
    return this.#batch[this.#at++]!;
  }

  /** Waits for the next batch; false when there are no more rows. */
  async fill(): Promise<boolean> {
    while (this.ready === 0) {
      const next = await this.#source.next();
      if (next.done) return false;
      this.#batch = next.value;
      this.#at = 0;
    }
    return true;
  }

  /** Up to `count` next rows, read ahead without taking them. */
  async peek(count: number): Promise<Row[]> {
    const rows: Row[] = [];
    const held: Row[][] = [];
    while (rows.length < count && (await this.fill())) {
      const batch = this.#batch.slice(this.#at);
      held.push(batch);
      rows.push(...batch.slice(0, count - rows.length));
      this.#at = this.#batch.length;
    }
    // Put them back as one batch in front of what is left.
    this.#batch = held.flat();
    this.#at = 0;
    return rows;
  }

  async done(): Promise<boolean> {
    return !(await this.fill());
  }
}

async function* batches(sheet: SheetSpec): AsyncGenerator<readonly Row[]> {
  if (Array.isArray(sheet.rows)) {
    yield sheet.rows as readonly Row[];
    return;
  }
  if (sheet.batched) {
    yield* sheet.rows as AsyncIterable<readonly Row[]>;
    return;
  }
  for await (const row of sheet.rows as Iterable<Row> | AsyncIterable<Row>) yield [row];
}

function widths(headers: readonly string[], rows: readonly (readonly CellValue[])[]): number[] {
  return headers.map((header, c) => {
    let width = header.length + 4; // room for the filter button
    for (const row of rows) {
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

/** One worksheet's XML in pieces of about PIECE characters; takes its `part.rows` rows from the queue. */
async function* worksheetXml(
  sheet: SheetSpec,
  part: Part,
  columnWidths: readonly number[],
  queue: RowQueue,
  strings: SharedStrings,
): AsyncGenerator<Uint8Array> {
  const columns = Math.max(1, sheet.headers.length);
  const last = `${columnName(columns - 1)}${part.rows + 1}`;
  const cells = new CellTexts();
  const inline = new Set(sheet.inlineColumns ?? []);
  let pending = "";
  pending += `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;
  pending += `<dimension ref="A1:${last}"/>`;
  // Frozen header row: ECMA-376 §18.3.1.66 pane, state="frozen".
  pending +=
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';
  pending += "<cols>";
  columnWidths.forEach((w, i) => (pending += `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`));
  pending += "</cols><sheetData>";
  pending += rowXml(1, sheet.headers, STYLE_HEADER, cells, strings, inline);
  for (let r = 0; r < part.rows; ) {
    if (queue.ready === 0 && !(await queue.fill())) throw new Error(`sheet ${sheet.name}: fewer rows than the ${rowCountOf(sheet)} declared`);
    for (let ready = Math.min(queue.ready, part.rows - r); ready > 0; ready--, r++) {
      pending += rowXml(r + 2, queue.take(), STYLE_TEXT, cells, strings, inline);
      if (pending.length >= PIECE) {
        yield Buffer.from(pending, "utf8");
        pending = "";
      }
    }
  }
  pending += `</sheetData><autoFilter ref="A1:${last}"/>`;
  pending += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
  yield Buffer.from(pending, "utf8");
}

/**
 * Escaped cell texts, remembered while few: report rows repeat the same
 * titles, owners and states on every resource, and escaping each once keeps a
 * large workbook within seconds. Bounded, so distinct values (uids) cost no memory.
 */
class CellTexts {
  #known = new Map<string, string>();
  get(value: string): string {
    let text = this.#known.get(value);
    if (text === undefined) {
      text = cellText(value);
      if (this.#known.size >= 50_000) this.#known = new Map();
      this.#known.set(value, text);
    }
    return text;
  }
}

/**
 * The shared-strings table (ECMA-376 §18.4), bounded: a report repeats the
 * same duty titles, states and types on every resource row, so each distinct
 * string is stored once and cells refer to it by index (first-seen order:
 * deterministic), which keeps the sheet XML (and the time to deflate it) about
 * a third of inline text. Once the table holds MAX_SHARED strings, new ones
 * are written inline; strings unique to a row never enter it (inlineColumns).
 */
class SharedStrings {
  readonly #index = new Map<string, number>();
  #count = 0;
  constructor(readonly max: number) {}
  /** The index of a raw cell value, or undefined when the table is full and the value is new. */
  index(value: string): number | undefined {
    let i = this.#index.get(value);
    if (i === undefined) {
      if (this.#index.size >= this.max) return undefined;
      i = this.#index.size;
      this.#index.set(value, i);
    }
    this.#count++;
    return i;
  }
  *xml(): Generator<Uint8Array> {
    let pending = `${XML_DECL}<sst xmlns="${MAIN_NS}" count="${this.#count}" uniqueCount="${this.#index.size}">`;
    for (const value of this.#index.keys()) {
      pending += `<si><t xml:space="preserve">${cellText(value)}</t></si>`;
      if (pending.length >= PIECE) {
        yield Buffer.from(pending, "utf8");
        pending = "";
      }
    }
    yield Buffer.from(`${pending}</sst>`, "utf8");
  }
}

const COLUMN_NAMES: string[] = [];
function column(c: number): string {
  return (COLUMN_NAMES[c] ??= columnName(c));
}

function rowXml(r: number, cells: readonly CellValue[], textStyle: number, texts: CellTexts, strings: SharedStrings, inline: ReadonlySet<number>): string {
  let xml = `<row r="${r}">`;
  for (let c = 0; c < cells.length; c++) {
    const value = cells[c];
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "number" && Number.isFinite(value)) {
      xml += `<c r="${column(c)}${r}" s="${STYLE_NUMBER}"><v>${value}</v></c>`;
      continue;
    }
    const text = String(value);
    const shared = inline.has(c) ? undefined : strings.index(text);
    if (shared !== undefined) xml += `<c r="${column(c)}${r}" s="${textStyle}" t="s"><v>${shared}</v></c>`;
    else xml += `<c r="${column(c)}${r}" s="${textStyle}" t="inlineStr"><is><t xml:space="preserve">${texts.get(text)}</t></is></c>`;
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

function workbookXml(sheets: readonly SheetSpec[], parts: readonly Part[]): string {
  const list = parts.map((part, i) => `<sheet name="${xmlText(part.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  // Excel records every autofilter range as the hidden name _xlnm._FilterDatabase (ECMA-376 §18.2.6).
  const filters = parts
    .map((part, i) => {
      const last = `$${columnName(Math.max(1, sheets[part.sheet]!.headers.length) - 1)}$${part.rows + 1}`;
      return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlText(part.name.replace(/'/g, "''"))}'!$A$1:${last}</definedName>`;
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
