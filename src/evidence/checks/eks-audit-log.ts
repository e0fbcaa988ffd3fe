import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * The EKS control plane sends its Kubernetes audit log to CloudWatch Logs. Reads Terraform
 * `enabled_cluster_log_types` (a list of log types, [] when none) and the AWS Config item's
 * `Logging.ClusterLogging.EnabledTypes[].Type` (CloudFormation-style names in the AWS Config
 * resource schema; the EKS API's own list form `clusterLogging[] {types, enabled}` is read too).
 */
export function eksAuditLog(attributes: Record<string, unknown>): TestResult {
  const types = enabledTypes(attributes);
  if (types === undefined) return unknown("the source does not show the control plane log types");
  return types.includes("audit") ? met("the audit log type is enabled") : notMet(types.length ? `enabled log types (${types.join(", ")}) exclude audit` : "no control plane log type is enabled");
}

function enabledTypes(a: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(a.enabled_cluster_log_types)) return a.enabled_cluster_log_types.filter((t): t is string => typeof t === "string");
  const logging = asRecord(a.Logging ?? a.logging);
  if (!logging) return undefined;
  const clusterLogging = logging.ClusterLogging ?? logging.clusterLogging;
  const single = asRecord(clusterLogging);
  if (single && "EnabledTypes" in single) return asList(single.EnabledTypes).map((t) => asRecord(t)?.Type).filter((t): t is string => typeof t === "string");
  if (Array.isArray(clusterLogging)) {
    return clusterLogging.flatMap((entry) => {
      const e = asRecord(entry);
      return e?.enabled === true ? asList(e.types).filter((t): t is string => typeof t === "string") : [];
    });
  }
  return undefined;
}
