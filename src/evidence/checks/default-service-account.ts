import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/** The Compute Engine default service account: PROJECT_NUMBER-compute@developer.gserviceaccount.com. */
const DEFAULT_COMPUTE_SA = /^\d+-compute@developer\.gserviceaccount\.com$/;
/** The scope that lets the instance's service account call every Cloud API its IAM roles allow. */
const FULL_SCOPES = new Set(["https://www.googleapis.com/auth/cloud-platform", "cloud-platform"]);

/**
 * A VM does not run as the Compute Engine default service account with full
 * access to all Cloud APIs. The default account is granted the Editor role on
 * the project unless an organization policy stops it, so with the
 * cloud-platform scope any code on the VM can change most of the project.
 * Reads Cloud Asset `serviceAccounts[] {email, scopes}` and Terraform
 * `service_account[] {email, scopes}` (an empty email there means the default
 * account). No service account at all is met (the VM has no credentials).
 */
export function noDefaultServiceAccountFullScope(attributes: Record<string, unknown>): TestResult {
  const raw = attributes.serviceAccounts ?? attributes.service_account;
  if (raw === undefined || raw === null) return unknown("no service account data in the source");
  const accounts = asList(raw);
  if (accounts.length === 0) return met("runs without a service account");
  for (const entry of accounts) {
    const account = asRecord(entry) ?? {};
    const email = typeof account.email === "string" ? account.email : "";
    const isDefault = email === "" || email === "default" || DEFAULT_COMPUTE_SA.test(email);
    const fullScope = asList(account.scopes).some((s) => typeof s === "string" && FULL_SCOPES.has(s));
    if (isDefault && fullScope) return notMet("runs as the Compute Engine default service account with the cloud-platform scope");
  }
  return met("no default service account with full API access");
}
