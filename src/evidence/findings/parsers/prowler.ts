import { idKey } from "../keys.js";
import { at, collector, isoTime, isRecord, str, wholeDocument, type Finding, type FindingSink, type FindingVerdict, type ParsedFindings, type RecordFormat } from "../finding.js";

const VERDICTS: Record<string, FindingVerdict> = { PASS: "pass", FAIL: "fail", MANUAL: "manual" };

/**
 * Prowler (v4+) JSON-OCSF output: a list of Detection Findings; the check id
 * is `metadata.event_code`, the result `status_code` (PASS / FAIL / MANUAL),
 * the resource `resources[].uid` (ARN, ARM id, GCP name). A muted finding
 * (`status` "Suppressed", or `unmapped.muted`) is kept and marked muted.
 * https://docs.prowler.com/projects/prowler-open-source/en/latest/tutorials/reporting/
 */
export const prowlerOcsf: RecordFormat = {
  keys: [],
  position: (_, i) => `[${i}]`,
  notThisKind: "not Prowler JSON-OCSF: expected a list of findings",
  record(record, position, file, sink) {
    if (!isRecord(record)) return sink.problem({ file, position, message: "not an object" });
    const check = str(at(record, "metadata.event_code"));
    const code = str(record.status_code)?.toUpperCase();
    const verdict = code ? VERDICTS[code] : undefined;
    if (!check || !verdict) return sink.problem({ file, position, message: "needs metadata.event_code and status_code PASS, FAIL or MANUAL" });
    const resources = Array.isArray(record.resources) ? record.resources.filter(isRecord) : [];
    const ids = resources.map((r) => str(r.uid)).filter((id): id is string => !!id);
    if (ids.length === 0) return sink.problem({ file, position, message: "finding has no resources[].uid" });
    const finding: Finding = { kind: "prowler", check, verdict, keys: ids.map(idKey), resource: ids[0]!, file, position };
    const title = str(at(record, "finding_info.title"));
    if (title) finding.title = title;
    const when = isoTime(record.time_dt) ?? isoTime(record.time);
    if (when) finding.observedAt = when;
    if (str(record.status)?.toLowerCase() === "suppressed" || at(record, "unmapped.muted") === true) finding.muted = true;
    sink.finding(finding);
  },
};

export const parseProwlerOcsf = wholeDocument(prowlerOcsf);

/**
 * Prowler CSV (v4+: semicolon-separated, one header row): CHECK_ID, STATUS
 * (PASS / FAIL / MANUAL), MUTED, RESOURCE_UID, CHECK_TITLE, TIMESTAMP.
 */
export function parseProwlerCsv(input: unknown, file: string): ParsedFindings {
  const { parsed, sink } = collector();
  const rows = parseDelimited(String(input), ";");
  const columns = prowlerCsvColumns(rows.shift() ?? []);
  if (!columns) return { ...parsed, problems: [{ file, position: "line 1", message: PROWLER_CSV_HEADER }] };
  rows.forEach((row, i) => {
    if (row.length === 1 && row[0] === "") return;
    prowlerCsvRow(row, columns, `line ${i + 2}`, file, sink);
  });
  return parsed;
}

export const PROWLER_CSV_HEADER = "not Prowler CSV: the header needs CHECK_ID, STATUS and RESOURCE_UID (semicolon-separated)";

/** Where the columns the join reads are, from the header row; undefined when a required one is missing. */
export function prowlerCsvColumns(header: readonly string[]): Record<"check" | "status" | "uid" | "muted" | "title" | "time", number> | undefined {
  const names = header.map((h) => h.trim().toUpperCase());
  const [check, status, uid, muted, title, time] = ["CHECK_ID", "STATUS", "RESOURCE_UID", "MUTED", "CHECK_TITLE", "TIMESTAMP"].map((n) => names.indexOf(n)) as [number, number, number, number, number, number];
  return check < 0 || status < 0 || uid < 0 ? undefined : { check, status, uid, muted, title, time };
}

/** One data row of Prowler CSV. */
export function prowlerCsvRow(row: readonly string[], c: NonNullable<ReturnType<typeof prowlerCsvColumns>>, position: string, file: string, sink: FindingSink): void {
  const verdict = VERDICTS[(row[c.status] ?? "").trim().toUpperCase()];
  const id = row[c.uid]?.trim();
  const checkId = row[c.check]?.trim();
  if (!verdict || !id || !checkId) return sink.problem({ file, position, message: "needs CHECK_ID, RESOURCE_UID and STATUS PASS, FAIL or MANUAL" });
  const finding: Finding = { kind: "prowler-csv", check: checkId, verdict, keys: [idKey(id)], resource: id, file, position };
  if (c.title >= 0 && row[c.title]) finding.title = row[c.title]!;
  const when = c.time >= 0 ? isoTime(row[c.time]) : undefined;
  if (when) finding.observedAt = when;
  if (c.muted >= 0 && /^true$/i.test(row[c.muted]?.trim() ?? "")) finding.muted = true;
  sink.finding(finding);
}

/** RFC 4180-style rows with a chosen delimiter (quotes double to escape; newlines inside quotes kept). */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
