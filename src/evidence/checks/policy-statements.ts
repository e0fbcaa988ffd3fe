import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";
import { parseDocument } from "./iam-wildcard.js";

/** A principal that means "any AWS account or anonymous caller". */
function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  const p = asRecord(principal);
  return !!p && asList(p.AWS).some((a) => a === "*");
}

/**
 * A role's trust policy does not let anyone assume it: no Allow statement with the principal `*`
 * (or `{"AWS": "*"}`) and no Condition to narrow it. Reads Terraform `aws_iam_role.assume_role_policy`
 * (a JSON string) and the AWS Config item's `assumeRolePolicyDocument` (URL-encoded JSON).
 */
export function noPublicTrustPolicy(attributes: Record<string, unknown>): TestResult {
  const raw = attributes.assume_role_policy ?? attributes.assumeRolePolicyDocument;
  if (raw === undefined || raw === null || raw === "") return unknown("no trust policy in the source data");
  const document = parseDocument(raw);
  if (document === "unparseable") return unknown("the trust policy could not be read");
  const open = asList(document.Statement).some((statement) => {
    const s = asRecord(statement);
    return !!s && s.Effect === "Allow" && isEveryone(s.Principal) && !asRecord(s.Condition);
  });
  return open ? notMet("the trust policy lets any principal assume the role (Principal * without a condition)") : met("the trust policy names its principals");
}

/**
 * A bucket policy refuses plain HTTP: a Deny statement with the condition
 * `"Bool": {"aws:SecureTransport": "false"}`. Reads Terraform `aws_s3_bucket_policy.policy` and the
 * AWS Config item's `supplementaryConfiguration.BucketPolicy.policyText`; a bucket whose item records
 * no policy (`policyText` null) accepts HTTP, so it is not met.
 */
export function requiresSecureTransport(attributes: Record<string, unknown>): TestResult {
  let raw: unknown = attributes.policy;
  const recorded = asRecord(asRecord(attributes.supplementaryConfiguration)?.BucketPolicy);
  if (recorded) {
    raw = recorded.policyText;
    if (raw === null || raw === undefined || raw === "") return notMet("the bucket has no policy, so it accepts plain HTTP");
  }
  if (raw === undefined || raw === null || raw === "") return unknown("no bucket policy in the source data");
  const document = parseDocument(raw);
  if (document === "unparseable") return unknown("the bucket policy could not be read");
  const denies = asList(document.Statement).some((statement) => {
    const s = asRecord(statement);
    if (!s || s.Effect !== "Deny") return false;
    const bool = asRecord(asRecord(s.Condition)?.Bool);
    const value = bool?.["aws:SecureTransport"];
    return asList(value).some((v) => String(v).toLowerCase() === "false");
  });
  return denies ? met("the policy denies requests without TLS (aws:SecureTransport false)") : notMet("no statement denies requests without TLS");
}
