import { configKey } from "../keys.js";
import { at, isoTime, isRecord, str, wholeDocument, type FindingVerdict, type RecordFormat } from "../finding.js";

const VERDICTS: Record<string, FindingVerdict> = { COMPLIANT: "pass", NON_COMPLIANT: "fail", NOT_APPLICABLE: "not-applicable", INSUFFICIENT_DATA: "manual" };

/**
 * AWS Config rule results: `get-compliance-details-by-config-rule` and
 * `-by-resource` (`EvaluationResults`), and the aggregator variants
 * (`AggregateEvaluationResults`). The resource key is type + id, resolved
 * through the inventory (an ARN is not in the result). The check is the rule
 * name; names that wrap a managed rule (`securityhub-<identifier>-<suffix>`)
 * are matched to the identifier by the mapping.
 * https://docs.aws.amazon.com/config/latest/APIReference/API_EvaluationResult.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_AggregateEvaluationResult.html
 */
export const awsConfigRules: RecordFormat = {
  keys: ["EvaluationResults", "AggregateEvaluationResults"],
  position: (container, i) => `${container ?? "EvaluationResults"}[${i}]`,
  notThisKind: "not AWS Config rule results: expected EvaluationResults or AggregateEvaluationResults",
  record(record, position, file, sink) {
    if (!isRecord(record)) return sink.problem({ file, position, message: "not an object" });
    const q = at(record, "EvaluationResultIdentifier.EvaluationResultQualifier");
    const rule = str(at(q, "ConfigRuleName"));
    const type = str(at(q, "ResourceType"));
    const id = str(at(q, "ResourceId"));
    const compliance = str(record.ComplianceType);
    if (!rule || !type || !id || !compliance) {
      return sink.problem({ file, position, message: "needs EvaluationResultQualifier.ConfigRuleName, ResourceType, ResourceId and ComplianceType" });
    }
    const verdict = VERDICTS[compliance];
    if (!verdict) return sink.problem({ file, position, message: `unknown ComplianceType "${compliance}"` });
    const when = isoTime(record.ResultRecordedTime) ?? isoTime(at(record, "EvaluationResultIdentifier.OrderingTimestamp"));
    sink.finding({
      kind: "aws-config-rules",
      check: rule,
      verdict,
      keys: [configKey(type, id)],
      resource: `${type} ${id}`,
      file,
      position,
      ...(when ? { observedAt: when } : {}),
    });
  },
};

export const parseAwsConfigRules = wholeDocument(awsConfigRules);
