import type { Framework, Matrix } from "../types.js";
import { csvRow } from "./escape.js";

const FRAMEWORK_COLUMNS: readonly Framework[] = ["nist-800-53", "ccm", "cis", "iso27001", "soc2", "pci", "mcsb"];

/** Column headers of the customer-responsibility-matrix CSV. */
export const MATRIX_CSV_HEADERS = [
  "subject",
  "model",
  "control",
  "title",
  "domain",
  "owner",
  "party",
  "provider_responsibility",
  "customer_responsibility",
  "secure_by_default",
  "verify_cli",
  "verify_console",
  "origin",
  "sources",
  ...FRAMEWORK_COLUMNS,
] as const;

/** Matrices as CSV shaped like a customer responsibility matrix: one row per subject x control. */
export function matricesCsv(matrices: readonly Matrix[]): string {
  let out = csvRow([...MATRIX_CSV_HEADERS]);
  for (const matrix of matrices) {
    for (const row of matrix.rows) {
      out += csvRow([
        matrix.subject.id,
        matrix.subject.model,
        row.control,
        row.title,
        row.domain,
        row.owner,
        row.party ?? "",
        row.provider,
        row.customer,
        row.default ?? "",
        row.verify?.cli ?? "",
        row.verify?.console ?? "",
        row.origin === "overlay" ? `overlay:${row.overlay ?? ""}` : row.origin,
        row.sources.join(" "),
        ...FRAMEWORK_COLUMNS.map((f) => (row.frameworks[f] ?? []).join(" ")),
      ]);
    }
  }
  return out;
}
