import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

const set = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/**
 * A Key Vault key rotates itself: its rotation policy has an automatic
 * rotation trigger (time after creation or time before expiry). Reads the
 * Terraform `azurerm_key_vault_key` shape, where the state records an absent
 * `rotation_policy` or `automatic` block as an empty list (so [] is "none",
 * while a missing attribute is unknown).
 */
export function automaticRotationPolicy(attributes: Record<string, unknown>): TestResult {
  const policies = attributes.rotation_policy;
  if (!Array.isArray(policies)) return unknown("the source does not show the key's rotation policy");
  const policy = asRecord(policies[0]);
  if (!policy) return notMet("no rotation policy");
  if (!Array.isArray(policy.automatic)) return unknown("the rotation policy does not show its automatic trigger");
  const automatic = asRecord(asList(policy.automatic)[0]);
  if (!automatic) return notMet("rotation policy without automatic rotation");
  if (set(automatic.time_after_creation)) return met(`rotates ${automatic.time_after_creation} after creation`);
  if (set(automatic.time_before_expiry)) return met(`rotates ${automatic.time_before_expiry} before expiry`);
  return notMet("automatic rotation block without a trigger");
}
