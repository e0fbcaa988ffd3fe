import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** Matches the problems of the "stated default" and "no unexamined inheritance" lints. */
export const EXAMINED_PROBLEM = /states no default|model unexamined/;

/** Drops those problems, for tests about other rules. */
export const withoutExamined = (lines: string[]) => lines.filter((line) => !EXAMINED_PROBLEM.test(line));

/**
 * YAML for a test service that passes those lints: every customer or shared
 * cell of the model states a default (n/a, cited), every other control is
 * confirmed; controls in `own` are left to the caller's own cells.
 */
export function examinedBody(model: string, own: readonly string[] = []): { confirmed: string; cells: string } {
  const cells = (parse(readFileSync(`catalog/models/${model}.yaml`, "utf8")) as { cells: Record<string, { owner: string }> }).cells;
  const confirm: string[] = [];
  let text = "";
  for (const [id, cell] of Object.entries(cells)) {
    if (own.includes(id)) continue;
    if (cell.owner === "customer" || cell.owner === "shared") text += `  ${id}:\n    default: "n/a"\n    sources: [https://docs.aws.amazon.com/x]\n`;
    else confirm.push(id);
  }
  return { confirmed: `confirmed: [${confirm.join(", ")}]\n`, cells: text };
}
