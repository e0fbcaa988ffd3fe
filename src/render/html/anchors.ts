/**
 * Fragment ids for sections, built from catalog and inventory values (service
 * ids from overlays, resource uids) that may hold any character. Anything
 * outside [A-Za-z0-9.-] is written as _<hex>_ so ids stay unique, valid in an
 * href="#..." without further escaping, and never clash with the separator.
 * https://html.spec.whatwg.org/multipage/dom.html#the-id-attribute
 */
const SAFE = /^[A-Za-z0-9.-]*$/;

export function anchorId(prefix: string, value: string): string {
  if (SAFE.test(value)) return `${prefix}-${value}`;
  let out = `${prefix}-`;
  for (const char of value) {
    out += /^[A-Za-z0-9.-]$/.test(char) ? char : `_${char.codePointAt(0)!.toString(16)}_`;
  }
  return out;
}

/**
 * Hands out ids that are unique within one document: the same uid can come
 * from two inputs, and a duplicate id would make a link jump to the wrong
 * resource. Deterministic, because callers visit values in a fixed order.
 */
export class AnchorIds {
  readonly #taken = new Map<string, number>();

  /** A fresh id for (prefix, value); repeated values get -2, -3, ... */
  next(prefix: string, value: string): string {
    const base = anchorId(prefix, value);
    const seen = this.#taken.get(base) ?? 0;
    this.#taken.set(base, seen + 1);
    return seen === 0 ? base : `${base}--${seen + 1}`;
  }
}
