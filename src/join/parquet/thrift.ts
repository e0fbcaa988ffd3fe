import { ByteSink } from "./bytes.js";

/** Thrift compact protocol type ids (the subset Parquet's metadata needs). */
export const T = { TRUE: 1, FALSE: 2, I32: 5, I64: 6, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

const encoder = new TextEncoder();

/**
 * A writer of Thrift's compact protocol, the encoding of Parquet's page
 * headers and footer (parquet.thrift). Only what this writer emits: structs,
 * non-negative i32/i64, booleans, strings and lists; fields in ascending id order.
 */
export class CompactWriter {
  readonly out = new ByteSink(256);
  #lastField: number[] = [0];

  #field(id: number, type: number): void {
    const last = this.#lastField[this.#lastField.length - 1]!;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.out.byte((delta << 4) | type);
    else {
      this.out.byte(type);
      this.out.varint(id * 2); // zigzag i16
    }
    this.#lastField[this.#lastField.length - 1] = id;
  }

  i32(id: number, value: number): this {
    this.#field(id, T.I32);
    this.out.varint(value * 2); // zigzag of a non-negative value
    return this;
  }

  i64(id: number, value: number): this {
    this.#field(id, T.I64);
    this.out.varint(value * 2);
    return this;
  }

  bool(id: number, value: boolean): this {
    this.#field(id, value ? T.TRUE : T.FALSE);
    return this;
  }

  string(id: number, value: string): this {
    this.#field(id, T.BINARY);
    this.#binary(value);
    return this;
  }

  #binary(value: string): void {
    const bytes = encoder.encode(value);
    this.out.varint(bytes.length);
    this.out.bytes(bytes);
  }

  /** A struct field: `body` writes its fields. */
  struct(id: number, body: (w: this) => void): this {
    this.#field(id, T.STRUCT);
    this.#inStruct(body);
    return this;
  }

  #inStruct(body: (w: this) => void): void {
    this.#lastField.push(0);
    body(this);
    this.out.byte(0); // stop
    this.#lastField.pop();
  }

  #listHeader(id: number, type: number, size: number): void {
    this.#field(id, T.LIST);
    if (size < 15) this.out.byte((size << 4) | type);
    else {
      this.out.byte(0xf0 | type);
      this.out.varint(size);
    }
  }

  listI32(id: number, values: readonly number[]): this {
    this.#listHeader(id, T.I32, values.length);
    for (const value of values) this.out.varint(value * 2);
    return this;
  }

  listString(id: number, values: readonly string[]): this {
    this.#listHeader(id, T.BINARY, values.length);
    for (const value of values) this.#binary(value);
    return this;
  }

  listStruct<V>(id: number, values: readonly V[], body: (w: this, value: V) => void): this {
    this.#listHeader(id, T.STRUCT, values.length);
    for (const value of values) this.#inStruct((w) => body(w, value));
    return this;
  }

  /** The bytes of a top-level struct whose fields `body` wrote. */
  static struct(body: (w: CompactWriter) => void): Uint8Array {
    const w = new CompactWriter();
    body(w);
    w.out.byte(0);
    return w.out.view();
  }
}
