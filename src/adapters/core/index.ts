/**
 * What the live adapters (AWS, Azure, GCP) share, once: the run object, scope
 * bookkeeping, bounded concurrency and streaming, pacing on quota signals,
 * retry classification, progress and error scrubbing. Internal to the
 * package: adapters import it; users see its types through each adapter.
 */
export { InventoryRun, type RunWorker } from "./run.js";
export { ScopeBook, type ExpectScope } from "./scopes.js";
export { Semaphore, Channel, abortError } from "./limit.js";
export { Pacer, parseTimeSpan, type PacerOptions } from "./pacing.js";
export { classify, errorCode, statusOf, headerOf, retryAfterMs, withRetry, sleep, type Classified, type FailureKind, type RetryOptions } from "./retry.js";
export { ProgressReporter } from "./progress.js";
export { Scrubber, scrubbedCause } from "./scrub.js";
export { isPartial } from "./types.js";
export type { ScopeStatus, ScopeSummary, ScopeError, InventoryProgress, CommonInventoryOptions, CommonInventoryResult } from "./types.js";
export { AdapterWorker } from "./worker.js";
