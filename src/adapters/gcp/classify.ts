/**
 * Cloud Asset errors, classified: which to retry (the client itself does not
 * retry RESOURCE_EXHAUSTED), and, for the rest, one line that says what to do.
 * The causes Google documents for PERMISSION_DENIED differ only in the
 * message text: API not enabled, billing disabled, VPC Service Controls, or
 * a missing role.
 * https://cloud.google.com/asset-inventory/docs/troubleshooting
 */

const CODES = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
];

/** The gRPC status name of an error from the client ("UNKNOWN" when it has none). */
export function grpcCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number" && CODES[code]) return CODES[code]!;
  if (typeof code === "string" && CODES.includes(code)) return code;
  return "UNKNOWN";
}

/** Throttled or briefly unavailable: worth another attempt after a backoff. */
export function isRetryable(error: unknown): boolean {
  const code = grpcCode(error);
  return code === "RESOURCE_EXHAUSTED" || code === "UNAVAILABLE" || code === "DEADLINE_EXCEEDED";
}

/** What to do about a failed call, for the error message. */
export function advice(error: unknown, quotaProject: string | undefined): string {
  const code = grpcCode(error);
  const text = messageOf(error);
  const billed = quotaProject ? `the quota project ${quotaProject}` : "the quota project (--quota-project, or the credential's own project)";
  if (/SERVICE_DISABLED|has not been used in project|is disabled/i.test(text)) return `the Cloud Asset API is not enabled in ${billed}: gcloud services enable cloudasset.googleapis.com`;
  if (/BILLING_DISABLED|requires billing/i.test(text)) return `billing is disabled on ${billed}: enable billing or choose another quota project`;
  if (/vpcServiceControls|VPC_SERVICE_CONTROLS|prohibited by organization's policy/i.test(text)) return "blocked by VPC Service Controls: run from inside the perimeter or add an ingress rule for this identity";
  if (/USER_PROJECT_DENIED|serviceusage\.services\.use/i.test(text)) return `the caller may not bill ${billed}: grant roles/serviceusage.serviceUsageConsumer there`;
  switch (code) {
    case "PERMISSION_DENIED":
      return "permission denied: grant roles/cloudasset.viewer on this scope (or it does not exist)";
    case "NOT_FOUND":
      return "not found: check the project id or the folder/organization number";
    case "RESOURCE_EXHAUSTED":
      return `quota exhausted after retries: lower --concurrency or --requests-per-minute, or raise the Cloud Asset quota of ${billed}`;
    case "UNAVAILABLE":
    case "DEADLINE_EXCEEDED":
      return "the service did not answer after retries: try again later";
    case "UNAUTHENTICATED":
      return "not authenticated: check the credentials (gcloud auth application-default login, or a service account key)";
    case "INVALID_ARGUMENT":
      return "the request was refused as invalid";
    default:
      return "the call failed";
  }
}

/** The first line of the error's own message (gRPC prefixes it with "8 RESOURCE_EXHAUSTED: "). */
export function messageOf(error: unknown): string {
  const e = error as { details?: unknown; message?: unknown } | null;
  const text = typeof e?.details === "string" && e.details ? e.details : typeof e?.message === "string" ? e.message : String(error);
  return text.split("\n")[0]!.replace(/^\d+ [A-Z_]+: /, "").slice(0, 400);
}
