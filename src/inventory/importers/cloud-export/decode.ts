import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { SniffingDecoder } from "../../encoding.js";
import { openStream, type InputSource } from "../../input.js";

/**
 * The input as a stream of text chunks. Accepts gzip transparently because
 * AWS Config delivers its snapshots to S3 as `.json.gz` and customers hand
 * those files over as they are; the gzip magic bytes decide, not the name.
 */
export async function* textChunks(input: InputSource, stdin?: Readable): AsyncGenerator<string> {
  const source = openStream(input, stdin);
  if (typeof source === "string") {
    yield source;
    return;
  }
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  try {
    const first = await chunks.next();
    if (first.done) return;
    if (isGzip(first.value)) {
      const gunzip = createGunzip();
      feed(first.value, chunks, gunzip);
      yield* decode(gunzip[Symbol.asyncIterator]() as AsyncIterator<unknown>);
    } else {
      yield* decode(chunks, first.value);
    }
  } finally {
    await chunks.return?.();
  }
}

function isGzip(chunk: unknown): boolean {
  return chunk instanceof Uint8Array && chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
}

/**
 * Decoding by byte order mark (UTF-8, UTF-16 LE/BE: what PowerShell's `>`
 * writes), keeping a character split across chunks whole.
 */
async function* decode(chunks: AsyncIterator<unknown>, first?: unknown): AsyncGenerator<string> {
  const decoder = new SniffingDecoder();
  const text = (chunk: unknown) => (typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array));
  try {
    if (first !== undefined) yield text(first);
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield text(next.value);
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    // Stops the underlying stream (or gunzip) when the consumer stops early.
    await chunks.return?.();
  }
}

/** Pipes the already-read first chunk and the rest of the source into gunzip, honouring backpressure. */
function feed(first: unknown, rest: AsyncIterator<unknown>, gunzip: ReturnType<typeof createGunzip>): void {
  void (async () => {
    try {
      if (!gunzip.write(first as Uint8Array)) await new Promise((resolve) => gunzip.once("drain", resolve));
      for (let next = await rest.next(); !next.done; next = await rest.next()) {
        if (!gunzip.write(next.value as Uint8Array)) await new Promise((resolve) => gunzip.once("drain", resolve));
      }
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
}
