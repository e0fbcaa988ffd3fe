import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * No policy document the resource carries allows `"Action": "*"` (full
 * administrator power), and no AWS-managed AdministratorAccess is attached.
 * Reads Terraform (`policy` JSON strings, aws_iam_role inline_policy blocks)
 * and AWS Config (policyVersionList, role/user/group inline policy lists,
 * URL-encoded as Config stores them; attachedManagedPolicies).
 */
export function noWildcardIamAction(attributes: Record<string, unknown>): TestResult {
  const documents = collectDocuments(attributes);
  const attached = asList(attributes.attachedManagedPolicies ?? attributes.managed_policy_arns)
    .map((p) => (typeof p === "string" ? p : String(asRecord(p)?.policyArn ?? "")))
    .filter(Boolean);
  if (documents === undefined && attached.length === 0 && !("attachedManagedPolicies" in attributes)) {
    return unknown("no policy documents in the source data");
  }
  if (attached.some((arn) => /:policy\/AdministratorAccess$/.test(arn))) return notMet("AdministratorAccess is attached");
  for (const document of documents ?? []) {
    if (document === "unparseable") return unknown("a policy document could not be read");
    if (allowsEverything(document)) return notMet('a statement allows "Action": "*"');
  }
  return met(`${documents?.length ?? 0} policy document(s) checked`);
}

type Document = Record<string, unknown> | "unparseable";

function collectDocuments(a: Record<string, unknown>): Document[] | undefined {
  const found: unknown[] = [];
  let sawField = false;
  const add = (value: unknown) => {
    sawField = true;
    if (value !== undefined && value !== null && value !== "") found.push(value);
  };
  if ("policy" in a) add(a.policy);
  if ("PolicyDocument" in a) add(a.PolicyDocument);
  if ("policyDocument" in a) add(a.policyDocument);
  for (const block of asList(a.inline_policy)) add(asRecord(block)?.policy);
  if ("inline_policy" in a) sawField = true;
  for (const version of asList(a.policyVersionList)) {
    const v = asRecord(version);
    if (v && v.isDefaultVersion !== false) add(v.document);
  }
  if ("policyVersionList" in a) sawField = true;
  for (const key of ["rolePolicyList", "userPolicyList", "groupPolicyList"]) {
    if (key in a) sawField = true;
    for (const entry of asList(a[key])) add(asRecord(entry)?.policyDocument);
  }
  if (!sawField) return undefined;
  return found.map(parseDocument);
}

/** A policy document from a JSON string, a URL-encoded JSON string (AWS Config) or an object. */
export function parseDocument(value: unknown): Document {
  if (asRecord(value)) return value as Record<string, unknown>;
  if (typeof value !== "string") return "unparseable";
  for (const text of [value, safeDecode(value)]) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (asRecord(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // try the next form
    }
  }
  return "unparseable";
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function allowsEverything(document: Record<string, unknown>): boolean {
  return asList(document.Statement).some((statement) => {
    const s = asRecord(statement);
    if (!s || s.Effect !== "Allow") return false;
    return asList(s.Action).some((action) => action === "*" || action === "*:*");
  });
}
