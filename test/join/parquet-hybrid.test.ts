import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteSink } from "../../src/join/parquet/bytes.js";
import { bitWidthFor, encodeHybrid, Runs } from "../../src/join/parquet/hybrid.js";

/** A reader of the RLE / bit-packing hybrid, written from parquet-format's Encodings.md. */
function decodeHybrid(bytes: Uint8Array, bitWidth: number, count: number): number[] {
  const values: number[] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (values.length < count) {
    const header = varint();
    if (header & 1) {
      const groups = header >>> 1;
      let bit = 0;
      for (let i = 0; i < groups * 8; i++) {
        let value = 0;
        for (let b = 0; b < bitWidth; b++, bit++) value |= ((bytes[at + (bit >> 3)]! >> (bit & 7)) & 1) << b;
        values.push(value);
      }
      at += groups * bitWidth;
    } else {
      let value = 0;
      for (let b = 0; b < (bitWidth + 7) >> 3; b++) value |= bytes[at++]! << (8 * b);
      for (let i = 0; i < header >>> 1; i++) values.push(value);
    }
  }
  expect(at).toBe(bytes.length);
  return values.slice(0, count);
}

describe("RLE / bit-packing hybrid", () => {
  it("round-trips any runs at the bit width of their largest value", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: (1 << 20) - 1 }), fc.integer({ min: 1, max: 40 })), { maxLength: 300 }), fc.nat(20), (runs, shift) => {
        const list = new Runs();
        const flat: number[] = [];
        for (const [value, length] of runs) {
          const v = value >>> shift;
          list.push(v, length);
          for (let i = 0; i < length; i++) flat.push(v);
        }
        expect(list.count).toBe(flat.length);
        const width = bitWidthFor(list.max());
        const out = new ByteSink(4);
        encodeHybrid(list, width, out);
        expect(decodeHybrid(out.view(), width, flat.length)).toEqual(flat);
      }),
      { numRuns: 300 },
    );
  });

  it("long bit-packed stretches split into runs of at most 63 groups; long repeats cost a few bytes", () => {
    const list = new Runs();
    const flat: number[] = [];
    for (let i = 0; i < 2000; i++) {
      list.push(i % 3, 1);
      flat.push(i % 3);
    }
    list.push(7, 100_000);
    const out = new ByteSink(4);
    encodeHybrid(list, 3, out);
    expect(decodeHybrid(out.view(), 3, flat.length + 100_000)).toEqual([...flat, ...Array<number>(100_000).fill(7)]);
    expect(out.length).toBeLessThan(2000);
  });
});
