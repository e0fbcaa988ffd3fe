import { idKey } from "../keys.js";
import { at, isoTime, isRecord, str, wholeDocument, type Finding, type FindingVerdict, type RecordFormat } from "../finding.js";

/**
 * AWS Security Hub findings in ASFF (`aws securityhub get-findings`: `{ "Findings": [...] }`).
 * The control id is `Compliance.SecurityControlId` (consolidated control findings,
 * e.g. S3.1); older findings carry it in `ProductFields.ControlId` or at the end of
 * `GeneratorId`. `Compliance.Status`: PASSED, FAILED, WARNING, NOT_AVAILABLE.
 * Archived findings (`RecordState`) are skipped; suppressed ones (`Workflow.Status`) are marked muted.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Compliance.html
 * https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html
 */
export const securityHub: RecordFormat = {
  keys: ["Findings", "findings"],
  position: (_, i) => `Findings[${i}]`,
  notThisKind: 'not Security Hub ASFF: expected { "Findings": [...] } or a list of findings',
  record(record, position, file, sink) {
    if (!isRecord(record)) return sink.problem({ file, position, message: "not an object" });
    if (record.RecordState === "ARCHIVED") return sink.skip();
    const productFields = isRecord(record.ProductFields) ? record.ProductFields : {};
    const generatorTail = str(record.GeneratorId)?.split("/").pop();
    const check = str(at(record, "Compliance.SecurityControlId")) ?? str(productFields.ControlId) ?? str(productFields.RuleId) ?? generatorTail;
    const status = str(at(record, "Compliance.Status"));
    if (!check || !status) return sink.skip(); // not a control finding (GuardDuty, Inspector...)
    const resources = Array.isArray(record.Resources) ? record.Resources.filter(isRecord) : [];
    const ids = resources.map((r) => str(r.Id)).filter((id): id is string => !!id);
    if (ids.length === 0) return sink.problem({ file, position, message: "finding has no Resources[].Id" });
    const verdict: FindingVerdict = status === "PASSED" ? "pass" : status === "FAILED" ? "fail" : "manual";
    const finding: Finding = { kind: "securityhub", check, verdict, keys: ids.map(idKey), resource: ids[0]!, file, position };
    const title = str(record.Title);
    if (title) finding.title = title;
    const when = isoTime(record.UpdatedAt) ?? isoTime(record.LastObservedAt) ?? isoTime(record.CreatedAt);
    if (when) finding.observedAt = when;
    if (at(record, "Workflow.Status") === "SUPPRESSED") finding.muted = true;
    sink.finding(finding);
  },
};

export const parseSecurityHub = wholeDocument(securityHub);

const OCSF_STATUS: Record<string, FindingVerdict> = { pass: "pass", fail: "fail", warning: "manual", unknown: "manual" };

/**
 * Security Hub findings in their OCSF form (Compliance Finding, class 2003):
 * `compliance.control` holds the control id, `compliance.status` Pass / Fail /
 * Warning (or `compliance.status_id` 1 pass, 2 warning, 3 fail), `resources[].uid` the ARN.
 * https://schema.ocsf.io/1.1.0/classes/compliance_finding
 */
export const securityHubOcsf: RecordFormat = {
  keys: ["Findings", "findings"],
  position: (_, i) => `[${i}]`,
  notThisKind: "not OCSF findings: expected a list",
  record(record, position, file, sink) {
    if (!isRecord(record)) return sink.problem({ file, position, message: "not an object" });
    const check = str(at(record, "compliance.control"));
    const statusId = at(record, "compliance.status_id");
    const statusText = str(at(record, "compliance.status"))?.toLowerCase();
    const verdict = statusText ? OCSF_STATUS[statusText] : statusId === 1 ? "pass" : statusId === 3 ? "fail" : statusId === 2 ? "manual" : undefined;
    if (!check || !verdict) return sink.skip();
    const resources = Array.isArray(record.resources) ? record.resources.filter(isRecord) : [];
    const ids = resources.map((r) => str(r.uid)).filter((id): id is string => !!id);
    if (ids.length === 0) return sink.problem({ file, position, message: "finding has no resources[].uid" });
    const finding: Finding = { kind: "securityhub-ocsf", check, verdict, keys: ids.map(idKey), resource: ids[0]!, file, position };
    const title = str(at(record, "finding_info.title"));
    if (title) finding.title = title;
    const when = isoTime(at(record, "finding_info.modified_time_dt")) ?? isoTime(record.time_dt) ?? isoTime(record.time);
    if (when) finding.observedAt = when;
    if (str(record.status)?.toLowerCase() === "suppressed") finding.muted = true;
    sink.finding(finding);
  },
};

export const parseSecurityHubOcsf = wholeDocument(securityHubOcsf);
