import type { ByteSink } from "./bytes.js";

/**
 * A column's levels or dictionary indices as runs of equal values, collected
 * while rows are added (the bit width is known only when the row group ends).
 * A resource's fields repeat on each of its ~20 duty rows, so most columns
 * cost one run per resource, not one entry per row.
 */
export class Runs {
  // Typed arrays, grown by doubling: tens of millions of pushes per million resources stay cheap.
  values = new Int32Array(256);
  lengths = new Int32Array(256);
  size = 0;
  /** Values in all runs. */
  count = 0;

  push(value: number, length: number): void {
    if (length <= 0) return;
    this.count += length;
    const last = this.size - 1;
    if (last >= 0 && this.values[last] === value) {
      this.lengths[last] = this.lengths[last]! + length;
      return;
    }
    if (this.size === this.values.length) this.#grow();
    this.values[this.size] = value;
    this.lengths[this.size] = length;
    this.size++;
  }

  #grow(): void {
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    const lengths = new Int32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }

  /** Empties the runs, keeping the buffers for the next row group. */
  clear(): void {
    this.size = 0;
    this.count = 0;
  }

  max(): number {
    let max = 0;
    for (let i = 0; i < this.size; i++) if (this.values[i]! > max) max = this.values[i]!;
    return max;
  }
}

/** Bits needed for values 0..max (at least 1: some readers refuse a bit width of 0). */
export function bitWidthFor(max: number): number {
  return Math.max(1, 32 - Math.clz32(max));
}

/**
 * Parquet's RLE / bit-packing hybrid encoding (parquet-format Encodings.md),
 * the algorithm of parquet-mr's RunLengthBitPackingHybridEncoder: eight or more
 * equal values become an RLE run, anything else groups of eight bit-packed
 * values (up to 63 groups per run, so a run's header is one byte).
 */
export function encodeHybrid(runs: Runs, bitWidth: number, out: ByteSink): void {
  const valueBytes = (bitWidth + 7) >> 3;
  const buffered = [0, 0, 0, 0, 0, 0, 0, 0];
  let bufferedCount = 0;
  let previous = -1;
  let repeat = 0;
  let packedHeader = -1;
  let packedGroups = 0;

  const endPacked = (): void => {
    if (packedHeader === -1) return;
    out.setByte(packedHeader, (packedGroups << 1) | 1);
    packedHeader = -1;
    packedGroups = 0;
  };
  const writeRle = (): void => {
    endPacked();
    out.varint(repeat * 2);
    for (let i = 0, v = previous; i < valueBytes; i++, v >>>= 8) out.byte(v & 0xff);
    repeat = 0;
    bufferedCount = 0;
  };
  const writePacked = (): void => {
    if (packedGroups >= 63) endPacked();
    if (packedHeader === -1) {
      packedHeader = out.length;
      out.byte(0);
    }
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < 8; i++) {
      acc |= buffered[i]! << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.byte(acc & 0xff);
        acc >>>= 8;
        bits -= 8;
      }
    }
    bufferedCount = 0;
    repeat = 0;
    packedGroups++;
  };
  const write = (value: number): void => {
    if (value === previous) {
      if (++repeat >= 8) return; // in an RLE run: not buffered
    } else {
      if (repeat >= 8) writeRle();
      repeat = 1;
      previous = value;
    }
    buffered[bufferedCount++] = value;
    if (bufferedCount === 8) writePacked();
  };

  const { values, lengths, size } = runs;
  for (let r = 0; r < size; r++) {
    const value = values[r]!;
    let length = lengths[r]!;
    while (length > 0) {
      if (value === previous && repeat >= 8) {
        repeat += length; // the rest of a long run costs nothing per value
        break;
      }
      write(value);
      length--;
    }
  }
  if (repeat >= 8) writeRle();
  else if (bufferedCount > 0) {
    for (let i = bufferedCount; i < 8; i++) buffered[i] = 0;
    writePacked();
    endPacked();
  } else endPacked();
}
