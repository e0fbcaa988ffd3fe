import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/** The Data Access log types; ADMIN_READ is an Admin Activity companion, not data access. */
const DATA_ACCESS = ["DATA_READ", "DATA_WRITE"] as const;

/**
 * Data Access audit logs are on: an IAM audit config (Terraform
 * `google_project_iam_audit_config`, `google_folder_iam_audit_config`,
 * `google_organization_iam_audit_config`: `service` and `audit_log_config[] {log_type}`)
 * enables both DATA_READ and DATA_WRITE. Data Access logs are off by default
 * except for BigQuery, so a config that enables only one of them is not met.
 */
export function dataAccessAuditLogs(attributes: Record<string, unknown>): TestResult {
  const configs = attributes.audit_log_config;
  if (configs === undefined || configs === null) return unknown("no audit_log_config in the source data");
  const types = new Set(asList(configs).map((c) => asRecord(c)?.log_type).filter((t): t is string => typeof t === "string"));
  const service = typeof attributes.service === "string" ? attributes.service : "the service";
  const missing = DATA_ACCESS.filter((t) => !types.has(t));
  return missing.length
    ? notMet(`${service}: ${missing.join(" and ")} not enabled`)
    : met(`${service}: DATA_READ and DATA_WRITE enabled`);
}
