import { idKey } from "../keys.js";
import { at, isoTime, isRecord, str, wholeDocument, type Finding, type FindingVerdict, type RecordFormat } from "../finding.js";

const POLICY: Record<string, FindingVerdict> = { compliant: "pass", noncompliant: "fail", exempt: "not-applicable", unknown: "manual", conflict: "manual" };

/**
 * Azure Policy compliance states (`az policy state list`, or the REST
 * `policyStates` `value`): `resourceId` (ARM id, compared case-insensitively),
 * `policyDefinitionName` (the GUID of a built-in definition) and `complianceState`.
 * https://learn.microsoft.com/rest/api/policy/policy-states/list-query-results-for-subscription
 */
export const azurePolicy: RecordFormat = {
  keys: ["value"],
  position: (_, i) => `[${i}]`,
  notThisKind: "not Azure Policy states: expected a list or { value: [...] }",
  record(record, position, file, sink) {
    if (!isRecord(record)) return sink.problem({ file, position, message: "not an object" });
    const resource = str(record.resourceId);
    const definition = str(record.policyDefinitionName) ?? str(record.policyDefinitionId)?.split("/").pop();
    const state = str(record.complianceState)?.toLowerCase() ?? (record.isCompliant === true ? "compliant" : record.isCompliant === false ? "noncompliant" : undefined);
    const verdict = state ? POLICY[state] : undefined;
    if (!resource || !definition || !verdict) return sink.problem({ file, position, message: "needs resourceId, policyDefinitionName and complianceState" });
    const finding: Finding = { kind: "azure-policy", check: definition.toLowerCase(), verdict, keys: [idKey(resource)], resource, file, position };
    const when = isoTime(record.timestamp);
    if (when) finding.observedAt = when;
    sink.finding(finding);
  },
};

export const parseAzurePolicy = wholeDocument(azurePolicy);

const DEFENDER: Record<string, FindingVerdict> = { healthy: "pass", unhealthy: "fail", notapplicable: "not-applicable" };

/**
 * Microsoft Defender for Cloud assessments (`az security assessment list`, or
 * the REST `value`, whose fields sit under `properties`): the assessment key
 * (`name`, a GUID), `status.code` Healthy / Unhealthy / NotApplicable, and the
 * resource in `resourceDetails.Id` (or the assessment id before
 * `/providers/Microsoft.Security/assessments/`).
 * https://learn.microsoft.com/rest/api/defenderforcloud/assessments/list
 */
export const defender: RecordFormat = {
  keys: ["value"],
  position: (_, i) => `[${i}]`,
  notThisKind: "not Defender for Cloud assessments: expected a list or { value: [...] }",
  record(record, position, file, sink) {
    if (!isRecord(record)) return sink.problem({ file, position, message: "not an object" });
    const props = isRecord(record.properties) ? record.properties : record;
    const key = str(record.name);
    const code = str(at(props, "status.code"))?.toLowerCase();
    const verdict = code ? DEFENDER[code] : undefined;
    const details = isRecord(props.resourceDetails) ? props.resourceDetails : {};
    const id = str(details.Id) ?? str(details.id) ?? str(details.ResourceId) ?? str(record.id)?.split(/\/providers\/Microsoft\.Security\/assessments\//i)[0];
    if (!key || !verdict || !id) return sink.problem({ file, position, message: "needs name, status.code and resourceDetails.Id" });
    const finding: Finding = { kind: "defender", check: key.toLowerCase(), verdict, keys: [idKey(id)], resource: id, file, position };
    const title = str(props.displayName);
    if (title) finding.title = title;
    const when = isoTime(at(props, "status.statusChangeDate")) ?? isoTime(at(props, "timeGenerated"));
    if (when) finding.observedAt = when;
    sink.finding(finding);
  },
};

export const parseDefender = wholeDocument(defender);
