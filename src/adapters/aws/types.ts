import type { Shard } from "../core/shard.js";
import type { CommonInventoryOptions, CommonInventoryResult, InventoryProgress, ScopeError } from "../core/types.js";
import type { AwsServiceName } from "./sdk.js";

export type { AwsServiceName };

/** Static credentials (an access key pair, with a session token when temporary). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials expire; the SDK refreshes a provider's credentials before then. */
  expiration?: Date;
}

/** Credentials, or a function that returns them (called again when they are about to expire). */
export type AwsCredentialSource = AwsCredentials | (() => Promise<AwsCredentials>);

/** The part of an AWS SDK v3 client the adapter uses. */
export interface AwsClientLike {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy?(): void;
}

/**
 * Makes the SDK client for a service. `config` is what the adapter would pass
 * to the client's constructor (region, credentials, profile and the caller's
 * `clientConfig`); return undefined to let the adapter build the default one.
 */
export type AwsClientFactory = (service: AwsServiceName, config: Record<string, unknown>) => AwsClientLike | undefined;

/** Walking every account of an AWS Organization by assuming a role in each. */
export interface AwsOrganizationOptions {
  /** Name of the role to assume in each member account (deployed by the customer, e.g. with a StackSet). */
  role: string;
  /** External id the role's trust policy requires, if any. Never printed. */
  externalId?: string;
  /** Session name on the assumed role (shows in CloudTrail). Default "cloud-srm". */
  sessionName?: string;
  /** Only these account ids (default: every active account). */
  accounts?: readonly string[];
}

/** Bringing configuration from AWS Config (for evidence), before the listing fills in the rest. */
export interface AwsConfigOptions {
  /** Query one configuration aggregator (SelectAggregateResourceConfig) instead of every account x region. */
  aggregator?: string;
}

export interface AwsInventoryOptions extends CommonInventoryOptions<AwsProgress> {
  /** Regions to scan when Resource Explorer has no aggregator index (and to keep from it). Default: the partition's default-enabled regions. */
  regions?: readonly string[];
  /** Region for STS, Organizations and the Resource Explorer probe. Default: AWS_REGION / the profile's region, else us-east-1. */
  region?: string;
  /** Named profile from the shared config files (default: the standard provider chain). */
  profile?: string;
  /** Credentials for the caller instead of the standard provider chain. */
  credentials?: AwsCredentialSource;
  /** Walk an AWS Organization: list its accounts and assume a role in each. */
  organization?: AwsOrganizationOptions;
  /** Also read AWS Config (true, or with an aggregator), so resources carry configuration. */
  config?: boolean | AwsConfigOptions;
  /** Use Resource Explorer when an aggregator index exists (default true); false always uses the Tagging API per region. */
  resourceExplorer?: boolean;
  /** API calls in flight at once across all accounts and regions. Default 8. */
  concurrency?: number;
  /** Stops the run: requests in flight are cancelled and the stream ends with the signal's reason. */
  signal?: AbortSignal;
  /** Called on every page and every finished scope. */
  onProgress?: (progress: AwsProgress) => void;
  /**
   * Merged into every SDK client's configuration: `endpoint`, `retryStrategy`,
   * `maxAttempts`, `requestHandler`, `logger`... Endpoints otherwise come from the
   * standard configuration (AWS_ENDPOINT_URL, profiles).
   */
  clientConfig?: Record<string, unknown>;
  /** Builds SDK clients (to hand in your own, or wrap them). */
  createClient?: AwsClientFactory;
  /**
   * Read only this worker's share of the accounts: `{ index: K, count: N }` (1 <= K <= N). An account's
   * shard is a stable hash of its id, so N workers given 1..N read every account once and their outputs
   * concatenate without duplicates; the others are skipped ("out of shard K/N").
   */
  shard?: Shard;
  /** Clock for `source.collectedAt`. */
  now?: () => Date;
}

/** Who the adapter runs as (STS GetCallerIdentity). */
export interface AwsIdentity {
  account: string;
  partition: string;
  /** The principal's ARN (user, role or assumed-role session). */
  arn: string;
}

export interface AwsAccountSummary {
  id: string;
  name?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE... as Organizations reports it (ACTIVE outside an organization). */
  status: string;
  /** How it was listed: "resource-explorer" (aggregator region), "tagging-api" (per region); absent when skipped or failed. */
  discovery?: "resource-explorer" | "tagging-api";
  /** Why it was not scanned (suspended, not selected). */
  skipped?: string;
  /** Something worth knowing that is not an error, e.g. a Resource Explorer view that could not be read (the Tagging API listed the account instead). */
  note?: string;
  /** Resources this account contributed (after de-duplication). */
  resources: number;
}

/**
 * One account x region (or account-wide step) that failed; the rest of the run
 * went on. `scope` is "<account>/<region>" for a region, the account id for an
 * account-wide step (AssumeRole).
 */
export interface AwsScopeError extends ScopeError {
  account: string;
  /** The region the failing call went to ("global" for account-wide steps made in the home region). */
  region: string;
  /** The API action, e.g. "tagging:GetResources", "sts:AssumeRole". */
  operation: string;
  /** The service's error code (AccessDeniedException, ThrottlingException...). */
  code: string;
  /** One line naming the account and region. Never contains credentials or the external id. */
  message: string;
}

/**
 * `scopes` lists every account (kind "aws-account": read, failed, skipped)
 * and every account x region it was expected to read (kind "aws-region",
 * id "<account>/<region>", parent the account).
 */
export interface AwsInventoryResult extends CommonInventoryResult {
  identity?: AwsIdentity;
  /** Organization id (o-...), in organization mode. */
  organization?: string;
  accounts: AwsAccountSummary[];
  regions: string[];
  errors: AwsScopeError[];
}

/** `scopesTotal` / `scopesDone` count account x region steps. */
export interface AwsProgress extends InventoryProgress<"identity" | "accounts" | "scan" | "done"> {
  account?: string;
  region?: string;
}
