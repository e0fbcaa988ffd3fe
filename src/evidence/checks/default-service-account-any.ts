import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * Google-created default service accounts: Compute Engine's
 * (PROJECT_NUMBER-compute@developer.gserviceaccount.com) and App Engine's
 * (PROJECT_ID@appspot.gserviceaccount.com). Both get the Editor role on the project unless
 * an organization policy stops it.
 */
const DEFAULT_ACCOUNTS = [/^\d+-compute@developer\.gserviceaccount\.com$/, /^[a-z][-a-z0-9.:]*@appspot\.gserviceaccount\.com$/];

/**
 * A workload runs as a dedicated service account, not a default one. Reads
 * Compute Engine `serviceAccounts[].email` (Cloud Asset) and `service_account[].email`
 * (Terraform; empty means the default), Dataproc `config.gceClusterConfig.serviceAccount`
 * and `cluster_config[].gce_cluster_config[].service_account` (empty means the default),
 * App Engine versions' `serviceAccount` and `service_account`. Where the API omits an unset
 * account (Cloud Asset Dataproc and App Engine) absence is unknown, never met.
 */
export function noDefaultServiceAccount(attributes: Record<string, unknown>): TestResult {
  const emails = accountEmails(attributes);
  if (emails === undefined) return unknown("no service account data in the source");
  if (emails.length === 0) return met("runs without a service account");
  const defaults = emails.filter((e) => e === "" || e === "default" || DEFAULT_ACCOUNTS.some((p) => p.test(e)));
  return defaults.length ? notMet("runs as a default service account") : met("runs as a dedicated service account");
}

/** The emails the source shows ("" for an unset one that means the default), or undefined when it shows none. */
function accountEmails(attributes: Record<string, unknown>): string[] | undefined {
  const list = attributes.serviceAccounts ?? attributes.service_account;
  if (Array.isArray(list)) return list.map((a) => stringOr(asRecord(a)?.email));
  if (typeof list === "string") return [list];
  if (typeof attributes.serviceAccount === "string") return [attributes.serviceAccount];
  const gce = asRecord(asRecord(attributes.config)?.gceClusterConfig);
  if (gce && typeof gce.serviceAccount === "string") return [gce.serviceAccount];
  const cluster = asRecord(asList(attributes.cluster_config)[0]);
  const tfGce = asRecord(asList(cluster?.gce_cluster_config)[0]);
  if (tfGce && "service_account" in tfGce) return [stringOr(tfGce.service_account)];
  return undefined;
}

function stringOr(value: unknown): string {
  return typeof value === "string" ? value : "";
}
