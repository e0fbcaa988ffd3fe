import type { Matrix } from "../types.js";
import { crmCsv, MATRIX_CRM_HEADERS, matrixCrm } from "./crm.js";
import type { RenderOptions } from "./options.js";

/** Column headers of the customer-responsibility-matrix CSV. */
export const MATRIX_CSV_HEADERS = MATRIX_CRM_HEADERS;

/**
 * Matrices as CSV shaped like a customer responsibility matrix: one row per
 * subject x control. With options.framework, rows are regrouped under that
 * framework's ids, with `framework` and `framework_id` as leading columns.
 */
export function matricesCsv(matrices: readonly Matrix[], options: Partial<RenderOptions> = {}): string {
  return crmCsv(matrixCrm(matrices, options));
}
