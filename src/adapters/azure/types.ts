import type { CommonInventoryOptions, CommonInventoryResult, InventoryProgress, ScopeError } from "../core/types.js";
import type { Shard } from "../core/shard.js";
import type { AzureCloudName } from "./clouds.js";

export type { AzureCloudName };

/** An access token, as `@azure/core-auth`'s `AccessToken`. */
export interface AzureAccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/**
 * Any `TokenCredential` from `@azure/identity` or `@azure/core-auth`
 * (DefaultAzureCredential, ClientSecretCredential, ManagedIdentityCredential,
 * AzureCliCredential...) or your own object with `getToken`.
 */
export interface AzureTokenCredential {
  getToken(scopes: string | string[], options?: object): Promise<AzureAccessToken | null>;
}

export interface AzureInventoryOptions extends CommonInventoryOptions<AzureProgress> {
  /** Default: `DefaultAzureCredential` from `@azure/identity` (environment, workload identity, managed identity, Azure CLI...). */
  credential?: AzureTokenCredential;
  /** Sovereign cloud: sign-in authority, ARM endpoint and token scope. Default "AzureCloud". */
  cloud?: AzureCloudName;
  /** An ARM endpoint URL instead of the cloud's (Azure Stack Hub, a custom cloud; how tests reach a fake). Its token scope is `<endpoint>/.default`. */
  endpoint?: string;
  /** Only these subscription ids. One the credential cannot see is reported `not-visible`. */
  subscriptions?: readonly string[];
  /** Every subscription under this management group, at any depth. */
  managementGroup?: string;
  /** Read only worker `index`'s share of `count` (a stable partition of subscriptions by id); the others are reported skipped. docs/sharding.md. */
  shard?: Shard;
  /**
   * Merged into every SDK client's options: `retryOptions`, `additionalPolicies`,
   * `tlsOptions`, `userAgentOptions`, `credentials: { scopes }`...
   */
  clientOptions?: Record<string, unknown>;
  /** List through Resource Graph (default true); false lists with ARM per subscription. */
  resourceGraph?: boolean;
  /** Subscriptions per Resource Graph query (at most 200, the service's limit). Default: the subscriptions split evenly over `concurrency` batches, at most 200 each. */
  batchSize?: number;
  /** Retries of a throttled or failing call on top of the SDK's own (attempts in all, first backoff, longest backoff). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** API calls in flight at once. Default 4 (Resource Graph allows 15 queries per 5 seconds per user). */
  concurrency?: number;
}

/** Who the adapter runs as, from the token's claims (absent when the token is not a JWT). */
export interface AzureIdentity {
  tenantId?: string;
  /** The principal's object id. */
  objectId?: string;
  /** The application (client) id, for a service principal or managed identity. */
  appId?: string;
  /** User principal name or display name, when the token carries one. */
  name?: string;
}

/** A failed call for a subscription (or the management group); `scope` is the subscription id. */
export interface AzureScopeError extends ScopeError {
  subscription?: string;
}

/**
 * `scopes` names every subscription expected (kind "azure-subscription": read,
 * failed, skipped when disabled, not-visible when asked for but not visible to
 * the credential) and the management group (kind "azure-management-group").
 * A subscription listed with ARM instead of Resource Graph says so in `reason`.
 */
export interface AzureInventoryResult extends CommonInventoryResult {
  identity?: AzureIdentity;
  /** The cloud name, or "custom" with an `endpoint`. */
  cloud: AzureCloudName | "custom";
  /** The ARM endpoint used. */
  endpoint: string;
  managementGroup?: string;
  errors: AzureScopeError[];
  /** Pacing on Resource Graph's quota: calls that waited for the quota window, total wait, throttled answers seen. */
  pacing: { waits: number; waitedMs: number; throttled: number };
}

/** `scopesTotal` / `scopesDone` count subscriptions. */
export interface AzureProgress extends InventoryProgress<"identity" | "subscriptions" | "scan" | "done"> {
  subscription?: string;
}
