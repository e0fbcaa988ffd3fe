/**
 * All zod schemas. Importing this module loads zod; the core entry only
 * reaches it lazily (overlay loading, validation), never at import time.
 */
export * from "./common.js";
export * from "./cell.js";
export * from "./control.js";
export * from "./service-model.js";
export * from "./service.js";
export * from "./overlay.js";
export * from "./matrix.js";
export * from "./catalog.js";
export * from "./resource.js";
export * from "./report.js";
export * from "./findings.js";
export * from "./backlog.js";
export * from "./run-record.js";
