import type { Shard } from "../core/shard.js";
import type { AssetTypeCatalog } from "./asset-types.js";
import type { CommonInventoryOptions, CommonInventoryResult, InventoryProgress, ScopeError, ScopeStatus, ScopeSummary } from "../core/types.js";

export type { Shard, AssetTypeCatalog };

/** The part of a Cloud Asset `AssetServiceClient` (v1) the adapter uses. */
export interface GcpAssetClientLike {
  listAssets(request: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown[]> & { cancel?: () => void };
  close?(): Promise<void>;
}

/** A service account key (the JSON file's fields). The private key is never printed. */
export interface GcpServiceAccountKey {
  client_email?: string;
  private_key?: string;
  [field: string]: unknown;
}

/** Retries of throttled (RESOURCE_EXHAUSTED) and unavailable (UNAVAILABLE, DEADLINE_EXCEEDED) calls. */
export interface GcpRetryOptions {
  /** Attempts per call, the first included. Default 8. */
  attempts?: number;
  /** First backoff in ms, doubled each time with jitter. Default 1000. */
  baseDelayMs?: number;
  /** Longest backoff in ms. Default 32000. */
  maxDelayMs?: number;
}

export interface GcpInventoryOptions extends CommonInventoryOptions<GcpProgress> {
  /**
   * Where to list: `projects/ID` (or number), `folders/NUMBER`, `organizations/NUMBER`, or several.
   * Folders and organizations are listed project by project, each project a scope of its own.
   */
  scope?: string | readonly string[];
  /** Projects (ids or numbers) to read. Alone: exactly these; with a folder or organization scope: only these of it. */
  projects?: readonly string[];
  /** Project billed for the API calls (sent as x-goog-user-project); needed with user credentials. */
  quotaProject?: string;
  /**
   * Asset types to list (exact or RE2 patterns such as "compute.googleapis.com.*"), or "all" for every type.
   * Default: the types the catalog knows (every service's `gcp-asset` types; the built-in catalog unless
   * `catalog` is given). Projects, folders and the organization are always reported.
   */
  assetTypes?: readonly string[] | "all";
  /** The catalog whose GCP asset types are listed by default (e.g. one loaded with overlays that add services). */
  catalog?: AssetTypeCatalog;
  /** A service account key instead of Application Default Credentials. */
  credentials?: GcpServiceAccountKey;
  /** An auth client (google-auth-library) instead of Application Default Credentials. */
  authClient?: unknown;
  /**
   * The API endpoint: `https://host[:port]` or `host[:port]` (e.g. a Private Service Connect endpoint), or
   * `http://127.0.0.1:PORT` for a local emulator (plain-text gRPC, no credentials sent; loopback only).
   */
  endpoint?: string;
  /** Passed to the AssetServiceClient constructor (`servicePath`, `port`, `sslCreds`...): how tests reach a fake. */
  clientOptions?: Record<string, unknown>;
  /** Builds the Cloud Asset client (to hand in your own); `options` is what the adapter would pass to the constructor. */
  createClient?: (options: Record<string, unknown>) => GcpAssetClientLike;
  /** API calls in flight at once. Default 4. */
  concurrency?: number;
  /** Assets per page (1-1000). Default 1000. */
  pageSize?: number;
  /** Calls started per minute at most (pacing within the quota project's ListAssets quota). Default 100; 0 turns pacing off. */
  requestsPerMinute?: number;
  retry?: GcpRetryOptions;
  /**
   * Read only this worker's share of the projects: `{ index: K, count: N }` (1 <= K <= N). A project's
   * shard is a stable hash of its id, so N workers given 1..N read every project once and their outputs
   * concatenate without duplicates; the others are reported as skipped ("out of shard K/N").
   */
  shard?: Shard;
  /** Time for pacing and backoff (default: the real clock and setTimeout); lets tests and simulations run a quota window instantly. */
  timers?: GcpTimers;
}

export interface GcpTimers {
  /** Milliseconds, monotonic enough for a one-minute window. */
  now(): number;
  /** Resolves after `ms`; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * What became of a project, folder or organization the run expected:
 * read; failed (an error, see `errors`); skipped (not selected, pending
 * deletion, out of shard: deliberately not read); not-visible (named by the
 * caller but absent from what the credential can see); pending (never reached:
 * the run was aborted).
 */
export type GcpScopeStatus = ScopeStatus;

export interface GcpScopeSummary extends ScopeSummary {
  /** "projects/ID" (or number, as given), "folders/NUMBER" or "organizations/NUMBER". */
  id: string;
  kind: "gcp-project" | "gcp-folder" | "gcp-organization";
  /** Project number, when known. */
  number?: string;
  /** The folder or organization it was listed under. */
  parent?: string;
}

/** One scope that failed; the rest of the run went on. `operation` is "cloudasset.assets.listAssets"; `code` the gRPC status name. */
export type GcpScopeError = ScopeError;

export interface GcpInventoryResult extends CommonInventoryResult {
  /** The scopes asked for (folders, organizations, projects) as given. */
  roots: string[];
  /** Every project, folder and organization the run expected, with its status. */
  scopes: GcpScopeSummary[];
  /** API calls answered (pages and retried attempts). */
  pages: number;
  /** Calls throttled (RESOURCE_EXHAUSTED) and retried. */
  throttled: number;
  errors: GcpScopeError[];
}

export interface GcpProgress extends InventoryProgress<"discover" | "scan" | "done"> {
  scope?: string;
}
