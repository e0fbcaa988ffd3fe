import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * OS Login is on for the VM: instance metadata `enable-oslogin` is TRUE. Reads Cloud Asset
 * `metadata.items[] {key, value}` and Terraform `metadata` (a map). A VM without the key may
 * inherit it from project metadata or the compute.requireOsLogin organization policy, which the
 * instance does not show: unknown, never met. An explicit FALSE is not met.
 */
export function osLoginEnabled(attributes: Record<string, unknown>): TestResult {
  const metadata = attributes.metadata;
  if (metadata === undefined || metadata === null) return unknown("no metadata in the source data");
  let value: unknown;
  const record = asRecord(metadata);
  if (record && Array.isArray(record.items)) {
    value = asList(record.items).map(asRecord).find((i) => i?.key === "enable-oslogin")?.value;
  } else if (record) {
    value = record["enable-oslogin"];
  }
  if (value === undefined || value === null) return unknown("enable-oslogin is not set on the instance (project metadata or an organization policy may set it)");
  return String(value).toLowerCase() === "true" ? met("enable-oslogin = TRUE") : notMet("enable-oslogin is not TRUE");
}
