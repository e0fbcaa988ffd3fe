import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/** The IAM principals that mean "anyone" (on the internet, or with any Google account). */
const PUBLIC_PRINCIPALS = new Set(["allUsers", "allAuthenticatedUsers"]);

/**
 * An IAM grant does not make a resource public: no `allUsers` or
 * `allAuthenticatedUsers` member. Reads Terraform's `*_iam_member` (`member`),
 * `*_iam_binding` (`members`) and `*_iam_policy` (`policy_data`, a JSON
 * policy), a Cloud Asset IAM policy (`bindings[].members`), and BigQuery dataset `access`
 * entries (Cloud Asset `specialGroup` / `iamMember`, Terraform `special_group` / `iam_member`).
 */
export function noPublicMembers(attributes: Record<string, unknown>): TestResult {
  const members = membersOf(attributes);
  if (members === undefined) return unknown("no IAM members in the source data");
  const open = [...new Set(members.filter((m) => PUBLIC_PRINCIPALS.has(m)))].sort();
  return open.length ? notMet(`grants access to ${open.join(", ")}`) : met(`${members.length} member(s), none public`);
}

function membersOf(attributes: Record<string, unknown>): string[] | undefined {
  if (typeof attributes.member === "string") return [attributes.member];
  // Terraform google_bigquery_dataset_access: one entry per resource.
  if (typeof attributes.special_group === "string" || typeof attributes.iam_member === "string") {
    return [attributes.special_group, attributes.iam_member].filter((m): m is string => typeof m === "string" && m !== "");
  }
  // BigQuery dataset access entries: Cloud Asset {specialGroup, iamMember}, Terraform {special_group, iam_member}.
  if (Array.isArray(attributes.access)) {
    return attributes.access.flatMap((entry) => {
      const e = asRecord(entry) ?? {};
      return [e.specialGroup, e.iamMember, e.special_group, e.iam_member].filter((m): m is string => typeof m === "string" && m !== "");
    });
  }
  if (Array.isArray(attributes.members)) return attributes.members.filter((m): m is string => typeof m === "string");
  let policy: unknown = attributes.bindings !== undefined ? attributes : undefined;
  if (typeof attributes.policy_data === "string") {
    try {
      policy = JSON.parse(attributes.policy_data);
    } catch {
      return undefined;
    }
  }
  const bindings = asRecord(policy)?.bindings;
  if (bindings === undefined) return undefined;
  return asList(bindings).flatMap((b) => asList(asRecord(b)?.members).filter((m): m is string => typeof m === "string"));
}
