/**
 * The contract every live adapter (AWS, Azure, GCP) shares: what a run is
 * asked (concurrency, signal, progress, clock) and what its result says about
 * each scope it was expected to read. Adapter-specific types extend these.
 */

/**
 * What became of a scope (an AWS account or account x region, an Azure
 * subscription, a GCP project or folder):
 * - `read`: listed completely;
 * - `failed`: an API call for it failed after retries (the error is in `errors`);
 * - `skipped`: deliberately not read (suspended, not selected), with a reason;
 * - `not-visible`: it was asked for but the credential cannot see it.
 * A scope still `pending` when the run ends was never reached (the run aborted).
 */
export type ScopeStatus = "pending" | "read" | "failed" | "skipped" | "not-visible";

export interface ScopeSummary {
  /** Stable id: "123456789012", "123456789012/eu-west-1", a subscription id, "projects/p". */
  id: string;
  /** What kind of scope: "aws-account", "aws-region", "azure-subscription", "gcp-project"... */
  kind: string;
  name?: string;
  /** The scope that contains this one (an account for a region, a folder for a project). */
  parent?: string;
  status: ScopeStatus;
  /** Why it was skipped or not visible, or a note worth knowing that is not an error. */
  reason?: string;
  /** Resources it contributed (after de-duplication). */
  resources: number;
}

/** One failed API call for a scope, after retries; the rest of the run went on. */
export interface ScopeError {
  /** The scope's id, as in `scopes`. */
  scope: string;
  /** The API operation, e.g. "tag:GetResources", "Microsoft.ResourceGraph/resources". */
  operation: string;
  /** The service's error code (AccessDenied, AuthorizationFailed, PERMISSION_DENIED, HTTP 500...). */
  code: string;
  /** One line naming the scope. Never contains a credential or token. */
  message: string;
}

/** Progress of a run, reported on every page and every finished scope. */
export interface InventoryProgress<Phase extends string = string> {
  phase: Phase;
  /** Scopes known so far, and how many have finished. */
  scopesTotal: number;
  scopesDone: number;
  resources: number;
  pages: number;
  errors: number;
}

/** Options every adapter takes. */
export interface CommonInventoryOptions<P> {
  /** API calls in flight at once across every scope. */
  concurrency?: number;
  /** Stops the run: requests in flight are cancelled and the stream ends with the signal's reason. */
  signal?: AbortSignal;
  /** Called on every page and every finished scope. */
  onProgress?: (progress: P) => void;
  /** Clock for `source.collectedAt` (and nothing else: pacing uses real time). */
  now?: () => Date;
}

/** What every adapter's result carries. */
export interface CommonInventoryResult {
  /** Every scope that was expected, with its status: a missing scope is never silent. */
  scopes: ScopeSummary[];
  /** Resources streamed (each once). */
  resources: number;
  /** API pages (calls) made. */
  pages: number;
  errors: ScopeError[];
  /** True when the signal stopped the run or the consumer stopped reading. */
  aborted: boolean;
}

/** True when a result is partial: a scope failed, was not visible, or the run was aborted. */
export function isPartial(result: CommonInventoryResult): boolean {
  return result.aborted || result.errors.length > 0 || result.scopes.some((s) => s.status === "failed" || s.status === "not-visible" || s.status === "pending");
}
