import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Framework, Matrix, MatrixRow } from "../types.js";
import { groupByFramework } from "./framework-view.js";

/** The group of rows with no id in the framework (last, as groupByFramework puts it). */
export const UNMAPPED_GROUP = "(unmapped)";

/** Characters buffered across all groups before they are appended to their files. */
const BUFFER_BUDGET = 16 << 20;

/**
 * The framework view of a report (rows regrouped under a framework's ids,
 * issue 14) in one pass over the rows and bounded memory: each line goes to
 * its group's buffer as the rows pass in uid order; past BUFFER_BUDGET the
 * buffers are appended to one temporary file per group; `lines()` then gives
 * the groups in order, each file then its buffer. The groups are known up
 * front from the services' matrices (a row of a resource is one of its
 * service's matrix rows), so their order is groupByFramework's: ids in
 * natural order, rows without one last; within a group, the order lines were
 * added. Time: linear in the lines (each written and read once more).
 */
export class FrameworkBuckets {
  readonly #index = new Map<string, number>();
  readonly #ids: string[];
  readonly #buffers: string[];
  readonly #files: (string | undefined)[];
  readonly #separator: string;
  readonly #budget: number;
  #buffered = 0;
  #fileCount = 0;
  #dir: string | undefined;
  readonly #onExit = () => this.close();
  /** As RowStore: remove the files on Ctrl-C / SIGTERM, then keep the signal's default meaning when alone on it. */
  readonly #onSignal = (signal: NodeJS.Signals) => {
    const alone = process.listenerCount(signal) === 1;
    this.close();
    if (alone) process.kill(process.pid, signal);
  };

  /**
   * `separator` ends each line (CSV: "\r\n"; JSON lines: "\n"); `budget`:
   * characters buffered before the groups go to disk (tests set it small).
   */
  constructor(
    readonly framework: Framework,
    services: Readonly<Record<string, Matrix>>,
    options: { separator?: string; budget?: number } = {},
  ) {
    const ids = new Set<string>();
    for (const matrix of Object.values(services)) for (const row of matrix.rows) for (const id of row.frameworks[framework] ?? []) ids.add(id);
    this.#ids = groupByFramework(
      [...ids].map((id) => ({ frameworks: { [framework]: [id] } })),
      framework,
    ).map((g) => g.id);
    this.#ids.push(UNMAPPED_GROUP);
    for (const [i, id] of this.#ids.entries()) this.#index.set(id, i);
    this.#buffers = this.#ids.map(() => "");
    this.#files = this.#ids.map(() => undefined);
    this.#separator = options.separator ?? "\n";
    this.#budget = options.budget ?? BUFFER_BUDGET;
  }

  /**
   * Adds one row's line under each id its matrix row maps to (as often as the
   * id is listed, as groupByFramework does), or under "(unmapped)".
   * `line(id)` makes the line for a group (it may lead with the id).
   */
  add(row: Pick<MatrixRow, "frameworks"> | undefined, line: (id: string) => string): void {
    const ids = row?.frameworks[this.framework] ?? [];
    if (ids.length === 0) this.#push(this.#index.get(UNMAPPED_GROUP)!, line(UNMAPPED_GROUP));
    for (const id of ids) this.#push(this.#index.get(id) ?? this.#extra(id), line(id));
  }

  /** Every line, group by group in the view's order, in pieces of about 1 MiB; removes the temporary files at the end. */
  async *chunks(): AsyncGenerator<string> {
    try {
      for (const [i] of this.#ids.entries()) {
        const file = this.#files[i];
        if (file) for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) yield chunk as string;
        if (this.#buffers[i]) yield this.#buffers[i]!;
        this.#buffers[i] = "";
      }
    } finally {
      this.close();
    }
  }

  /** The lines one by one (without their separators), in the view's order. */
  async *lines(): AsyncGenerator<string> {
    let rest = "";
    for await (const chunk of this.chunks()) {
      const lines = (rest + chunk).split(this.#separator);
      rest = lines.pop()!;
      yield* lines;
    }
  }

  /** Removes the temporary directory (idempotent). */
  close(): void {
    if (this.#dir === undefined) return;
    rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
    process.off("exit", this.#onExit);
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
  }

  #push(group: number, line: string): void {
    this.#buffers[group] += line + this.#separator;
    this.#buffered += line.length + this.#separator.length;
    if (this.#buffered >= this.#budget) this.#flush();
  }

  /** An id no matrix of the head lists (cannot happen for rows of those matrices): sorted in before "(unmapped)". */
  #extra(id: string): number {
    // Only reachable if a row's matrix is not in the head; keep it rather than drop it.
    this.#ids.splice(this.#ids.length - 1, 0, id);
    this.#buffers.splice(this.#buffers.length - 1, 0, "");
    this.#files.splice(this.#files.length - 1, 0, undefined);
    this.#index.clear();
    for (const [i, each] of this.#ids.entries()) this.#index.set(each, i);
    return this.#index.get(id)!;
  }

  #flush(): void {
    if (this.#dir === undefined) {
      this.#dir = mkdtempSync(join(tmpdir(), "cloud-srm-framework-"));
      process.on("exit", this.#onExit);
      process.on("SIGINT", this.#onSignal);
      process.on("SIGTERM", this.#onSignal);
    }
    for (const [i, text] of this.#buffers.entries()) {
      if (!text) continue;
      const file = (this.#files[i] ??= join(this.#dir, `group-${this.#fileCount++}.txt`));
      const fd = openSync(file, "a");
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      this.#buffers[i] = "";
    }
    this.#buffered = 0;
  }
}
