/**
 * Collects a document's text in pieces and hands it out in chunks of about
 * `size` characters, so a streaming renderer never holds more than one chunk
 * of its output (issue 14). Joining an array once per chunk is linear; `+=` on
 * one growing string would keep every intermediate rope alive until flattened.
 */
export class ChunkBuffer {
  #parts: string[] = [];
  #length = 0;

  /** `size`: characters per chunk (default 256 Ki, between the 64 KiB and 1 MiB the writers handle well). */
  constructor(readonly size = 1 << 18) {}

  /** Adds text; true when a chunk is ready to be taken. */
  push(text: string): boolean {
    this.#parts.push(text);
    this.#length += text.length;
    return this.#length >= this.size;
  }

  /** Adds a line and its newline; true when a chunk is ready. */
  line(text: string): boolean {
    return this.push(`${text}\n`);
  }

  /** Everything collected so far, emptying the buffer. */
  take(): string {
    const chunk = this.#parts.join("");
    this.#parts = [];
    this.#length = 0;
    return chunk;
  }

  /** True when a chunk is ready (for callers that push several pieces, then check). */
  get full(): boolean {
    return this.#length >= this.size;
  }
}

/** Concatenates a chunked text document (the wrappers that return one string). */
export async function collectText(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join("");
}
