/**
 * Reads the resource instances of `terraform show -json` output: a state
 * (`values.root_module`) or a saved plan (`planned_values.root_module`, the
 * resources as they will be after the apply). Each module holds `resources[]`
 * (`address`, `mode`, `type`, `name`, `index`, `values`, `sensitive_values`)
 * and `child_modules[]`, recursively. Format:
 * https://developer.hashicorp.com/terraform/internals/json-format
 *
 * The document is parsed whole (its records are nested in a module tree).
 * When it is not valid JSON, the root module's resources are salvaged one by
 * one with scanJsonArray; child modules (written after them) are not.
 */
import { scanJsonArray } from "../../json-records.js";
import { describeJsonError, lineAt } from "./json-text.js";
import { instanceAddress, instanceRef, isPlainObject, nonEmptyString, type ReportProblem, type TerraformInstance } from "./instance.js";
import { showSensitivePaths } from "./sensitive.js";

const RESOURCE_TYPE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export type ValuesKey = "values" | "planned_values";

export function* readShowJson(text: string, valuesKey: ValuesKey, report: ReportProblem): Generator<TerraformInstance> {
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    yield* salvageRootModule(text, valuesKey, error, report);
    return;
  }
  if (!isPlainObject(document)) return report("line 1", "expected a JSON object");
  const values = document[valuesKey];
  // `terraform show -json` of an empty state is just {"format_version":"1.0"}.
  if (values === undefined || values === null) return;
  if (!isPlainObject(values)) return report(valuesKey, "is not an object");
  if (values.root_module === undefined || values.root_module === null) return;
  yield* readModule(values.root_module, `${valuesKey}.root_module`, undefined, report, 0);
}

// Module trees are a few levels deep; a deeper one is not a real plan, and
// walking it would recurse without bound.
const MAX_MODULE_DEPTH = 64;

function* readModule(module: unknown, path: string, moduleAddress: string | undefined, report: ReportProblem, depth: number): Generator<TerraformInstance> {
  if (!isPlainObject(module)) return report(path, "a module must be a JSON object");
  if (depth > MAX_MODULE_DEPTH) return report(`${valuesPrefix(path)}`, `child modules nested more than ${MAX_MODULE_DEPTH} levels deep; the deeper ones were skipped`);
  const address = nonEmptyString(module.address) ?? moduleAddress;
  const resources = module.resources ?? [];
  if (!Array.isArray(resources)) report(`${path}.resources`, "is not a list");
  else {
    for (const [index, resource] of resources.entries()) {
      const instance = instanceOf(resource, `${path}.resources[${index}]`, address, report);
      if (instance) yield instance;
    }
  }
  const children = module.child_modules ?? [];
  if (!Array.isArray(children)) return report(`${path}.child_modules`, "is not a list");
  for (const [index, child] of children.entries()) yield* readModule(child, `${path}.child_modules[${index}]`, undefined, report, depth + 1);
}

function instanceOf(resource: unknown, path: string, moduleAddress: string | undefined, report: ReportProblem): TerraformInstance | undefined {
  if (!isPlainObject(resource)) return void report(path, "a resource must be a JSON object");
  const given = nonEmptyString(resource.address);
  const position = given ? `${path} (${given})` : path;
  // Data sources are reads, not resources the configuration manages.
  if (resource.mode === "data") return undefined;
  if (resource.mode !== "managed") return void report(position, 'missing or unknown "mode" (expected "managed" or "data")');
  const type = typeof resource.type === "string" && RESOURCE_TYPE.test(resource.type) ? resource.type : undefined;
  if (!type) return void report(position, 'missing or invalid "type"');
  const name = nonEmptyString(resource.name);
  if (!name) return void report(position, 'missing or invalid "name"');
  const index = resource.index ?? undefined;
  if (index !== undefined && typeof index !== "string" && !(typeof index === "number" && Number.isInteger(index))) {
    return void report(position, 'invalid "index" (expected a number or a string)');
  }
  const address = given ?? instanceAddress(moduleAddress, type, name, index);
  // Unknown values (in a plan) are omitted, so a missing `values` is empty.
  const values = resource.values ?? {};
  if (!isPlainObject(values)) return void report(position, '"values" is not an object');
  const sensitive = showSensitivePaths(resource.sensitive_values);
  if (sensitive.unreadable) report(position, '"sensitive_values" not understood; its attributes are withheld');
  return {
    address,
    ref: instanceRef(address, resource.deposed_key),
    type,
    resourceName: name,
    attributes: values,
    sensitivePaths: sensitive.paths,
    sensitivityUnreadable: sensitive.unreadable,
  };
}

function* salvageRootModule(text: string, valuesKey: ValuesKey, error: unknown, report: ReportProblem): Generator<TerraformInstance> {
  const scan = scanJsonArray(text, [valuesKey, "root_module", "resources"]);
  // A truncation inside the root module's resources is named by the scan
  // (where it was cut); any other break is named by JSON.parse.
  if (scan.problems.length === 0) {
    const { message, offset } = describeJsonError(error);
    report(offset === undefined ? "document" : `line ${lineAt(text, offset)}`, `${message}; the root module's resources were read one by one, child modules were skipped`);
  }
  for (const element of scan.elements) {
    const path = `${valuesKey}.root_module.resources[${element.index}] (line ${element.line})`;
    if ("error" in element) report(path, describeJsonError(element.error).message);
    else {
      const instance = instanceOf(element.value, path, undefined, report);
      if (instance) yield instance;
    }
  }
  for (const problem of scan.problems) report(`line ${problem.line}`, problem.message);
}

/** A long module path shortened for a message: its start and how deep it is. */
function valuesPrefix(path: string): string {
  const depth = path.split(".child_modules[").length - 1;
  return depth > 3 ? `${path.slice(0, path.indexOf(".child_modules["))}.child_modules (${depth} levels)` : path;
}
