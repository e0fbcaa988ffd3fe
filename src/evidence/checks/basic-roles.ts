import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/** The basic roles, which grant thousands of permissions across every service of the project. */
const BASIC = new Set(["roles/owner", "roles/editor", "roles/viewer"]);

/**
 * No IAM grant uses a basic role (Owner, Editor, Viewer). Reads Terraform `*_iam_member` and
 * `*_iam_binding` (`role`) and `*_iam_policy` (`policy_data`, a JSON policy with `bindings[].role`).
 */
export function noBasicRoles(attributes: Record<string, unknown>): TestResult {
  let roles: string[] | undefined;
  if (typeof attributes.role === "string") roles = [attributes.role];
  else if (typeof attributes.policy_data === "string") {
    try {
      const policy = asRecord(JSON.parse(attributes.policy_data));
      roles = asList(policy?.bindings).map((b) => asRecord(b)?.role).filter((r): r is string => typeof r === "string");
    } catch {
      return unknown("the policy data could not be read");
    }
  }
  if (roles === undefined) return unknown("no IAM role in the source data");
  const basic = [...new Set(roles.filter((r) => BASIC.has(r)))].sort();
  return basic.length ? notMet(`grants the basic role(s) ${basic.join(", ")}`) : met(`${roles.length} role grant(s), none basic`);
}
