import type { TypeSystem } from "../types.js";

/**
 * The type systems as a runtime list. Kept apart from the zod schema module so
 * the core can iterate them without loading zod.
 */
export const TYPE_SYSTEM_LIST: readonly TypeSystem[] = ["cloudformation", "arn", "terraform", "arm", "gcp-asset"];
