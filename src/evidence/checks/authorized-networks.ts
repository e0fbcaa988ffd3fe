import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/**
 * No Cloud SQL authorized network admits the whole internet. Reads Cloud Asset
 * `settings.ipConfiguration.authorizedNetworks[].value` and Terraform
 * `settings[].ip_configuration[].authorized_networks[].value`. The API omits an empty list, so a
 * Cloud Asset instance with an ipConfiguration and no list has none (met); without ipConfiguration
 * it is unknown.
 */
export function noWorldOpenAuthorizedNetworks(attributes: Record<string, unknown>): TestResult {
  let ip = asRecord(asRecord(attributes.settings)?.ipConfiguration);
  let networks: unknown = ip?.authorizedNetworks;
  if (!ip) {
    ip = asRecord(asList(asRecord(asList(attributes.settings)[0])?.ip_configuration)[0]);
    networks = ip?.authorized_networks;
  }
  if (!ip) return unknown("no IP configuration in the source data");
  const values = asList(networks).map((n) => asRecord(n)?.value).filter((v): v is string => typeof v === "string");
  const open = values.filter((v) => WORLD.has(v.trim()));
  return open.length ? notMet(`authorized network ${open[0]} admits the whole internet`) : met(`${values.length} authorized network(s), none world-open`);
}
