/**
 * Live, read-only inventory of Azure: one subscription, a management group
 * (at any depth) or every subscription the credential sees.
 *
 * Subscriptions are named first (subscriptions.list, management group
 * descendants), so each ends read, failed, skipped (disabled) or not visible.
 * Resources come from Resource Graph, 200 subscriptions per query, ordered by
 * id (pages overlap without it) and paged with $skipToken; calls are paced on
 * the quota headers Resource Graph returns instead of waiting for 429s. When
 * Resource Graph refuses or fails a batch, its subscriptions are listed with
 * ARM instead (resource groups and resources per subscription). Subscriptions
 * and resource groups are resources too.
 */
import type { Resource } from "../../types.js";
import { CloudSrmError } from "../../errors.js";
import {
  AdapterWorker,
  classify,
  errorCode,
  headerOf,
  InventoryRun,
  Pacer,
  parseTimeSpan,
  scrubbedCause,
  withRetry,
  type RunWorker,
} from "../core/index.js";
import { checkShard, inShard, outOfShard } from "../core/shard.js";
import { armTarget, isAzureCloudName, isKnownAuthorityHost, type AzureCloudName } from "./clouds.js";
import { fromRow, fromSubscription, type SubscriptionRecord } from "./normalize.js";
import { loadAzureSdk, type AzurePackageName, type AzureSdk } from "./sdk.js";
import type { AzureIdentity, AzureInventoryOptions, AzureInventoryResult, AzureProgress, AzureScopeError, AzureTokenCredential } from "./types.js";

const DEFAULT_CONCURRENCY = 4;
/** Resource Graph takes at most 200 subscriptions per query (larger lists must be batched). */
export const MAX_BATCH = 200;
const PAGE_SIZE = 1000;
/**
 * The queries. `order by id asc` keeps pages from overlapping:
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data#paging-results
 */
export const RESOURCES_QUERY = "Resources | order by id asc";
export const GROUPS_QUERY = "ResourceContainers | where type =~ 'microsoft.resources/subscriptions/resourcegroups' | order by id asc";

const OP = {
  subscriptions: "Microsoft.Resources/subscriptions/read",
  descendants: "Microsoft.Management/managementGroups/descendants/read",
  graph: "Microsoft.ResourceGraph/resources/read",
  groups: "Microsoft.Resources/subscriptions/resourceGroups/read",
  resources: "Microsoft.Resources/subscriptions/resources/read",
} as const;

/**
 * Starts nothing until iterated. Iterate it for the resources; `result`
 * settles when the stream ends with every subscription's status and the
 * per-subscription errors. Also an EventTarget dispatching "progress" events
 * (`CustomEvent<AzureProgress>`).
 */
export class AzureInventoryRun extends InventoryRun<AzureInventoryResult, AzureProgress, AzureInventoryOptions> {
  protected readonly factoryName = "azureInventory";

  constructor(options: AzureInventoryOptions = {}) {
    super(options, "Azure");
    checkOptions(options);
  }

  protected worker(signal: AbortSignal, report: (progress: AzureProgress) => void): RunWorker<AzureInventoryResult> {
    return new Worker(this.options, signal, report);
  }
}

/** Live inventory of Azure: `for await (const resource of azureInventory(options))`, then `await run.result`. */
export function azureInventory(options: AzureInventoryOptions = {}): AzureInventoryRun {
  return new AzureInventoryRun(options);
}

function checkOptions(options: AzureInventoryOptions): void {
  const bad = (message: string) => new CloudSrmError("AZURE_OPTIONS", message);
  if (options.subscriptions && options.managementGroup) throw bad("give subscriptions or managementGroup, not both");
  if (options.subscriptions && options.subscriptions.length === 0) throw bad("subscriptions is empty: leave it out to read every subscription the credential sees");
  if (options.cloud !== undefined && !isAzureCloudName(options.cloud)) throw bad(`unknown cloud "${String(options.cloud)}" (expected AzureCloud, AzureUSGovernment or AzureChinaCloud)`);
  if (options.endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(options.endpoint)) throw bad(`endpoint must be an http(s) URL (got "${options.endpoint}")`);
  const batch = options.batchSize;
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH)) throw bad(`batchSize must be a whole number from 1 to ${MAX_BATCH} (got ${batch})`);
  if (options.shard) checkShard(options.shard);
  const concurrency = options.concurrency;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw bad(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
}

interface Subscription {
  /** The id as the scope names it. */
  id: string;
  name?: string | undefined;
  record?: SubscriptionRecord;
}

/** Environment variables @azure/identity reads secrets from (EnvironmentCredential). */
const SECRET_VARIABLES = ["AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD"] as const;
/** Client options about the connection, not the service: the default credential takes them too. */
const TRANSPORT_OPTIONS = ["tlsOptions", "proxyOptions"] as const;

const MANAGEMENT_GROUP_TYPE = "Microsoft.Management/managementGroups";

/** The scope id of a management group in the result. */
function groupScope(group: string): string {
  return `managementGroups/${group}`;
}

/** An item of the management group descendants list (`@azure/arm-managementgroups`' DescendantInfo). */
interface DescendantRecord {
  id?: string;
  name?: string;
  type?: string;
  displayName?: string;
  parent?: { id?: string };
}

interface Descendants {
  subscriptions: { id: string; name?: string; parent?: string }[];
  groups: { id: string; name?: string; parent?: string; record: DescendantRecord }[];
}

/** A page of an ARM list: an array with the link to the next page (`@azure/arm-resources` 8, `@azure/arm-resources-subscriptions` 3). */
type ArmPage<T> = T[] & { continuationToken?: string };
interface ArmPaged<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<ArmPage<T>>;
}

class Worker extends AdapterWorker<AzureInventoryResult, AzureProgress, AzureScopeError> {
  readonly #pacer = new Pacer();
  readonly #seen = new Set<string>();
  /** Lower-case subscription id -> the scope id and display name. */
  readonly #subscriptionScopes = new Map<string, Subscription>();
  readonly #collectedAt: string;
  readonly #cloud: AzureCloudName;
  readonly #target: ReturnType<typeof armTarget>;
  #sdk!: AzureSdk;
  #credential!: AzureTokenCredential;
  #identity: AzureIdentity | undefined;
  #throttled = 0;
  #lastAccount: string | undefined;
  #lastSubscription: Subscription | undefined;

  constructor(
    readonly options: AzureInventoryOptions,
    signal: AbortSignal,
    report: (progress: AzureProgress) => void,
  ) {
    super("Azure", signal, report, { phase: "identity", scopesTotal: 0, scopesDone: 0, resources: 0, pages: 0, errors: 0 }, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#collectedAt = (options.now?.() ?? new Date()).toISOString();
    this.#cloud = options.cloud ?? "AzureCloud";
    this.#target = armTarget(this.#cloud, options.endpoint);
  }

  summary(aborted: boolean): AzureInventoryResult {
    return {
      ...(this.#identity ? { identity: this.#identity } : {}),
      cloud: this.options.endpoint ? "custom" : this.#cloud,
      endpoint: this.#target.endpoint,
      ...(this.options.managementGroup ? { managementGroup: this.options.managementGroup } : {}),
      scopes: this.book.list(),
      resources: this.resources,
      pages: this.progress.state.pages,
      errors: this.book.errors,
      aborted,
      pacing: { waits: this.#pacer.waits, waitedMs: this.#pacer.waitedMs, throttled: this.#throttled },
    };
  }

  protected async work(): Promise<void> {
    const { options } = this;
    const graph = options.resourceGraph !== false;
    const packages: AzurePackageName[] = ["subscriptions", "resources"];
    if (graph) packages.push("resourceGraph");
    if (!options.credential) packages.push("identity");
    if (options.managementGroup) packages.push("managementGroups");
    this.#sdk = await loadAzureSdk(packages);
    this.checkAborted();
    const credential = options.credential ?? this.#defaultCredential();
    this.#credential = this.#remembering(credential);

    // A token first: a credential that cannot sign in ends the run with one clear line.
    try {
      const token = await this.#credential.getToken(this.#target.scope, { abortSignal: this.signal });
      if (!token?.token) throw new CloudSrmError("AZURE_NO_TOKEN", "the credential returned no token");
      this.#identity = claimsOf(token.token);
    } catch (error) {
      this.checkAborted();
      throw new CloudSrmError("AZURE_CREDENTIAL", `cannot get a token for ${this.#target.scope}: ${this.#describe(error)}`, { cause: this.#cause(error) });
    }
    this.emit({ phase: "subscriptions" });
    const readable = await this.#subscriptions();
    this.emit({ phase: "scan", scopesTotal: this.#subscriptionScopes.size });
    this.#countDone();

    for (const subscription of readable) {
      if (subscription.record) {
        const wait = this.#push(fromSubscription(subscription.record, this.#collectedAt, this.scrubber));
        if (wait) await wait;
      }
    }
    if (graph) {
      // A batch's pages come one after another ($skipToken): smaller batches let `concurrency` of them run at once.
      const size = options.batchSize ?? Math.min(MAX_BATCH, Math.max(1, Math.ceil(readable.length / (options.concurrency ?? DEFAULT_CONCURRENCY))));
      const batches: Subscription[][] = [];
      for (let i = 0; i < readable.length; i += size) batches.push(readable.slice(i, i + size));
      await Promise.all(batches.map((batch) => this.#graphBatch(batch)));
    } else {
      await Promise.all(readable.map((subscription) => this.#armSubscription(subscription)));
    }
    this.checkAborted();
  }

  /** Names every expected subscription with its status; returns those to read. */
  async #subscriptions(): Promise<Subscription[]> {
    const { options } = this;
    const visible = new Map<string, SubscriptionRecord>();
    let listError: unknown;
    const client = new this.#sdk.subscriptions.SubscriptionClient(this.#credential as never, this.#clientOptions());
    try {
      await this.#armPages(OP.subscriptions, () => client.subscriptions.list({ abortSignal: this.signal }) as unknown as ArmPaged<SubscriptionRecord>, async (page) => {
        for (const record of page) if (record.subscriptionId) visible.set(record.subscriptionId.toLowerCase(), record);
      });
    } catch (error) {
      this.checkAborted();
      listError = error;
    }

    let expected: { id: string; name?: string | undefined; parent?: string }[];
    if (options.managementGroup) {
      const group = options.managementGroup;
      const scope = groupScope(group);
      this.book.expect({ id: scope, kind: "azure-management-group", name: group });
      let found: Descendants;
      try {
        found = await this.#descendants(group);
      } catch (error) {
        this.checkAborted();
        throw new CloudSrmError("AZURE_MANAGEMENT_GROUP", `cannot list the subscriptions under management group ${group} (${OP.descendants}): ${this.#describe(error)}`, { cause: this.#cause(error) });
      }
      this.book.read(scope);
      await this.#groups(group, found.groups);
      expected = found.subscriptions.map((s) => ({ id: s.id, name: s.name, parent: groupScope(s.parent ?? group) }));
    } else if (options.subscriptions) {
      expected = [...new Set(options.subscriptions.map((s) => s.trim()).filter(Boolean))].map((id) => ({ id }));
    } else {
      if (listError) throw new CloudSrmError("AZURE_SUBSCRIPTIONS", `cannot list the subscriptions the credential sees (${OP.subscriptions}): ${this.#describe(listError)}`, { cause: this.#cause(listError) });
      expected = [...visible.values()].map((r) => ({ id: r.subscriptionId, name: r.displayName })).sort((a, b) => a.id.localeCompare(b.id));
    }

    const readable: Subscription[] = [];
    for (const entry of expected) {
      const key = entry.id.toLowerCase();
      if (this.#subscriptionScopes.has(key)) continue;
      const record = visible.get(key);
      const subscription: Subscription = { id: entry.id, name: record?.displayName ?? entry.name, ...(record ? { record } : {}) };
      this.#subscriptionScopes.set(key, subscription);
      this.book.expect({ id: entry.id, kind: "azure-subscription", name: subscription.name, parent: entry.parent });
      const state = record?.state;
      // Another worker's subscription (by a hash of its id): skipped here, never read twice.
      if (!inShard(key, options.shard)) this.book.skip(entry.id, outOfShard(options.shard!));
      else if (!record && !listError) this.book.notVisible(entry.id, "the credential cannot see this subscription (it is not in the credential's subscription list)");
      else if (state === "Disabled" || state === "Deleted") this.book.skip(entry.id, `subscription is ${state.toLowerCase()}`);
      else readable.push(subscription);
    }
    if (listError && readable.length) {
      // The list could not be read: try each subscription asked for, and say so.
      for (const subscription of readable) this.book.note(subscription.id, `the subscription list could not be read (${errorCode(listError)}); read as asked`);
    }
    return readable;
  }

  /** Subscriptions and management groups under a management group, at any depth (the descendants API is recursive). */
  async #descendants(group: string): Promise<Descendants> {
    const client = new this.#sdk.managementGroups!.ManagementGroupsAPI(this.#credential as never, this.#clientOptions());
    return this.#call(OP.descendants, false, async () => {
      const found: Descendants = { subscriptions: [], groups: [] };
      for await (const page of client.managementGroups.listDescendants(group, { abortSignal: this.signal }).byPage()) {
        for (const item of page as DescendantRecord[]) {
          if (!item.name) continue;
          const parent = item.parent?.id?.split("/").pop();
          const entry = { id: item.name, ...(item.displayName ? { name: item.displayName } : {}), ...(parent ? { parent } : {}) };
          if (/\/subscriptions$/i.test(item.type ?? "")) found.subscriptions.push(entry);
          else if (/managementGroups$/i.test(item.type ?? "")) found.groups.push({ ...entry, record: item });
        }
      }
      return found;
    });
  }

  /**
   * The management group asked for and every group under it are containers,
   * reported as resources of their own type (as subscriptions and resource
   * groups are) and named as scopes, each under its parent group.
   */
  async #groups(root: string, groups: Descendants["groups"]): Promise<void> {
    const tenantId = this.#identity?.tenantId;
    const rows: unknown[] = [{ id: `/providers/${MANAGEMENT_GROUP_TYPE}/${root}`, name: root, type: MANAGEMENT_GROUP_TYPE, ...(tenantId ? { tenantId } : {}), properties: {} }];
    for (const group of groups) {
      const scope = groupScope(group.id);
      this.book.expect({ id: scope, kind: "azure-management-group", name: group.name, parent: groupScope(group.parent ?? root) });
      this.book.read(scope);
      this.book.note(scope, `listed with ${groupScope(root)}`);
      const { id, name, type, displayName, parent } = group.record;
      rows.push({ id, name, type: type ?? MANAGEMENT_GROUP_TYPE, ...(tenantId ? { tenantId } : {}), properties: { ...(displayName ? { displayName } : {}), ...(parent ? { parent } : {}) } });
    }
    for (const row of rows) {
      // Sharded, each group is emitted by one worker only: the one its own id falls to.
      if (!inShard(groupScope((row as { name: string }).name).toLowerCase(), this.options.shard)) continue;
      const wait = this.#push(fromRow(row, "arm", this.#collectedAt, this.scrubber));
      if (wait) await wait;
    }
  }

  /** One batch through Resource Graph; on failure its subscriptions are listed with ARM (nothing lost, only slower). */
  async #graphBatch(batch: Subscription[]): Promise<void> {
    try {
      await this.#graph(GROUPS_QUERY, batch);
      await this.#graph(RESOURCES_QUERY, batch);
      for (const subscription of batch) this.#settle(subscription.id, "read");
    } catch (error) {
      this.checkAborted();
      const why = `${errorCode(error)}`;
      await Promise.all(
        batch.map((subscription) => {
          this.book.note(subscription.id, `listed with ARM: Resource Graph failed (${why})`);
          return this.#armSubscription(subscription);
        }),
      );
    }
  }

  async #graph(query: string, batch: Subscription[]): Promise<void> {
    const client = new this.#sdk.resourceGraph.ResourceGraphClient(this.#credential as never, this.#clientOptions());
    const subscriptions = batch.map((s) => s.id);
    const tokens = new Set<string>();
    let skipToken: string | undefined;
    do {
      const token = skipToken;
      const page = await this.#call(OP.graph, true, () =>
        client.resources(
          { subscriptions, query, options: { top: PAGE_SIZE, resultFormat: "objectArray", ...(token ? { skipToken: token } : {}) } },
          { abortSignal: this.signal, onResponse: (response: { headers?: unknown }) => this.#quota(response.headers) },
        ),
      );
      if (page.resultTruncated === "true" && !page.skipToken) throw new CloudSrmError("AZURE_TRUNCATED", "Resource Graph truncated the result without a skip token");
      const rows: unknown[] = Array.isArray(page.data) ? (page.data as unknown[]) : [];
      for (const row of rows) {
        const wait = this.#push(fromRow(row, "resource-graph", this.#collectedAt, this.scrubber));
        if (wait) await wait;
      }
      this.emit();
      skipToken = nextToken(page.skipToken, tokens);
    } while (skipToken);
  }

  /** Resource groups and resources of one subscription through ARM lists. */
  async #armSubscription(subscription: Subscription): Promise<void> {
    const client = new this.#sdk.resources.ResourceManagementClient(this.#credential as never, subscription.id, this.#clientOptions());
    const onPage = async (page: unknown[]) => {
      for (const item of page) {
        const wait = this.#push(fromRow(item, "arm", this.#collectedAt, this.scrubber));
        if (wait) await wait;
      }
    };
    let operation: string = OP.groups;
    try {
      await this.#armPages(operation, () => client.resourceGroups.list({ abortSignal: this.signal }) as unknown as ArmPaged<unknown>, onPage);
      operation = OP.resources;
      // createdTime and the rest are only returned when asked for.
      await this.#armPages(operation, () => client.resources.list({ abortSignal: this.signal, expand: "createdTime,changedTime,provisioningState" }) as unknown as ArmPaged<unknown>, onPage);
      this.#settle(subscription.id, "read");
    } catch (error) {
      this.checkAborted();
      this.book.fail(subscription.id, operation, error, `subscription ${subscription.id}`, { subscription: subscription.id });
      this.progress.state.errors = this.book.errors.length;
      this.#settle(subscription.id, "failed");
    }
  }

  /** Reads an ARM list page by page; each page is one call (retried on its own, resuming from the last page read). */
  async #armPages<T>(operation: string, list: () => ArmPaged<T>, onPage: (page: T[]) => Promise<void>): Promise<void> {
    const tokens = new Set<string>();
    let link: string | undefined;
    for (;;) {
      const from = link;
      const next = await this.#call(operation, false, () => list().byPage(from ? { continuationToken: from } : undefined).next());
      if (next.done || !next.value) return;
      await onPage(next.value);
      this.emit();
      link = nextToken(next.value.continuationToken, tokens);
      if (!link) return;
    }
  }

  /** One API call: bounded, paced (Resource Graph), retried when throttled or failing for a while, cancelled by the run's signal. */
  #call<T>(operation: string, paced: boolean, task: () => Promise<T>): Promise<T> {
    const retry = this.options.retry ?? {};
    return this.limit.run(() =>
      withRetry(
        async () => {
          if (paced) await this.#pacer.acquire(this.signal);
          try {
            this.checkAborted();
            this.progress.state.pages++;
            return await task();
          } catch (error) {
            if (error && typeof error === "object" && !("cloudSrmOperation" in error)) Object.defineProperty(error, "cloudSrmOperation", { value: operation, enumerable: false });
            throw error;
          } finally {
            if (paced) this.#pacer.release();
          }
        },
        {
          ...retry,
          signal: this.signal,
          onRetry: (failure, _attempt, delay) => {
            if (failure.kind !== "throttled") return;
            this.#throttled++;
            // Everyone waits, not only this call: the quota is per user.
            if (paced) this.#pacer.hold(delay);
          },
        },
      ),
    );
  }

  /** Resource Graph's quota headers: queries left in the window and when it resets. */
  #quota(headers: unknown): void {
    const remaining = headerOf(headers, "x-ms-user-quota-remaining");
    if (remaining === undefined) return;
    this.#pacer.update(Number(remaining), parseTimeSpan(headerOf(headers, "x-ms-user-quota-resets-after")));
  }

  #clientOptions(): Record<string, unknown> {
    const extra = this.options.clientOptions ?? {};
    return {
      endpoint: this.#target.endpoint,
      // Newer clients take `credentials.scopes`, older ones `credentialScopes`.
      credentials: { scopes: [this.#target.scope] },
      credentialScopes: [this.#target.scope],
      ...extra,
    };
  }

  /** Streams a resource unless already seen (ids compared case-insensitively: ARM and Resource Graph differ in case). */
  #push(resource: Resource | undefined): Promise<void> | undefined {
    if (!resource) return undefined;
    const key = resource.uid.toLowerCase();
    if (this.#seen.has(key)) return undefined;
    this.#seen.add(key);
    this.checkAborted();
    // Rows come subscription by subscription: the last lookup is usually the right one.
    if (resource.account.uid !== this.#lastAccount) {
      this.#lastAccount = resource.account.uid;
      this.#lastSubscription = this.#subscriptionScopes.get(resource.account.uid.toLowerCase());
    }
    const subscription = this.#lastSubscription;
    if (subscription) {
      if (subscription.name && !resource.account.name) resource.account = { ...resource.account, name: subscription.name };
      this.book.count(subscription.id);
    }
    this.resources++;
    return this.channel.push(resource);
  }

  #settle(id: string, status: "read" | "failed"): void {
    if (status === "read") this.book.read(id);
    this.#countDone();
    this.emit({}, { subscription: id });
  }

  #countDone(): void {
    let done = 0;
    for (const subscription of this.#subscriptionScopes.values()) if (this.book.get(subscription.id)?.status !== "pending") done++;
    this.progress.state.scopesDone = done;
  }

  /**
   * `DefaultAzureCredential`. It signs in at the `cloud` asked for; with none, where
   * @azure/identity would (AZURE_AUTHORITY_HOST, else the public cloud). The
   * transport options of `clientOptions` (a proxy, a TLS-inspecting proxy's CA)
   * apply to sign-in as to ARM. The secrets it reads from the environment are
   * known to the scrubber before any call, so no error can repeat them.
   */
  #defaultCredential(): AzureTokenCredential {
    const { cloud, clientOptions = {} } = this.options;
    for (const name of SECRET_VARIABLES) this.scrubber.add(process.env[name]);
    const transport = Object.fromEntries(TRANSPORT_OPTIONS.filter((key) => clientOptions[key] !== undefined).map((key) => [key, clientOptions[key]]));
    const authorityHost = cloud ? this.#target.authorityHost : process.env.AZURE_AUTHORITY_HOST;
    // MSAL checks an authority it does not know against https://login.microsoftonline.com (instance
    // discovery), which a private cloud or Azure Stack Hub cannot reach; @azure/identity documents
    // turning it off for them: https://learn.microsoft.com/en-us/javascript/api/@azure/identity/authorityvalidationoptions
    const privateAuthority = authorityHost !== undefined && !isKnownAuthorityHost(authorityHost);
    return new this.#sdk.identity!.DefaultAzureCredential({ ...(cloud ? { authorityHost } : {}), ...(privateAuthority ? { disableInstanceDiscovery: true } : {}), ...transport });
  }

  /** Wraps the credential so every token it hands out is known to the scrubber. */
  #remembering(credential: AzureTokenCredential): AzureTokenCredential {
    const scrubber = this.scrubber;
    return {
      async getToken(scopes, options) {
        const token = await credential.getToken(scopes, options);
        if (token?.token) scrubber.add(token.token);
        return token;
      },
    };
  }

  #describe(error: unknown): string {
    return this.scrubber.describe(error, classify(error).code);
  }

  /** The SDK error, scrubbed, as the cause of an error that ends the run. */
  #cause(error: unknown): Error {
    return scrubbedCause(this.scrubber, error, classify(error).code);
  }

}

function nextToken(value: unknown, seen: Set<string>): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (seen.has(value)) throw new CloudSrmError("AZURE_PAGING", "the service returned the same page token twice; stopped paging");
  seen.add(value);
  return value;
}

/** Who the token is for, from its (unverified, public) claims; never the token itself. */
function claimsOf(token: string): AzureIdentity | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const text = (key: string) => (typeof claims[key] === "string" && claims[key] ? (claims[key] as string) : undefined);
    const identity: AzureIdentity = {};
    const tenantId = text("tid");
    const objectId = text("oid");
    const appId = text("appid") ?? text("azp");
    const name = text("upn") ?? text("unique_name") ?? text("name");
    if (tenantId) identity.tenantId = tenantId;
    if (objectId) identity.objectId = objectId;
    if (appId) identity.appId = appId;
    if (name) identity.name = name;
    return Object.keys(identity).length ? identity : undefined;
  } catch {
    return undefined;
  }
}
