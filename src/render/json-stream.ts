/**
 * Pretty JSON (exactly the bytes of `JSON.stringify(value, null, 2)`) written
 * in chunks, for documents with an array of one entry per resource: the
 * document is stringified with placeholders where the big parts go, and each
 * placeholder is replaced, as the text streams out, by an array whose items
 * come from an async iterable (each stringified and indented on its own) or by
 * a value computed only when the text reaches it (after a pass over the rows
 * filled what it needs). No chunk ever holds the whole document.
 */

/** A part of a document written as it streams. */
export type JsonPart = { items: AsyncIterable<unknown> } | { value: () => unknown };

/** Chunks are cut at about this size (V8 strings fail near 512 MiB; small chunks keep memory flat). */
const CHUNK = 1 << 20;

let counter = 0;

/** A placeholder string to put in the document where a part goes. */
export function jsonPlaceholder(): string {
  // Characters JSON escapes cannot appear raw in any other value's output, so the marker is unique.
  return `\u0000cloud-srm-part-${++counter}\u0000`;
}

/**
 * The document's JSON (indent 2) followed by `suffix`, with each placeholder
 * (a string value in `document`) replaced by its part. Placeholders must be
 * values of object keys or array items (not keys), each used once.
 */
export async function* jsonChunks(document: unknown, parts: ReadonlyMap<string, JsonPart>, suffix = "\n"): AsyncGenerator<string> {
  const text = JSON.stringify(document, null, 2);
  const markers = [...parts.keys()]
    .map((marker) => ({ marker, quoted: JSON.stringify(marker), at: text.indexOf(JSON.stringify(marker)) }))
    .filter((m) => m.at !== -1)
    .sort((a, b) => a.at - b.at);
  let buffer = "";
  let from = 0;
  for (const { marker, quoted, at } of markers) {
    buffer += text.slice(from, at);
    from = at + quoted.length;
    const lineStart = text.lastIndexOf("\n", at) + 1;
    const indent = /^ */.exec(text.slice(lineStart, at))![0];
    const part = parts.get(marker)!;
    if ("value" in part) {
      buffer += indented(JSON.stringify(part.value(), null, 2), indent);
      continue;
    }
    const inner = `${indent}  `;
    let first = true;
    for await (const item of part.items) {
      buffer += `${first ? "[\n" : ",\n"}${inner}${indented(JSON.stringify(item, null, 2), inner)}`;
      first = false;
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = "";
      }
    }
    buffer += first ? "[]" : `\n${indent}]`;
  }
  buffer += text.slice(from) + suffix;
  yield buffer;
}

/** JSON text placed at `indent`: every line after the first moves right (JSON.stringify escapes newlines in strings, so every "\n" is a line break). */
function indented(json: string, indent: string): string {
  return indent ? json.replaceAll("\n", `\n${indent}`) : json;
}
