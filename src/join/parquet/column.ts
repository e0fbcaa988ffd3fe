import { gzipSync } from "node:zlib";
import { ByteSink } from "./bytes.js";
import { bitWidthFor, encodeHybrid, Runs } from "./hybrid.js";
import { CompactWriter } from "./thrift.js";

// parquet.thrift enum values used here.
const TYPE = { INT64: 2, BYTE_ARRAY: 6 } as const;
const ENCODING = { PLAIN_DICTIONARY: 2, RLE: 3 } as const;
const PAGE = { DATA: 0, DICTIONARY: 2 } as const;

export type PhysicalType = keyof typeof TYPE;

/** Page compression: GZIP (Node's own zlib, level 1: fast, and every engine reads it) or none. */
export type Compression = "gzip" | "none";
const CODEC: Record<Compression, number> = { none: 0, gzip: 2 };

/** What the footer says about one column chunk. */
export interface ChunkMeta {
  path: readonly string[];
  type: PhysicalType;
  offset: number;
  dataPageOffset: number;
  size: number;
  uncompressedSize: number;
  numValues: number;
  compression: Compression;
}

/**
 * One leaf column of the current row group, dictionary-encoded: a value is
 * looked up once and stored as its index; the levels and indices are kept as
 * runs (see Runs). `encode` writes the chunk as one dictionary page and one
 * data page (v1, uncompressed) and `reset` starts the next row group: memory
 * holds one row group at most.
 */
export class DictionaryColumn {
  #dictionary = new Map<string | number, number>();
  #entries: (string | number)[] = [];
  /** Definition levels (0: null; maxDefinition: a value). */
  definitions = new Runs();
  /** Repetition levels, for the map's key and value columns only. */
  repetitions = new Runs();
  /** Dictionary indices of the values that are not null. */
  indices = new Runs();

  constructor(
    readonly path: readonly string[],
    readonly type: PhysicalType,
    readonly maxDefinition = 1,
    readonly maxRepetition = 0,
  ) {}

  // The last value looked up: consecutive resources often share account, region, type, service.
  #lastValue: string | number | undefined;
  #lastIndex = -1;

  index(value: string | number): number {
    if (value === this.#lastValue) return this.#lastIndex;
    let index = this.#dictionary.get(value);
    if (index === undefined) {
      index = this.#entries.length;
      this.#dictionary.set(value, index);
      this.#entries.push(value);
    }
    this.#lastValue = value;
    this.#lastIndex = index;
    return index;
  }

  /** `rows` rows of one value (null or undefined: null) in a flat optional column. */
  add(value: string | number | null | undefined, rows: number): void {
    if (value === null || value === undefined) this.definitions.push(0, rows);
    else {
      this.definitions.push(1, rows);
      this.indices.push(this.index(value), rows);
    }
  }

  /** `rows` rows of one value already looked up with `index` (-1: null). */
  addIndex(index: number, rows: number): void {
    if (index < 0) this.definitions.push(0, rows);
    else {
      this.definitions.push(1, rows);
      this.indices.push(index, rows);
    }
  }

  /** Writes the chunk's pages to `out`, which starts at file offset `offset`. */
  encode(out: ByteSink, offset: number, compression: Compression): ChunkMeta {
    const start = out.length;
    const dictionary = new ByteSink(Math.max(64, this.#entries.length * 16));
    if (this.type === "BYTE_ARRAY") {
      for (const entry of this.#entries) {
        const bytes = Buffer.from(entry as string, "utf8");
        dictionary.uint32(bytes.length);
        dictionary.bytes(bytes);
      }
    } else for (const entry of this.#entries) dictionary.int64(entry as number);
    let uncompressed = 0;
    const page = (type: number, body: Uint8Array, header: (w: CompactWriter) => void): void => {
      const stored = compression === "gzip" ? gzipSync(body, { level: 1 }) : body;
      const head = CompactWriter.struct((w) => {
        w.i32(1, type).i32(2, body.length).i32(3, stored.length);
        header(w);
      });
      out.bytes(head);
      out.bytes(stored);
      uncompressed += head.length + body.length;
    };
    page(PAGE.DICTIONARY, dictionary.view(), (w) => w.struct(7, (h) => h.i32(1, this.#entries.length).i32(2, ENCODING.PLAIN_DICTIONARY)));

    const data = new ByteSink(1024);
    if (this.maxRepetition > 0) levels(data, this.repetitions, bitWidthFor(this.maxRepetition));
    if (this.maxDefinition > 0) levels(data, this.definitions, bitWidthFor(this.maxDefinition));
    const width = bitWidthFor(Math.max(0, this.#entries.length - 1));
    data.byte(width);
    encodeHybrid(this.indices, width, data);
    const dataPageOffset = offset + out.length - start;
    const numValues = this.definitions.count;
    page(PAGE.DATA, data.view(), (w) =>
      w.struct(5, (h) => h.i32(1, numValues).i32(2, ENCODING.PLAIN_DICTIONARY).i32(3, ENCODING.RLE).i32(4, ENCODING.RLE)),
    );
    return { path: this.path, type: this.type, offset, dataPageOffset, size: out.length - start, uncompressedSize: uncompressed, numValues, compression };
  }

  reset(): void {
    this.#dictionary = new Map();
    this.#entries = [];
    this.#lastValue = undefined;
    this.#lastIndex = -1;
    this.definitions.clear();
    this.repetitions.clear();
    this.indices.clear();
  }
}

/** Levels of a v1 data page: their byte length (4 bytes, little-endian), then the hybrid encoding. */
function levels(out: ByteSink, runs: Runs, bitWidth: number): void {
  const lengthAt = out.length;
  out.uint32(0);
  encodeHybrid(runs, bitWidth, out);
  const length = out.length - lengthAt - 4;
  out.setByte(lengthAt, length & 0xff);
  out.setByte(lengthAt + 1, (length >>> 8) & 0xff);
  out.setByte(lengthAt + 2, (length >>> 16) & 0xff);
  out.setByte(lengthAt + 3, (length >>> 24) & 0xff);
}

/** The footer's ColumnChunk for one chunk. */
export function writeChunkMeta(w: CompactWriter, chunk: ChunkMeta): void {
  w.i64(2, chunk.offset).struct(3, (m) =>
    m
      .i32(1, TYPE[chunk.type])
      .listI32(2, [ENCODING.PLAIN_DICTIONARY, ENCODING.RLE])
      .listString(3, chunk.path)
      .i32(4, CODEC[chunk.compression])
      .i64(5, chunk.numValues)
      .i64(6, chunk.uncompressedSize)
      .i64(7, chunk.size)
      .i64(9, chunk.dataPageOffset)
      .i64(11, chunk.offset),
  );
}
