import * as zlib from "node:zlib";
import { crc32 as jsCrc32 } from "./crc32.js";

/** One file to store in a ZIP archive. */
export interface ZipEntry {
  /** Path inside the archive, forward slashes, ASCII. */
  name: string;
  data: Uint8Array;
}

// Every entry carries the same timestamp, so the same files give the same
// bytes on any day and in any time zone: 1980-01-01 00:00, the earliest MS-DOS
// date (APPNOTE 4.4.6). The document's own clock lives in docProps/core.xml.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const VERSION = 20; // 2.0: deflate and data descriptors (APPNOTE 4.4.3.2)
const VERSION_ZIP64 = 45; // 4.5: ZIP64 records (APPNOTE 4.4.3.2)
const DEFLATE = 8;
/** General purpose flag bit 3: CRC and sizes follow the data in a data descriptor (APPNOTE 4.4.4, 4.3.9). */
const DATA_DESCRIPTOR = 0x0008;
const MAX_32 = 0xffffffff;
// Level 1: a workbook of a large report is hundreds of MB of XML; the fastest
// deflate keeps it within seconds and still shrinks it ~10x.
const LEVEL = 1;
/** An empty final deflate block: ends a stream of sync-flushed pieces. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0), { level: LEVEL });
const TOO_BIG = "a worksheet exceeds 4 GiB of XML, which needs ZIP64 sizes; export CSV instead";

/** node:zlib's CRC-32 (native, Node 22.2+), else the table-driven one. */
const crc32: (data: Uint8Array, previous?: number) => number =
  (zlib as { crc32?: (data: Uint8Array, previous?: number) => number }).crc32 ?? jsCrc32;

/**
 * An entry being written: its local header, then `write(piece)` for each
 * piece of data (the compressed bytes to write), then `end()` (the final
 * block and the data descriptor). Entries are written one after another.
 */
export interface StreamedEntry {
  header: Buffer;
  write(piece: Uint8Array): Buffer;
  end(): Buffer;
}

/**
 * A ZIP archive (PKWARE APPNOTE 6.3.x, ZIP64 offsets past 4 GiB, no
 * encryption) written as it goes, every entry deflated: an entry whose bytes are known is compressed at
 * once with its sizes in the local header; a streamed entry is compressed as
 * its data arrives, its CRC and sizes in a data descriptor after it, so a
 * worksheet of a million rows never sits in memory. Only the central
 * directory (about 80 bytes per entry) is kept until the end. Deterministic:
 * same entries in the same order, same bytes.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
export class ZipWriter {
  #offset = 0;
  readonly #central: Buffer[] = [];
  #count = 0;
  readonly #zip64Above: number;

  /**
   * `zip64Above`: offsets beyond it are written as ZIP64 records (APPNOTE
   * 4.3.14-4.3.16, 4.5.3), so an archive may pass 4 GiB; tests lower it to
   * see the records without writing gigabytes. Each entry stays under 4 GiB.
   */
  constructor(options: { zip64Above?: number } = {}) {
    this.#zip64Above = Math.min(options.zip64Above ?? MAX_32, MAX_32 - 1);
  }

  /** An entry whose bytes are all known: returns its local header and data. */
  entry(name: string, data: Uint8Array): Buffer[] {
    const compressed = zlib.deflateRawSync(data, { level: LEVEL });
    const crc = crc32(data);
    const local = this.#local(name, 0, crc, compressed.length, data.length);
    this.#record(name, 0, crc, compressed.length, data.length, local.length + compressed.length);
    return [local, compressed];
  }

  /**
   * An entry deflated as its data arrives (see StreamedEntry), its CRC and
   * sizes in a data descriptor after the data. Each piece of data is deflated
   * on its own and ends with a sync flush (an empty stored block, on a byte
   * boundary), so the pieces concatenate into one valid deflate stream closed
   * by an empty final block (RFC 1951 §3.2.3-3.2.4; what pigz does). Pieces
   * are compressed synchronously: no round trip through the thread pool per
   * piece, and no back-reference crosses a piece (a 256 Ki piece loses little).
   */
  open(name: string): StreamedEntry {
    const local = this.#local(name, DATA_DESCRIPTOR, 0, 0, 0);
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    let ended = false;
    return {
      header: local,
      write: (piece) => {
        if (ended) throw new Error(`ZIP entry ${name} is closed`);
        crc = crc32(piece, crc);
        size += piece.length;
        const compressed = zlib.deflateRawSync(piece, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH });
        compressedSize += compressed.length;
        return compressed;
      },
      end: () => {
        ended = true;
        compressedSize += FINAL_BLOCK.length;
        if (size > MAX_32 || compressedSize > MAX_32) throw new RangeError(TOO_BIG);
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(compressedSize, 8);
        descriptor.writeUInt32LE(size, 12);
        this.#record(name, DATA_DESCRIPTOR, crc, compressedSize, size, local.length + compressedSize + descriptor.length);
        return Buffer.concat([FINAL_BLOCK, descriptor]);
      },
    };
  }

  /** The central directory and its end record (with the ZIP64 end records when offsets need them). */
  end(): Buffer[] {
    const centralSize = this.#central.reduce((n, b) => n + b.length, 0);
    const centralOffset = this.#offset;
    const out = [...this.#central];
    const zip64 = centralOffset > this.#zip64Above || centralSize > this.#zip64Above;
    if (zip64) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4); // size of the rest of the record
      record.writeUInt16LE(VERSION_ZIP64, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      // disk numbers (16, 20): 0
      record.writeBigUInt64LE(BigInt(this.#count), 24);
      record.writeBigUInt64LE(BigInt(this.#count), 32);
      record.writeBigUInt64LE(BigInt(centralSize), 40);
      record.writeBigUInt64LE(BigInt(centralOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8);
      locator.writeUInt32LE(1, 16); // total disks
      out.push(record, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.#count, 8);
    end.writeUInt16LE(this.#count, 10);
    end.writeUInt32LE(zip64 ? MAX_32 : centralSize, 12);
    end.writeUInt32LE(zip64 ? MAX_32 : centralOffset, 16);
    out.push(end);
    return out;
  }

  #local(name: string, flags: number, crc: number, compressedSize: number, size: number): Buffer {
    if (!/^[\x20-\x7e]+$/.test(name)) throw new RangeError(`ZIP entry names must be printable ASCII: ${JSON.stringify(name)}`);
    if (this.#count >= 0xffff) throw new RangeError("a ZIP without ZIP64 holds at most 65535 entries");
    const bytes = Buffer.from(name, "ascii");
    const local = Buffer.alloc(30 + bytes.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(bytes.length, 26);
    local.writeUInt16LE(0, 28);
    bytes.copy(local, 30);
    return local;
  }

  #record(name: string, flags: number, crc: number, compressedSize: number, size: number, length: number): void {
    if (size > MAX_32 || compressedSize > MAX_32) throw new RangeError(TOO_BIG);
    const bytes = Buffer.from(name, "ascii");
    // Past 4 GiB the entry's offset goes in a ZIP64 extended information extra field.
    const zip64 = this.#offset > this.#zip64Above;
    const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(this.#offset), 4);
    }
    const header = Buffer.alloc(46 + bytes.length + extra.length);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION, 4); // made by: MS-DOS
    header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(DEFLATE, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressedSize, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(bytes.length, 28);
    header.writeUInt16LE(extra.length, 30);
    // comment length, disk, internal and external attributes: all 0
    header.writeUInt32LE(zip64 ? MAX_32 : this.#offset, 42);
    bytes.copy(header, 46);
    extra.copy(header, 46 + bytes.length);
    this.#central.push(header);
    this.#offset += length;
    this.#count++;
  }
}

/** A whole archive from entries held in memory. */
export function zip(entries: readonly ZipEntry[]): Uint8Array {
  const writer = new ZipWriter();
  const parts = entries.flatMap((entry) => writer.entry(entry.name, entry.data));
  return new Uint8Array(Buffer.concat([...parts, ...writer.end()]));
}
