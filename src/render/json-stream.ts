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
    // Items are stringified in batches, nested in as many arrays as the part is deep, so that
    // JSON.stringify indents them itself (no re-indenting pass over each item's text).
    const depth = indent.length / 2 + 1;
    let first = true;
    let batch: unknown[] = [];
    const flush = () => {
      buffer += `${first ? "[\n" : ",\n"}${itemsText(batch, depth)}`;
      first = false;
      batch = [];
    };
    for await (const item of part.items) {
      batch.push(item);
      if (batch.length === BATCH) {
        flush();
        if (buffer.length >= CHUNK) {
          yield buffer;
          buffer = "";
        }
      }
    }
    if (batch.length) flush();
    buffer += first ? "[]" : `\n${indent}]`;
  }
  buffer += text.slice(from) + suffix;
  yield buffer;
}

/** Items per JSON.stringify call. */
const BATCH = 256;

/** The items of an array at `depth` (its items indented by 2 x depth spaces), joined by ",\n", without the brackets. */
function itemsText(items: unknown[], depth: number): string {
  let value: unknown = items;
  for (let level = 1; level < depth; level++) value = [value];
  const text = JSON.stringify(value, null, 2);
  // Drop the `depth` opening lines ("[" and the wrappers' brackets) and as many closing ones.
  let from = 0;
  for (let level = 0; level < depth; level++) from = text.indexOf("\n", from) + 1;
  let to = text.length;
  for (let level = 0; level < depth; level++) to = text.lastIndexOf("\n", to - 1);
  return text.slice(from, to);
}

/** JSON text placed at `indent`: every line after the first moves right (JSON.stringify escapes newlines in strings, so every "\n" is a line break). */
function indented(json: string, indent: string): string {
  return indent ? json.replaceAll("\n", `\n${indent}`) : json;
}
