import type { TypeSystem } from "../types.js";

/**
 * Guesses which type system a native type string belongs to from its shape,
 * so callers can look up `AWS::RDS::DBInstance` or `azurerm_storage_account`
 * without saying where it came from.
 */
export function detectTypeSystem(type: string): TypeSystem | undefined {
  if (/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(type)) return "cloudformation";
  // Terraform types are <provider>_<resource>: aws_, azurerm_, azuread_, google_, github_, okta_ ...
  if (/^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(type)) return "terraform";
  if (/^microsoft\.[a-z0-9.]+\/[a-z0-9/]+$/i.test(type)) return "arm";
  if (/^[a-z0-9-]+\.googleapis\.com\/[A-Za-z0-9/]+$/.test(type)) return "gcp-asset";
  // Cloud Asset Inventory also exports the Kubernetes objects inside GKE clusters under their API
  // group: k8s.io/Pod, apps.k8s.io/Deployment, rbac.authorization.k8s.io/Role.
  // https://cloud.google.com/asset-inventory/docs/supported-asset-types
  if (/^(?:[a-z0-9-]+\.)*k8s\.io\/[A-Za-z0-9]+$/.test(type)) return "gcp-asset";
  if (/^[a-z0-9-]+:[A-Za-z0-9-]+$/.test(type)) return "arn";
  return undefined;
}

/**
 * The key a native type is indexed under. ARM types are case-insensitive in
 * Azure (resource providers return mixed case), so all keys are lower-cased;
 * no two real types of one system differ only by case.
 */
export function typeKey(system: TypeSystem, type: string): string {
  return `${system}|${type.toLowerCase()}`;
}
