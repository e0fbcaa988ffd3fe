/**
 * Small helpers for reading a Terraform JSON document as text: where a line
 * is, and what a JSON.parse failure says without quoting the input.
 */

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * What went wrong in a JSON.parse call, safe to show. V8 quotes the input in
 * some messages (`Unexpected token 'x', "{"password": ...` is not valid JSON`),
 * and that input may be a secret, so only V8's fixed wording and the offset
 * are kept.
 */
export function describeJsonError(error: unknown): { message: string; /** Where it broke; past the end when the input ends too early. */ offset?: number } {
  const raw = (error instanceof Error ? error.message : String(error)).replace(/^invalid JSON:\s*/, "");
  if (/^Unexpected token/.test(raw)) return { message: "invalid JSON: unexpected character" };
  if (/^Unexpected end of JSON input/.test(raw)) return { message: "invalid JSON: input ends too early (truncated?)", offset: Number.MAX_SAFE_INTEGER };
  const positioned = /^([A-Za-z ,'{}[\]:]+?) in JSON at position (\d+)/.exec(raw);
  if (positioned) return { message: `invalid JSON: ${positioned[1]}`, offset: Number(positioned[2]) };
  return { message: "invalid JSON" };
}
