import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import { CloudSrmError } from "../errors.js";
import { describeWriteError } from "./pipe.js";

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
  if (output) await writeFile(output, data).catch((error: unknown) => Promise.reject(writeError(output, error)));
  else io.stdout.write(data);
}

/** A write failure on `--output FILE` as one line naming the path (no stack trace). */
export function writeError(path: string, error: unknown): CloudSrmError {
  return new CloudSrmError("WRITE_FAILED", `cannot write ${path}: ${describeWriteError(error as NodeJS.ErrnoException)}`, { cause: error });
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
  const failed = once(file, "error").then(([error]) => Promise.reject(writeError(output, error)));
  failed.catch(() => undefined); // observed below; avoid an unhandled rejection when the write succeeds
  let result: T;
  try {
    result = await Promise.race([write(file), failed]);
  } catch (error) {
    file.destroy();
    throw error;
  }
  // A write that fails while the last data is flushed (a full disk) fails the command: never exit 0 on a cut file.
  file.end();
  await Promise.race([once(file, "close"), failed]).catch((error: unknown) => Promise.reject(error instanceof CloudSrmError ? error : writeError(output, error)));
  return result;
}

/** Writes chunks (a streamed document) to `--output FILE` or stdout, honouring backpressure. */
export function emitChunks(io: CliIo, chunks: AsyncIterable<string | Uint8Array>, output: string | undefined): Promise<void> {
  return withOutput(io, output, async (out) => {
    for await (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
  });
}
