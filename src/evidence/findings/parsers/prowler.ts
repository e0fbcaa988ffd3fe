import { idKey } from "../keys.js";
import { at, isoTime, isRecord, recordsOf, str, type Finding, type FindingVerdict, type ParsedFindings } from "../finding.js";

const VERDICTS: Record<string, FindingVerdict> = { PASS: "pass", FAIL: "fail", MANUAL: "manual" };

/**
 * Prowler (v4+) JSON-OCSF output: a list of Detection Findings; the check id
 * is `metadata.event_code`, the result `status_code` (PASS / FAIL / MANUAL),
 * the resource `resources[].uid` (ARN, ARM id, GCP name). A muted finding
 * (`status` "Suppressed", or `unmapped.muted`) is kept and marked muted.
 * https://docs.prowler.com/projects/prowler-open-source/en/latest/tutorials/reporting/
 */
export function parseProwlerOcsf(input: unknown, file: string): ParsedFindings {
  const out: ParsedFindings = { findings: [], problems: [], skipped: 0 };
  const records = recordsOf(input, []);
  if (!records) return { ...out, problems: [{ file, position: "$", message: "not Prowler JSON-OCSF: expected a list of findings" }] };
  records.forEach((record, i) => {
    const position = `[${i}]`;
    if (!isRecord(record)) return void out.problems.push({ file, position, message: "not an object" });
    const check = str(at(record, "metadata.event_code"));
    const code = str(record.status_code)?.toUpperCase();
    const verdict = code ? VERDICTS[code] : undefined;
    if (!check || !verdict) return void out.problems.push({ file, position, message: "needs metadata.event_code and status_code PASS, FAIL or MANUAL" });
    const resources = Array.isArray(record.resources) ? record.resources.filter(isRecord) : [];
    const ids = resources.map((r) => str(r.uid)).filter((id): id is string => !!id);
    if (ids.length === 0) return void out.problems.push({ file, position, message: "finding has no resources[].uid" });
    const finding: Finding = { kind: "prowler", check, verdict, keys: ids.map(idKey), resource: ids[0]!, file, position };
    const title = str(at(record, "finding_info.title"));
    if (title) finding.title = title;
    const when = isoTime(record.time_dt) ?? isoTime(record.time);
    if (when) finding.observedAt = when;
    if (str(record.status)?.toLowerCase() === "suppressed" || at(record, "unmapped.muted") === true) finding.muted = true;
    out.findings.push(finding);
  });
  return out;
}

/**
 * Prowler CSV (v4+: semicolon-separated, one header row): CHECK_ID, STATUS
 * (PASS / FAIL / MANUAL), MUTED, RESOURCE_UID, CHECK_TITLE, TIMESTAMP.
 */
export function parseProwlerCsv(input: unknown, file: string): ParsedFindings {
  const out: ParsedFindings = { findings: [], problems: [], skipped: 0 };
  const rows = parseDelimited(String(input), ";");
  const header = (rows.shift() ?? []).map((h) => h.trim().toUpperCase());
  const col = (name: string) => header.indexOf(name);
  const [check, status, uid, muted, title, time] = ["CHECK_ID", "STATUS", "RESOURCE_UID", "MUTED", "CHECK_TITLE", "TIMESTAMP"].map(col);
  if (check! < 0 || status! < 0 || uid! < 0) {
    return { ...out, problems: [{ file, position: "line 1", message: "not Prowler CSV: the header needs CHECK_ID, STATUS and RESOURCE_UID (semicolon-separated)" }] };
  }
  rows.forEach((row, i) => {
    const position = `line ${i + 2}`;
    if (row.length === 1 && row[0] === "") return;
    const verdict = VERDICTS[(row[status!] ?? "").trim().toUpperCase()];
    const id = row[uid!]?.trim();
    const checkId = row[check!]?.trim();
    if (!verdict || !id || !checkId) return void out.problems.push({ file, position, message: "needs CHECK_ID, RESOURCE_UID and STATUS PASS, FAIL or MANUAL" });
    const finding: Finding = { kind: "prowler-csv", check: checkId, verdict, keys: [idKey(id)], resource: id, file, position };
    if (title! >= 0 && row[title!]) finding.title = row[title!]!;
    const when = time! >= 0 ? isoTime(row[time!]) : undefined;
    if (when) finding.observedAt = when;
    if (muted! >= 0 && /^true$/i.test(row[muted!]?.trim() ?? "")) finding.muted = true;
    out.findings.push(finding);
  });
  return out;
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
