import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RowOrder } from "../render/report-stream.js";
import { compareService, compareUid, type StoredRow } from "./report-rows.js";

/** Rows per sorted run: about 50 MB of lean rows in memory at a time. */
export const DEFAULT_RUN_SIZE = 50_000;

export interface RowStoreOptions {
  /**
   * Rows kept in memory before a sorted run is written to disk. Below it the
   * store never touches the disk; Infinity keeps everything in memory.
   */
  runSize?: number;
  /** Where the run files go (a fresh directory under it; default: the OS temp directory). */
  tempDir?: string;
}

const COMPARE: Record<RowOrder, (a: StoredRow, b: StoredRow) => number> = { uid: compareUid, service: compareService };

/**
 * The report's per-resource rows, in whatever order a renderer asks for,
 * without holding them all: rows are collected in runs of `runSize`, each run
 * sorted in memory and written as JSON lines to a temporary directory; a pass
 * in an order is a k-way merge of the runs. Runs in service order are made
 * from the uid-ordered ones on first request. Ties keep input order (a run's
 * sort is stable and runs hold consecutive input), so the order equals the
 * in-memory report's.
 *
 * The directory is removed by `close()`, at process exit, and on SIGINT/SIGTERM.
 */
export class RowStore {
  readonly #runSize: number;
  readonly #tempDir: string;
  #buffer: StoredRow[] = [];
  #dir: string | undefined;
  readonly #runs: Record<RowOrder, string[]> = { uid: [], service: [] };
  #count = 0;
  #sealed = false;
  #cleanup: (() => void) | undefined;

  constructor(options: RowStoreOptions = {}) {
    this.#runSize = options.runSize ?? DEFAULT_RUN_SIZE;
    if (!(this.#runSize >= 1)) throw new Error(`runSize must be at least 1 (got ${this.#runSize})`);
    this.#tempDir = options.tempDir ?? tmpdir();
  }

  get count(): number {
    return this.#count;
  }

  /** The temporary directory, while one exists (for tests and diagnostics). */
  get directory(): string | undefined {
    return this.#dir;
  }

  add(row: StoredRow): void {
    if (this.#sealed) throw new Error("rows cannot be added after they were read");
    this.#buffer.push(row);
    this.#count++;
    if (this.#buffer.length >= this.#runSize) this.#spill();
  }

  /** A pass over every row in the given order; the first pass ends the adding. */
  async *rows(order: RowOrder = "uid"): AsyncGenerator<StoredRow> {
    this.#seal();
    if (this.#dir === undefined) {
      // Everything fit in one run: sort in memory (a copy for service order, so uid order stays).
      const rows = order === "uid" ? this.#buffer : [...this.#buffer].sort(COMPARE.service);
      yield* rows;
      return;
    }
    const runs = this.#runsIn(order);
    yield* mergeRuns(runs, COMPARE[order]);
  }

  /** Removes the temporary directory (idempotent). */
  close(): void {
    this.#buffer = [];
    if (this.#cleanup) {
      process.off("exit", this.#cleanup);
      process.off("SIGINT", this.#onSignal);
      process.off("SIGTERM", this.#onSignal);
      this.#cleanup();
      this.#cleanup = undefined;
    }
  }

  #seal(): void {
    if (this.#sealed) return;
    this.#sealed = true;
    this.#buffer.sort(compareUid);
    // Once anything is on disk, the rest goes there too, so every pass is one merge.
    if (this.#dir !== undefined && this.#buffer.length) this.#spill();
  }

  #spill(): void {
    const dir = this.#ensureDir();
    this.#buffer.sort(compareUid);
    const file = join(dir, `uid-${this.#runs.uid.length}.jsonl`);
    writeRun(file, this.#buffer);
    this.#runs.uid.push(file);
    this.#buffer = [];
  }

  #runsIn(order: RowOrder): string[] {
    if (order === "uid" || this.#runs.service.length) return this.#runs[order];
    // Each uid run re-sorted by service (stable, so uid order holds within a service).
    for (const [i, file] of this.#runs.uid.entries()) {
      const rows = readRun(file).sort(compareService);
      const out = join(this.#dir!, `service-${i}.jsonl`);
      writeRun(out, rows);
      this.#runs.service.push(out);
    }
    return this.#runs.service;
  }

  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.#cleanup?.();
    // Alone on the signal, keep its default meaning (terminate); otherwise
    // another handler (a live run's Ctrl-C) decides and close() runs later.
    if (process.listenerCount(signal) === 1) {
      process.off("SIGINT", this.#onSignal);
      process.off("SIGTERM", this.#onSignal);
      process.kill(process.pid, signal);
    }
  };

  #ensureDir(): string {
    if (this.#dir === undefined) {
      const dir = mkdtempSync(join(this.#tempDir, "cloud-srm-report-"));
      this.#dir = dir;
      this.#cleanup = () => rmSync(dir, { recursive: true, force: true });
      process.on("exit", this.#cleanup);
      process.on("SIGINT", this.#onSignal);
      process.on("SIGTERM", this.#onSignal);
    }
    return this.#dir;
  }
}

/** One run as JSON lines, written in pieces of about 1 MiB (a run is tens of MB). */
function writeRun(file: string, rows: readonly StoredRow[]): void {
  const fd = openSync(file, "w");
  try {
    let chunk = "";
    for (const row of rows) {
      chunk += `${JSON.stringify(row)}\n`;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    if (chunk) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

function readRun(file: string): StoredRow[] {
  const text = readFileSync(file, "utf8");
  const rows: StoredRow[] = [];
  let start = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
    rows.push(JSON.parse(text.slice(start, end)) as StoredRow);
    start = end + 1;
  }
  return rows;
}

/** Bytes of run files buffered across all runs of a merge (each run gets its share, 64 KiB to 1 MiB). */
const MERGE_BUFFER = 32 << 20;

/**
 * A run's lines (unparsed) in batches, one per chunk read, so the merge awaits
 * per chunk, not per row, and holds text, not objects, for rows not yet due.
 */
async function* runLines(file: string, highWaterMark: number): AsyncGenerator<string[]> {
  let rest = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark })) {
    const lines = (rest + (chunk as string)).split("\n");
    rest = lines.pop()!;
    yield lines;
  }
  if (rest) yield [rest];
}

interface Cursor {
  run: number;
  lines: string[];
  index: number;
  /** The run's next row, parsed. */
  row: StoredRow;
  source: AsyncGenerator<string[]>;
}

/**
 * K-way merge of sorted runs with a binary heap; equal rows come from the
 * earlier run first. Each run holds one chunk of text and one parsed row, so
 * memory stays flat however many runs there are.
 */
async function* mergeRuns(files: readonly string[], compare: (a: StoredRow, b: StoredRow) => number): AsyncGenerator<StoredRow> {
  const heap: Cursor[] = [];
  const less = (a: Cursor, b: Cursor) => {
    const c = compare(a.row, b.row);
    return c < 0 || (c === 0 && a.run < b.run);
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const highWaterMark = Math.max(64 << 10, Math.min(1 << 20, Math.floor(MERGE_BUFFER / Math.max(1, files.length))));
  const sources: AsyncGenerator<string[]>[] = [];
  try {
    for (const [run, file] of files.entries()) {
      const source = runLines(file, highWaterMark);
      sources.push(source);
      const cursor: Cursor = { run, lines: [], index: 0, row: undefined as unknown as StoredRow, source };
      if (await advance(cursor)) {
        heap.push(cursor);
        up(heap.length - 1);
      }
    }
    while (heap.length) {
      const top = heap[0]!;
      yield top.row;
      if (await advance(top)) {
        down(0);
      } else {
        const last = heap.pop()!;
        if (heap.length) {
          heap[0] = last;
          down(0);
        }
      }
    }
  } finally {
    // A consumer that stops early closes the file streams.
    for (const source of sources) await source.return(undefined);
  }
}

/** Moves a cursor to its run's next row (reading the next chunk when needed); false at the run's end. */
async function advance(cursor: Cursor): Promise<boolean> {
  while (cursor.index >= cursor.lines.length) {
    const next = await cursor.source.next();
    if (next.done) return false;
    cursor.lines = next.value;
    cursor.index = 0;
  }
  cursor.row = JSON.parse(cursor.lines[cursor.index]!) as StoredRow;
  // Drop the parsed line's text: the batch shrinks as the merge goes.
  cursor.lines[cursor.index++] = "";
  return true;
}
