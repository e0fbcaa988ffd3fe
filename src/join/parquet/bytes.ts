/** A growable byte buffer: the encoders below append to it, and its `view()` is written to the file. */
export class ByteSink {
  #buffer: Uint8Array;
  length = 0;
  constructor(capacity = 1024) {
    this.#buffer = new Uint8Array(capacity);
  }

  #reserve(extra: number): void {
    if (this.length + extra <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#buffer.subarray(0, this.length));
    this.#buffer = grown;
  }

  byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.length++] = value;
  }

  bytes(value: Uint8Array): void {
    this.#reserve(value.length);
    this.#buffer.set(value, this.length);
    this.length += value.length;
  }

  /** Unsigned LEB128, for non-negative integers up to 2^53 (lengths, offsets, Thrift varints). */
  varint(value: number): void {
    while (value >= 0x80) {
      this.byte((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    this.byte(value);
  }

  uint32(value: number): void {
    this.#reserve(4);
    const b = this.#buffer;
    b[this.length++] = value & 0xff;
    b[this.length++] = (value >>> 8) & 0xff;
    b[this.length++] = (value >>> 16) & 0xff;
    b[this.length++] = (value >>> 24) & 0xff;
  }

  /** A signed 64-bit little-endian integer (Parquet INT64, PLAIN). */
  int64(value: number): void {
    this.#reserve(8);
    new DataView(this.#buffer.buffer).setBigInt64(this.length, BigInt(value), true);
    this.length += 8;
  }

  /** Overwrites a byte already written (a bit-packed run's header, known only when the run ends). */
  setByte(position: number, value: number): void {
    this.#buffer[position] = value;
  }

  view(): Uint8Array {
    return this.#buffer.subarray(0, this.length);
  }
}
