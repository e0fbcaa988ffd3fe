/**
 * A progress line for long imports (`inventory import`, and each input of
 * `report --import` / `--inventory`): bytes read (of the file's size, when
 * known) and records imported, redrawn in place on stderr at most every
 * REDRAW_MS. Only for a person at a terminal: when stderr is not a TTY (a
 * pipe, a CI log, a file) or TERM is "dumb", nothing is drawn and the input is
 * read exactly as without it.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { InputSource } from "../inventory/input.js";
import type { CliIo } from "./io.js";

const REDRAW_MS = 200;

export interface ImportProgress {
  /** The input to hand to the importer: the same bytes, counted as they are read. */
  input: InputSource;
  /** Counts each record as it passes. */
  track<T>(records: AsyncIterable<T>): AsyncGenerator<T>;
  /** Counts records that pass in batches (the NDJSON reader's). */
  count(records: number): void;
  /** Clears the line (call once, when the import has ended). */
  clear(): void;
}

/** A progress line for reading `file` ("-" for stdin), or undefined when stderr is not a terminal. */
export async function importProgress(io: CliIo, file: string, clock: () => number = Date.now): Promise<ImportProgress | undefined> {
  if (!io.stderr.isTTY || io.env.TERM === "dumb") return undefined;
  const total = file === "-" ? undefined : await stat(file).then((s) => s.size, () => undefined);
  let bytes = 0;
  let records = 0;
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const label = file === "-" ? "stdin" : file;
  const draw = (force = false) => {
    const now = clock();
    if (!force && now - last < REDRAW_MS) return;
    last = now;
    const read = total ? `${mib(bytes)} of ${mib(total)} MiB (${Math.min(100, Math.floor((bytes / total) * 100))}%)` : `${mib(bytes)} MiB`;
    // Control characters in a file name would move the cursor: shown escaped.
    io.stderr.write(`\r\x1b[Kimporting ${JSON.stringify(label).slice(1, -1)}: ${read} read, ${records} record(s)`);
    drawn = true;
  };
  async function* counted(): AsyncGenerator<Buffer | string> {
    // Opened when the importer starts reading, so an unreadable file fails there, as without progress.
    const source = file === "-" ? (io.stdin ?? process.stdin) : createReadStream(file, { highWaterMark: 1 << 20 });
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      draw();
      yield chunk;
    }
  }
  return {
    input: { stream: Readable.from(counted(), { objectMode: false }), name: file },
    async *track(items) {
      for await (const item of items) {
        records++;
        draw();
        yield item;
      }
    },
    count(n) {
      records += n;
      draw();
    },
    clear() {
      if (drawn) io.stderr.write("\r\x1b[K");
    },
  };
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
