import { idKey } from "../keys.js";
import { isoTime, isRecord, str, wholeDocument, type Finding, type RecordFormat } from "../finding.js";

/**
 * Google Security Command Center findings (`gcloud scc findings list ... --format=json`:
 * a list of `{ finding, resource }`, or bare findings): `category` is the
 * detector's id (PUBLIC_BUCKET_ACL, OPEN_SSH_PORT...), `resourceName` the full
 * resource name, `state` ACTIVE or INACTIVE. SCC reports failures only, so an
 * ACTIVE finding is a fail and there is no pass: a resource without a finding
 * stays unchecked, never met. INACTIVE findings are skipped.
 * https://cloud.google.com/security-command-center/docs/reference/rest/v1/organizations.sources.findings
 */
export const scc: RecordFormat = {
  keys: ["listFindingsResults", "findings"],
  position: (_, i) => `[${i}]`,
  notThisKind: "not Security Command Center findings: expected a list",
  record(record, position, file, sink) {
    const f = isRecord(record) && isRecord(record.finding) ? record.finding : record;
    if (!isRecord(f)) return sink.problem({ file, position, message: "not an object" });
    const category = str(f.category);
    const resource = str(f.resourceName);
    const state = str(f.state);
    if (!category || !resource || !state) return sink.problem({ file, position, message: "needs category, resourceName and state" });
    if (state !== "ACTIVE") return sink.skip();
    const finding: Finding = { kind: "scc", check: category, verdict: "fail", keys: [idKey(resource)], resource, file, position };
    const when = isoTime(f.eventTime) ?? isoTime(f.createTime);
    if (when) finding.observedAt = when;
    if (f.mute === "MUTED") finding.muted = true;
    sink.finding(finding);
  },
};

export const parseScc = wholeDocument(scc);
