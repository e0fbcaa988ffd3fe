/**
 * Reads the resource instances of a Terraform state file, format version 4
 * (Terraform 0.12 and later, OpenTofu): `resources[]`, each with `mode`,
 * `type`, `name`, optional `module` and `instances[]` holding `index_key`,
 * `attributes` and `sensitive_attributes`. Field meanings:
 * https://github.com/hashicorp/terraform/blob/main/internal/states/statefile/version4.go
 *
 * The resources array is scanned record by record (scanJsonArray), so a
 * broken resource is reported and the others still import, and a truncated
 * state yields every resource before the cut.
 */
import { scanJsonArray } from "../../json-records.js";
import { describeJsonError } from "./json-text.js";
import { instanceAddress, instanceRef, isPlainObject, nonEmptyString, type ReportProblem, type TerraformInstance } from "./instance.js";
import { stateSensitivePaths } from "./sensitive.js";

const RESOURCE_TYPE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function* readStateV4(text: string, report: ReportProblem): Generator<TerraformInstance> {
  const scan = scanJsonArray(text, ["resources"]);
  for (const element of scan.elements) {
    const position = `resources[${element.index}] (line ${element.line})`;
    if ("error" in element) report(position, describeJsonError(element.error).message);
    else yield* instancesOf(element.value, position, report);
  }
  for (const problem of scan.problems) report(`line ${problem.line}`, problem.message);
}

/** The instances of one element of a state's `resources` array (also used when the state is streamed). */
export function* instancesOf(resource: unknown, position: string, report: ReportProblem): Generator<TerraformInstance> {
  if (!isPlainObject(resource)) return report(position, "a resource must be a JSON object");
  // Data sources are reads, not resources the configuration manages.
  if (resource.mode === "data") return;
  if (resource.mode !== "managed") return report(position, 'missing or unknown "mode" (expected "managed" or "data")');
  const type = typeof resource.type === "string" && RESOURCE_TYPE.test(resource.type) ? resource.type : undefined;
  if (!type) return report(position, 'missing or invalid "type"');
  const name = nonEmptyString(resource.name);
  if (!name) return report(position, `${type}: missing or invalid "name"`);
  const module = resource.module === undefined || resource.module === "" ? undefined : resource.module;
  if (module !== undefined && (typeof module !== "string" || !module.startsWith("module."))) {
    return report(position, `${type}.${name}: invalid "module" (expected "module.<name>...")`);
  }
  if (!Array.isArray(resource.instances)) return report(position, `${instanceAddress(module, type, name, undefined)}: "instances" is not a list`);

  for (const [index, instance] of resource.instances.entries()) {
    const instancePosition = position.replace(/^resources\[\d+\]/, (prefix) => `${prefix}.instances[${index}]`);
    if (!isPlainObject(instance)) {
      report(instancePosition, `${instanceAddress(module, type, name, undefined)}: an instance must be a JSON object`);
      continue;
    }
    const key = instance.index_key ?? undefined;
    if (key !== undefined && typeof key !== "string" && !(typeof key === "number" && Number.isInteger(key))) {
      report(instancePosition, `${instanceAddress(module, type, name, undefined)}: invalid "index_key" (expected a number or a string)`);
      continue;
    }
    const address = instanceAddress(module, type, name, key);
    // Terraform reads a missing `attributes` as an empty object; states from
    // 0.11 upgrades may carry the flat form instead.
    const attributes = instance.attributes ?? instance.attributes_flat ?? {};
    if (!isPlainObject(attributes)) {
      report(instancePosition, `${address}: "attributes" is not an object`);
      continue;
    }
    const sensitive = stateSensitivePaths(instance.sensitive_attributes);
    if (sensitive.unreadable) report(instancePosition, `${address}: "sensitive_attributes" not understood; its attributes are withheld`);
    yield {
      address,
      ref: instanceRef(address, instance.deposed),
      type,
      resourceName: name,
      attributes,
      sensitivePaths: sensitive.paths,
      sensitivityUnreadable: sensitive.unreadable,
    };
  }
}
