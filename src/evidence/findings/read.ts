import { readFile } from "node:fs/promises";
import { CloudSrmError } from "../../errors.js";
import type { ParsedFindings } from "./finding.js";
import { PARSERS } from "./parsers/index.js";
import type { FindingKind } from "./tools.js";

/**
 * Reads one findings file of a kind. JSON for every kind but prowler-csv. A
 * file that is not what the kind expects fails with its name; records that
 * cannot be read are problems, the rest are kept.
 */
export async function readFindingsFile(kind: FindingKind, file: string): Promise<ParsedFindings> {
  const text = await readFile(file, "utf8");
  return parseFindings(kind, text, file);
}

/** Parses findings already in memory (text as read from the file). */
export function parseFindings(kind: FindingKind, text: string, file: string): ParsedFindings {
  let input: unknown = text;
  if (kind !== "prowler-csv") {
    try {
      input = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new CloudSrmError("FINDINGS_NOT_JSON", `${file}: not JSON (${kind} findings are JSON): ${(error as Error).message}`, { cause: error });
    }
  }
  const parsed = PARSERS[kind](input, file);
  const whole = parsed.problems.find((p) => p.position === "$" || (p.position === "line 1" && parsed.findings.length === 0));
  if (whole && parsed.findings.length === 0) throw new CloudSrmError("FINDINGS_WRONG_KIND", `${file}: ${whole.message}`);
  return parsed;
}
