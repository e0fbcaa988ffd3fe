/**
 * Text encodings of exports people really have. Windows PowerShell's `>`
 * writes UTF-16 LE with a byte order mark (`az resource list > out.json`);
 * other tools write UTF-8 with a BOM. The BOM decides; without one the input
 * is UTF-8 (JSON's own default, RFC 8259 section 8.1).
 */
import { TextDecoder } from "node:util";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be";

/** The encoding named by a byte order mark, and the mark's length; UTF-8 without one. */
export function sniffEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bom: number } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bom: 2 };
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", bom: 3 };
  return { encoding: "utf-8", bom: 0 };
}

/**
 * A streaming decoder that picks its encoding from the first bytes and keeps
 * characters split across chunks whole. `decode(chunk)` for each chunk, then
 * `end()`.
 */
export class SniffingDecoder {
  #decoder: TextDecoder | undefined;
  #head: Uint8Array | undefined;

  decode(chunk: Uint8Array): string {
    if (this.#decoder) return this.#decoder.decode(chunk, { stream: true });
    // A BOM needs up to 3 bytes: hold a tiny first chunk until there are enough.
    const bytes = this.#head ? concat(this.#head, chunk) : chunk;
    if (bytes.length < 3) {
      this.#head = bytes;
      return "";
    }
    this.#head = undefined;
    const { encoding, bom } = sniffEncoding(bytes);
    this.#decoder = new TextDecoder(encoding);
    return this.#decoder.decode(bytes.subarray(bom), { stream: true });
  }

  end(): string {
    if (!this.#decoder) {
      const bytes = this.#head ?? new Uint8Array();
      const { encoding, bom } = sniffEncoding(bytes);
      return new TextDecoder(encoding).decode(bytes.subarray(bom));
    }
    return this.#decoder.decode();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A whole buffer as text, by its BOM. */
export function decodeBuffer(bytes: Uint8Array): string {
  const { encoding, bom } = sniffEncoding(bytes);
  return new TextDecoder(encoding).decode(bytes.subarray(bom));
}
