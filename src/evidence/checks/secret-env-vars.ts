import { isReferenceValue, isSecretName } from "../../inventory/redaction/key-names.js";
import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";
import { containersOf } from "./privileged-containers.js";

/**
 * No secret sits in a plain environment variable or app setting: a variable
 * whose *name* is secret-like by the redaction layer's patterns
 * (DB_PASSWORD, STRIPE_SK, ...) and whose value is set and is not a
 * reference to a secret store (a Secrets Manager / SSM ARN, a Key Vault
 * reference or secret URI) fails. The detail names the variables, never a
 * value (values are redacted at import anyway; a redacted value still shows
 * that one was there).
 *
 * Reads Lambda `environment.variables` (AWS Config item configuration) and
 * Terraform `environment[0].variables`; App Service / Functions Terraform
 * `app_settings` (a map) and ARM `properties.siteConfig.appSettings`
 * (a list of {name, value}); App Engine versions' `envVariables` (Cloud Asset) and
 * `env_variables` (Terraform); Kubernetes containers' `env[] {name, value}` (Cloud Asset Pods and
 * workload controllers; `valueFrom` references pass).
 */
export function noSecretEnvVars(attributes: Record<string, unknown>): TestResult {
  const maps = variableMaps(attributes);
  if (maps === undefined) return unknown("the source carries no environment variables or app settings for this resource");
  const plain: string[] = [];
  let count = 0;
  for (const [name, value] of maps) {
    count++;
    if (!isSecretName(name)) continue;
    if (value === undefined || value === null || value === "") continue;
    if (isSecretReference(value)) continue;
    plain.push(name);
  }
  if (plain.length) return notMet(`secret-like name(s) with a plain value: ${[...new Set(plain)].sort().join(", ")} (values not shown)`);
  return met(`${count} variable(s), none holding a secret in plain text`);
}

/** A reference to a secret store (an ARN, a Key Vault secret URI or App Service Key Vault reference), not a secret. */
function isSecretReference(value: unknown): boolean {
  return isReferenceValue(value);
}

/** The name/value pairs of every environment source present; undefined when the source has none of them. */
function variableMaps(attributes: Record<string, unknown>): [string, unknown][] | undefined {
  let found = false;
  const pairs: [string, unknown][] = [];
  const addMap = (value: unknown) => {
    const map = asRecord(value);
    if (!map) return;
    found = true;
    for (const [k, v] of Object.entries(map)) pairs.push([k, v]);
  };
  // Lambda (Config: environment.variables; Terraform: environment[0].variables, [] when none).
  const environment = attributes.environment;
  if (Array.isArray(environment)) {
    found = true;
    for (const block of environment) addMap(asRecord(block)?.variables);
  } else if (asRecord(environment)) {
    const variables = asRecord(environment)!.variables;
    if (variables === null || variables === undefined) found = true;
    else addMap(variables);
  }
  // App Engine versions: Cloud Asset envVariables, Terraform env_variables (maps).
  for (const key of ["envVariables", "env_variables"]) {
    if (key in attributes) {
      found = true;
      addMap(attributes[key]);
    }
  }
  // Kubernetes workloads (Cloud Asset): containers[].env[] {name, value}; a valueFrom (Secret,
  // ConfigMap) reference has no value and passes.
  const containers = containersOf(attributes);
  if (containers) {
    found = true;
    for (const c of containers) for (const e of asList(c.env)) {
      const r = asRecord(e);
      if (r && typeof r.name === "string") pairs.push([r.name, r.value]);
    }
  }
  // App Service / Functions in Terraform.
  if ("app_settings" in attributes) {
    found = true;
    addMap(attributes.app_settings);
  }
  // ARM: properties.siteConfig.appSettings = [{ name, value }].
  const siteConfig = asRecord(asRecord(attributes.properties)?.siteConfig);
  if (siteConfig && "appSettings" in siteConfig) {
    found = true;
    for (const item of asList(siteConfig.appSettings)) {
      const r = asRecord(item);
      if (r && typeof r.name === "string") pairs.push([r.name, r.value]);
    }
  }
  return found ? pairs : undefined;
}
