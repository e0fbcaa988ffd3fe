import { MAX_NESTING } from "./redact.js";

/**
 * True when `value` nests deeper than `max` levels. Iterative: a record built
 * to be deep must not overflow the stack of the code that checks it. Records
 * past the limit are rejected one by one (JSON.stringify and every renderer
 * would otherwise recurse on them).
 */
export function nestedTooDeep(value: unknown, max: number = MAX_NESTING): boolean {
  if (value === null || typeof value !== "object") return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (depth > max) return true;
    const children = Array.isArray(current) ? current : Object.values(current as object);
    for (const child of children) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}
