/**
 * Tags as a string map, whatever shape the source uses: a map, a list of
 * {Key, Value} (AWS APIs) or {key, value} pairs, or nothing. Values are kept
 * verbatim (they are escaped when rendered); non-string values are stringified.
 */
export function normalizeTags(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (value === null || value === undefined) return tags;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === null || typeof item !== "object") continue;
      const record = item as Record<string, unknown>;
      const key = record.Key ?? record.key;
      if (typeof key !== "string") continue;
      tags[key] = stringify(record.Value ?? record.value);
    }
    return tags;
  }
  if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) tags[key] = stringify(inner);
  }
  return tags;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
