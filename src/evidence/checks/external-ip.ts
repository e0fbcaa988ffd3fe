import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * A VM has no external (public) IP address. Reads GCE's
 * networkInterfaces[].accessConfigs (Cloud Asset data) and Terraform's
 * network_interface[].access_config blocks.
 */
export function noExternalIp(attributes: Record<string, unknown>): TestResult {
  const interfaces = attributes.networkInterfaces ?? attributes.network_interface;
  if (!Array.isArray(interfaces)) return unknown("no network interfaces in the source data");
  for (const nic of interfaces) {
    const n = asRecord(nic) ?? {};
    const configs = asList(n.accessConfigs ?? n.access_config);
    if (configs.length > 0) {
      const address = asRecord(configs[0])?.natIP ?? asRecord(configs[0])?.nat_ip;
      return notMet(address ? "has an external IP address" : "has an external IP access config");
    }
  }
  return met(`${interfaces.length} network interface(s), none with an external IP`);
}
