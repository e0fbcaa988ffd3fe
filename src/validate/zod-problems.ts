import type { z } from "zod";
import type { Problem } from "../errors.js";
import type { PathSegment, SourceFile } from "./source-file.js";
import { formatPath } from "./source-file.js";

/**
 * Turns zod issues into located, human problems: "unknown field", "is
 * required", "invalid value "x" (expected one of ...)" rather than zod's
 * generic wording.
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], source: SourceFile | undefined, value: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
    const at = (p: readonly PathSegment[], message: string, key = false): Problem =>
      source ? source.problemAt(p, message, { key }) : { path: formatPath(p), message };

    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) problems.push(at([...path, key], `unknown field "${key}"`, true));
        break;
      case "invalid_value": {
        const received = getIn(value, path);
        const expected = issue.values.map((v) => String(v)).join(" | ");
        problems.push(at(path, `invalid value ${JSON.stringify(received)} (expected ${expected})`));
        break;
      }
      case "invalid_type": {
        const received = getIn(value, path);
        problems.push(
          at(path, received === undefined ? "is required" : `must be ${article(issue.expected)}, not ${describe(received)}`),
        );
        break;
      }
      case "invalid_key":
        problems.push(at(path, `invalid key: ${issue.issues.map((i) => i.message).join("; ")}`, true));
        break;
      case "invalid_format": {
        const received = getIn(value, path);
        problems.push(at(path, `${JSON.stringify(received)} ${issue.message}`));
        break;
      }
      default:
        problems.push(at(path, issue.message));
    }
  }
  return problems;
}

function getIn(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function article(expected: string): string {
  if (expected === "array") return "a list";
  if (expected === "object") return "a mapping";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
