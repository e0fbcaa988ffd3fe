/**
 * A JSON.parse error message without the input it quotes. V8 includes a
 * snippet of the text near the fault ("Unexpected token 'h', ..."password": hunter2"...
 * is not valid JSON"), and that text may be a secret, so only the fixed
 * wording and the position are kept.
 */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  let kind = "invalid JSON";
  if (/Unexpected end of JSON input|Unterminated string/i.test(message)) kind = "invalid JSON: input ends too early";
  else if (/Unexpected token|Unexpected non-whitespace|Expected/i.test(message)) kind = "invalid JSON: unexpected character";
  else if (/Bad control character|Bad escaped character|Bad Unicode escape/i.test(message)) kind = "invalid JSON: bad character in a string";
  return position ? `${kind} at column ${Number(position) + 1}` : kind;
}
