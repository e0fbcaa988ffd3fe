import { deflateRawSync } from "node:zlib";
import { crc32 } from "./crc32.js";

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
const VERSION = 20; // 2.0: deflate (APPNOTE 4.4.3.2)
const DEFLATE = 8;
const MAX_32 = 0xffffffff;

/**
 * A ZIP archive (PKWARE APPNOTE 6.3.x, no ZIP64, no encryption) with every
 * entry deflated. Deterministic: same entries in the same order, same bytes.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
export function zip(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > 0xffff) throw new RangeError(`a ZIP without ZIP64 holds at most 65535 entries (got ${entries.length})`);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (!/^[\x20-\x7e]+$/.test(entry.name)) throw new RangeError(`ZIP entry names must be printable ASCII: ${JSON.stringify(entry.name)}`);
    const name = Buffer.from(entry.name, "ascii");
    // Level 1: a workbook of a large report is hundreds of MB of XML; the
    // fastest deflate keeps it within seconds and still shrinks it ~10x.
    const compressed = deflateRawSync(entry.data, { level: 1 });
    const crc = crc32(entry.data);
    if (entry.data.length > MAX_32 || compressed.length > MAX_32 || offset > MAX_32) {
      throw new RangeError("the workbook exceeds 4 GiB, which needs ZIP64; export CSV instead");
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(0, 6); // flags: sizes known up front, no data descriptor
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, compressed);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(VERSION, 4); // made by: MS-DOS, 2.0
    header.writeUInt16LE(VERSION, 6);
    header.writeUInt16LE(0, 8);
    header.writeUInt16LE(DEFLATE, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk, internal and external attributes: all 0
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset > MAX_32 || centralSize > MAX_32) throw new RangeError("the workbook exceeds 4 GiB, which needs ZIP64; export CSV instead");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}
