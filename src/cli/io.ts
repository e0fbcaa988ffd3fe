import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";

/** Where a command writes: injected so tests can run the CLI in-process. */
export interface CliIo {
  stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Read for the input "-" (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Writes command output to `--output FILE` or stdout. */
export async function emit(io: CliIo, data: string | Uint8Array, output: string | undefined): Promise<void> {
  if (output) await writeFile(output, data);
  else io.stdout.write(data);
}

/** Colour only for a person at a terminal that did not ask for NO_COLOR (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  return Boolean(io.stdout.isTTY) && !("NO_COLOR" in io.env && io.env.NO_COLOR !== "") && io.env.TERM !== "dumb";
}

/**
 * Runs `write` against `--output FILE` (opened here, and closed and flushed
 * before returning, even when `write` throws) or stdout.
 */
export async function withOutput<T>(io: CliIo, output: string | undefined, write: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> {
  if (!output) return write(io.stdout as unknown as NodeJS.WritableStream);
  const file = createWriteStream(output);
  const failed = once(file, "error").then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined); // observed below; avoid an unhandled rejection when the write succeeds
  try {
    return await Promise.race([write(file), failed]);
  } finally {
    file.end();
    await Promise.race([once(file, "close"), failed]).catch(() => undefined);
  }
}

/** Writes chunks (a streamed document) to `--output FILE` or stdout, honouring backpressure. */
export function emitChunks(io: CliIo, chunks: AsyncIterable<string | Uint8Array>, output: string | undefined): Promise<void> {
  return withOutput(io, output, async (out) => {
    for await (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
  });
}
