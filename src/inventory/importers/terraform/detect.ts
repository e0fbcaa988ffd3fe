/**
 * Tells which Terraform JSON document an input is, from the document itself:
 *
 * - a state file (`terraform.tfstate`, `terraform state pull`): top-level
 *   `version`, `lineage`, `resources`
 *   (https://github.com/hashicorp/terraform/blob/main/internal/states/statefile/version4.go);
 * - `terraform show -json` of a state: `format_version` and `values`
 *   (https://developer.hashicorp.com/terraform/internals/json-format#state-representation);
 * - `terraform show -json` of a plan: `planned_values`, `resource_changes`
 *   (https://developer.hashicorp.com/terraform/internals/json-format#plan-representation).
 *
 * Only the top-level member names and scalar values are read (values of
 * objects and arrays are skipped over, not parsed), so a document that is
 * truncated or broken further down is still recognized.
 */
import { skipJsonString, skipJsonValue, skipJsonWhitespace } from "../../json-records.js";
import { lineAt } from "./json-text.js";

export type TerraformFormat =
  | { kind: "state"; version: unknown }
  | { kind: "show-state"; formatVersion: unknown }
  | { kind: "show-plan"; formatVersion: unknown; timestamp: unknown }
  | { kind: "invalid"; line: number; message: string };

const EXPECTED = "expected a Terraform state (terraform.tfstate) or `terraform show -json` output";

export function detectTerraformFormat(text: string): TerraformFormat {
  const top = readTopLevel(text);
  if (top.notAnObject) return { kind: "invalid", line: top.notAnObject.line, message: top.notAnObject.message };
  const { keys, scalars } = top;
  if (keys.has("planned_values") || keys.has("resource_changes")) return { kind: "show-plan", formatVersion: scalars.get("format_version"), timestamp: scalars.get("timestamp") };
  if (keys.has("values") || keys.has("format_version")) return { kind: "show-state", formatVersion: scalars.get("format_version") };
  if (keys.has("version") || keys.has("resources") || keys.has("lineage")) return { kind: "state", version: scalars.get("version") };
  if (top.stoppedAt !== undefined) {
    return { kind: "invalid", line: lineAt(text, top.stoppedAt), message: `invalid JSON before any Terraform member was found; ${EXPECTED}` };
  }
  return { kind: "invalid", line: 1, message: `a JSON object, but with neither "version"/"resources" (state) nor "values"/"planned_values" (terraform show -json); ${EXPECTED}` };
}

interface TopLevel {
  /** Every top-level member name seen, including ones whose value is cut off. */
  keys: Set<string>;
  /** Values of the top-level members that are strings, numbers, booleans or null. */
  scalars: Map<string, unknown>;
  /** Offset where reading stopped because the document is broken or truncated. */
  stoppedAt?: number;
  /** Set when the input is not a JSON object at all. */
  notAnObject?: { line: number; message: string };
}

function readTopLevel(text: string): TopLevel {
  const result: TopLevel = { keys: new Set(), scalars: new Map() };
  let i = skipWhitespace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (i >= text.length) {
    result.notAnObject = { line: 1, message: `the input is empty; ${EXPECTED}` };
    return result;
  }
  if (text[i] !== "{") {
    const what = text[i] === "<" ? "not JSON (it looks like HTML or XML)" : text[i] === "[" ? "a JSON array, not an object" : "not a JSON object";
    result.notAnObject = { line: lineAt(text, i), message: `the input is ${what}; ${EXPECTED}` };
    return result;
  }
  i++;
  for (;;) {
    i = skipWhitespace(text, i);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "}") return result;
    if (text[i] !== '"') return stop(result, i);
    const keyEnd = skipString(text, i);
    if (keyEnd === -1) return stop(result, i);
    let key: string;
    try {
      key = JSON.parse(text.slice(i, keyEnd)) as string;
    } catch {
      return stop(result, i);
    }
    i = skipWhitespace(text, keyEnd);
    if (text[i] !== ":") return stop(result, i);
    i = skipWhitespace(text, i + 1);
    result.keys.add(key);
    const valueEnd = skipValue(text, i);
    if (valueEnd === -1) return stop(result, i);
    if (text[i] !== "{" && text[i] !== "[") {
      try {
        result.scalars.set(key, JSON.parse(text.slice(i, valueEnd)));
      } catch {
        return stop(result, i);
      }
    }
    i = valueEnd;
  }
}

function stop(result: TopLevel, offset: number): TopLevel {
  result.stoppedAt = offset;
  return result;
}

const skipWhitespace = skipJsonWhitespace;
const skipString = skipJsonString;

/** Like skipJsonValue, but a bare value that runs into the end of the text counts as cut off (-1). */
function skipValue(text: string, i: number): number {
  const end = skipJsonValue(text, i);
  const bare = text[i] !== '"' && text[i] !== "{" && text[i] !== "[";
  return bare && (end === i || end >= text.length) ? -1 : end;
}
