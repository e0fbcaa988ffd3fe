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

/** Writes chunks (a streamed document) to `--output FILE` or stdout, honouring backpressure. */
export async function emitChunks(io: CliIo, chunks: AsyncIterable<string | Uint8Array>, output: string | undefined): Promise<void> {
  if (!output) {
    for await (const chunk of chunks) io.stdout.write(chunk);
    return;
  }
  const file = createWriteStream(output);
  try {
    for await (const chunk of chunks) if (!file.write(chunk)) await once(file, "drain");
  } finally {
    file.end();
    await once(file, "close");
  }
}
