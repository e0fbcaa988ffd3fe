/**
 * What to do about a failed Cloud Asset call, in one line. (Which calls to
 * retry is the shared classification of src/adapters/core/retry.ts:
 * RESOURCE_EXHAUSTED throttled, UNAVAILABLE and DEADLINE_EXCEEDED transient.)
 * The causes Google documents for PERMISSION_DENIED differ only in the
 * message text: API not enabled, billing disabled, VPC Service Controls, or
 * a missing role.
 * https://cloud.google.com/asset-inventory/docs/troubleshooting
 */

import { errorCode } from "../core/retry.js";

/** What to do about a failed call, for the error message. */
export function advice(error: unknown, quotaProject: string | undefined): string {
  const code = errorCode(error);
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

/** The error's own message, where the causes are told apart (gRPC's details, or its message). */
function messageOf(error: unknown): string {
  const e = error as { details?: unknown; message?: unknown } | null;
  const text = typeof e?.details === "string" && e.details ? e.details : typeof e?.message === "string" ? e.message : String(error);
  return text.split("\n")[0]!.replace(/^\d+ [A-Z_]+: /, "").slice(0, 400);
}
