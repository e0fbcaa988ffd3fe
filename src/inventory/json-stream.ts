/**
 * The records of one JSON document read as the text arrives, for documents
 * too large to hold as one string (V8 stops at 512 MiB) or to hold at all:
 * a 1 GB Terraform state or Config snapshot. The records array is found by
 * walking the top-level object (other members are skipped, not parsed; their
 * scalar values are reported), and each element's text is cut out and given
 * to JSON.parse on its own, so memory holds one record at a time and parsing
 * runs at JSON.parse's speed. A pure-JavaScript token parser
 * (@streamparser/json, measured at 3.6x JSON.parse on a Terraform state)
 * would build every value itself; this only finds where elements end.
 *
 * One pass, no recursion, a state machine over chunks: a value is never
 * rescanned when the next chunk arrives. Broken input is reported the way
 * scanJsonArray reports it: a record that does not parse is an error element
 * and the next one is read; a document cut off ends with a problem.
 *
 * Lines are counted outside strings (a raw newline inside a string, which
 * JSON does not allow, is not counted).
 */
import { jsonErrorMessage } from "./json-error.js";
import { parseLenient } from "./json-records.js";

export type StreamEvent =
  /** A member of the top-level object (its value is a records array, a skipped value, or a scalar). */
  | { kind: "member"; key: string }
  /** A top-level member whose value is a string, number, boolean or null. */
  | { kind: "scalar"; key: string; value: unknown }
  /** The records array was found (`key` undefined for a top-level array). */
  | { kind: "array"; key: string | undefined }
  | { kind: "element"; index: number; line: number; value: unknown }
  | { kind: "element-error"; index: number; line: number; error: string }
  /** A problem with the document itself; reading stops after it unless it says otherwise. */
  | { kind: "problem"; line: number; message: string };

const enum S {
  Start,
  Object,
  Key,
  Colon,
  Value,
  Skip,
  Scalar,
  Array,
  Element,
  End,
}

/**
 * Reads `chunks` (text) and yields what it finds. `isRecordsKey` tells which
 * top-level member holds the records (the first array under such a key is
 * streamed; later ones are skipped).
 */
export async function* streamJsonRecords(chunks: AsyncIterable<string>, isRecordsKey: (key: string) => boolean): AsyncGenerator<StreamEvent> {
  let state: S = S.Start;
  let line = 1;
  let key = "";
  let topLevelArray = false;
  let found = false;
  let index = 0;
  // The value being cut out (a key, a scalar, an element): parts of earlier chunks plus where it starts in this one.
  let parts: string[] = [];
  let from = -1;
  let elementLine = 0;
  // Nesting and string state inside a skipped value or an element.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let bare = false;
  let first = true;

  for await (let chunk of pieces(chunks)) {
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const out: StreamEvent[] = [];
    const n = chunk.length;
    let i = 0;
    let backslashAt = -1;
    if (from !== -1) from = 0;
    while (i < n) {
      switch (state) {
        case S.Start:
        case S.Object:
        case S.Colon:
        case S.Value:
        case S.Array:
        case S.End: {
          const c = chunk.charCodeAt(i);
          if (c === 10) {
            line++;
            i++;
            continue;
          }
          if (c === 32 || c === 9 || c === 13) {
            i++;
            continue;
          }
          if (state === S.Start) {
            if (c === 123) state = S.Object;
            else if (c === 91) {
              topLevelArray = true;
              found = true;
              state = S.Array;
              out.push({ kind: "array", key: undefined });
            } else {
              out.push({ kind: "problem", line, message: c === 60 ? "not JSON (it looks like HTML or XML)" : "not a JSON object or array" });
              yield* out;
              return;
            }
            i++;
          } else if (state === S.Object) {
            if (c === 44) i++;
            else if (c === 125) {
              state = S.End;
              i++;
            } else if (c === 34) {
              state = S.Key;
              inString = true;
              escaped = false;
              parts = [];
              from = i;
              i++;
            } else {
              yield* out;
              yield { kind: "problem", line, message: "invalid JSON: expected a member name" };
              return;
            }
          } else if (state === S.Colon) {
            if (c !== 58) {
              yield* out;
              yield { kind: "problem", line, message: "invalid JSON: expected ':'" };
              return;
            }
            state = S.Value;
            i++;
          } else if (state === S.Value) {
            if (c === 91 && !found && isRecordsKey(key)) {
              found = true;
              state = S.Array;
              out.push({ kind: "array", key });
              i++;
            } else if (c === 123 || c === 91) {
              state = S.Skip;
              depth = 1;
              inString = false;
              escaped = false;
              i++;
            } else {
              state = S.Scalar;
              parts = [];
              from = i;
              bare = c !== 34;
              inString = !bare;
              escaped = false;
              i++;
            }
          } else if (state === S.Array) {
            if (c === 44) i++;
            else if (c === 93) {
              state = topLevelArray ? S.End : S.Object;
              i++;
            } else if (c === 125 || c === 58) {
              // A character that cannot start a value, left by a broken record: reported and stepped over.
              out.push({ kind: "element-error", index: index++, line, error: `invalid JSON: unexpected ${JSON.stringify(String.fromCharCode(c))} in the records array` });
              i++;
            } else {
              state = S.Element;
              elementLine = line;
              parts = [];
              from = i;
              bare = c !== 123 && c !== 91 && c !== 34;
              depth = bare ? 0 : c === 34 ? 0 : 1;
              inString = c === 34;
              escaped = false;
              // A bare value is read from its first character by the bare loop; the others step past it.
              if (!bare) i++;
            }
          } else {
            // After the document: whitespace only; anything else is ignored as JSON.parse would refuse it.
            i = n;
          }
          continue;
        }
        case S.Key:
        case S.Scalar:
        case S.Skip:
        case S.Element: {
          // Inside a string: jump to the next quote or backslash.
          if (inString) {
            if (escaped) {
              escaped = false;
              i++;
              continue;
            }
            const quote = chunk.indexOf('"', i);
            // The next backslash is looked up again only once it has been passed (a chunk without
            // one would otherwise be searched to its end for every string: quadratic).
            if (backslashAt < i) {
              backslashAt = chunk.indexOf("\\", i);
              if (backslashAt === -1) backslashAt = n;
            }
            const backslash = backslashAt === n ? -1 : backslashAt;
            if (backslash !== -1 && (quote === -1 || backslash < quote)) {
              if (backslash + 1 < n) i = backslash + 2;
              else {
                escaped = true;
                i = n;
              }
              continue;
            }
            if (quote === -1) {
              i = n;
              continue;
            }
            i = quote + 1;
            inString = false;
            if (state === S.Key) {
              parts.push(chunk.slice(from, i));
              from = -1;
              try {
                key = parseLenient(parts.join("")) as string;
              } catch {
                yield* out;
                yield { kind: "problem", line, message: "invalid JSON: a member name is not a valid string" };
                return;
              }
              parts = [];
              out.push({ kind: "member", key });
              state = S.Colon;
            } else if (state === S.Scalar || (state === S.Element && depth === 0)) {
              finish(i);
            }
            continue;
          }
          if (bare) {
            // A number or literal runs to the next delimiter.
            let j = i;
            while (j < n) {
              const c = chunk.charCodeAt(j);
              if (c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9) break;
              j++;
            }
            i = j;
            if (j < n) finish(j);
            continue;
          }
          // Structure inside a skipped value or an element.
          const c = chunk.charCodeAt(i);
          if (c === 34) {
            inString = true;
            i++;
          } else if (c === 123 || c === 91) {
            depth++;
            i++;
          } else if (c === 125 || c === 93) {
            depth--;
            i++;
            if (depth === 0) {
              if (state === S.Skip) state = S.Object;
              else finish(i);
            }
          } else {
            if (c === 10) line++;
            i++;
          }
          continue;
        }
      }
    }
    if (from !== -1) parts.push(chunk.slice(from));
    yield* out;

    /** The scalar or element that ends at `end` (exclusive) in this chunk. */
    function finish(end: number): void {
      parts.push(chunk.slice(from, end));
      from = -1;
      const text = parts.join("");
      parts = [];
      bare = false;
      if (state === S.Scalar) {
        try {
          out.push({ kind: "scalar", key, value: parseLenient(text) });
        } catch {
          // An unreadable scalar is not a record: ignored, as the whole-text reader does.
        }
        state = S.Object;
        return;
      }
      try {
        out.push({ kind: "element", index, line: elementLine, value: parseLenient(text) });
      } catch (error) {
        out.push({ kind: "element-error", index, line: elementLine, error: jsonErrorMessage(error) });
      }
      index++;
      state = S.Array;
    }
  }
  if (state === S.Element) yield { kind: "problem", line: elementLine, message: `record ${index} is cut off: input ends before it closes (truncated?)` };
  else if (state === S.Array) yield { kind: "problem", line, message: `input ends inside the records array after ${index} record(s) (truncated?)` };
  else if (state === S.Start) yield { kind: "problem", line, message: "input is empty" };
  else if (!found && state !== S.End) yield { kind: "problem", line, message: "input ends before the records array (truncated?)" };
}

/** Chunks of at most PIECE characters: the events of one piece are held until it is done, so a 64 MiB first chunk must not mean 64 MiB of parsed records at once. */
async function* pieces(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    if (chunk.length <= PIECE) yield chunk;
    else for (let i = 0; i < chunk.length; i += PIECE) yield chunk.slice(i, i + PIECE);
  }
}

const PIECE = 1 << 20;
