import type { Matrix, MatrixSubject, Owner } from "../types.js";

/** One control whose owner differs between two matrices. */
export interface MatrixDiffEntry {
  control: string;
  title: string;
  from: Owner;
  to: Owner;
  /** Customer's duty text in the target matrix (what they now do). */
  customer: string;
}

/** What a customer takes on and hands over moving from one service (or model) to another. */
export interface MatrixDiff {
  from: MatrixSubject;
  to: MatrixSubject;
  /** Controls where the customer's share grows (e.g. provider -> shared, shared -> customer). */
  takesOn: MatrixDiffEntry[];
  /** Controls where the customer's share shrinks (e.g. customer -> provider). */
  handsOver: MatrixDiffEntry[];
  /** Owner changed without the customer's share changing (e.g. provider -> not-applicable). */
  changed: MatrixDiffEntry[];
  /** Control ids whose owner is the same in both. */
  unchanged: string[];
}

// How much of a control sits with the customer's own team. A third party
// (e.g. an MSP) carries it for them, so it counts as handed over.
const CUSTOMER_SHARE: Record<Owner, number> = {
  customer: 2,
  shared: 1,
  provider: 0,
  "third-party": 0,
  "not-applicable": 0,
};

/** Compares two matrices control by control, from the customer's point of view. */
export function diffMatrices(from: Matrix, to: Matrix): MatrixDiff {
  const target = new Map(to.rows.map((row) => [row.control, row]));
  const diff: MatrixDiff = { from: from.subject, to: to.subject, takesOn: [], handsOver: [], changed: [], unchanged: [] };
  for (const row of from.rows) {
    const other = target.get(row.control);
    if (!other) continue;
    if (other.owner === row.owner && other.party === row.party) {
      diff.unchanged.push(row.control);
      continue;
    }
    const entry: MatrixDiffEntry = {
      control: row.control,
      title: row.title,
      from: row.owner,
      to: other.owner,
      customer: other.customer,
    };
    const delta = CUSTOMER_SHARE[other.owner] - CUSTOMER_SHARE[row.owner];
    if (delta > 0) diff.takesOn.push(entry);
    else if (delta < 0) diff.handsOver.push(entry);
    else diff.changed.push(entry);
  }
  return diff;
}
