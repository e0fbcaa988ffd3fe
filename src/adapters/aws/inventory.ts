/**
 * Live, read-only inventory of AWS accounts, regions and whole Organizations.
 *
 * Per account: AWS Config first when asked (it carries configuration), then
 * Resource Explorer's aggregator index when there is one (every region in one
 * view), else the Tagging API region by region. Resources are de-duplicated by
 * ARN, so global resources (IAM, CloudFront, Route 53) that several regions
 * or sources report come out once. Every API call goes through one semaphore,
 * so concurrency is bounded across accounts x regions and shared fairly.
 */
import type { Resource } from "../../types.js";
import { CloudSrmError } from "../../errors.js";
import { checkShard, inShard, outOfShard } from "../core/shard.js";
import { AdapterWorker, errorCode, InventoryRun, scrubbedCause, type RunWorker } from "../core/index.js";
import { fromConfigResult, fromExplorer, fromTagMapping, type Scope } from "./normalize.js";
import { loadSdk, type AwsSdk, type AwsServiceName } from "./sdk.js";
import type {
  AwsAccountSummary,
  AwsClientLike,
  AwsCredentials,
  AwsCredentialSource,
  AwsIdentity,
  AwsInventoryOptions,
  AwsInventoryResult,
  AwsProgress,
  AwsScopeError,
} from "./types.js";

/** Regions enabled by default in each partition (opt-in regions must be asked for with `regions`). */
export const AWS_DEFAULT_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
    "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
  ],
  "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
};

/**
 * The fields AWS Config's advanced query selects: what the Config importer
 * reads from a configuration item.
 * https://docs.aws.amazon.com/config/latest/developerguide/querying-AWS-resources.html
 */
export const CONFIG_QUERY =
  "SELECT resourceId, resourceName, resourceType, arn, accountId, awsRegion, availabilityZone, resourceCreationTime, " +
  "configurationItemCaptureTime, configurationItemStatus, tags, configuration, supplementaryConfiguration";

const DEFAULT_CONCURRENCY = 8;
// Standard retry mode with more attempts than the SDK's 3: an inventory of a
// whole organization is exactly the bursty workload that gets throttled.
const DEFAULT_MAX_ATTEMPTS = 8;
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * Starts nothing until iterated. Iterate it for the resources; `result`
 * settles when the stream ends, with the identity, accounts, scopes and
 * per-scope errors. It is also an EventTarget dispatching "progress" events
 * (`CustomEvent<AwsProgress>`).
 */
export class AwsInventoryRun extends InventoryRun<AwsInventoryResult, AwsProgress, AwsInventoryOptions> {
  protected readonly factoryName = "awsInventory";

  constructor(options: AwsInventoryOptions = {}) {
    super(options, "AWS");
    if (options.shard) checkShard(options.shard);
  }

  protected worker(signal: AbortSignal, report: (progress: AwsProgress) => void): RunWorker<AwsInventoryResult> {
    return new Worker(this.options, signal, report);
  }
}

/** Live inventory of AWS: `for await (const resource of awsInventory(options))`, then `await run.result`. */
export function awsInventory(options: AwsInventoryOptions = {}): AwsInventoryRun {
  return new AwsInventoryRun(options);
}

interface AccountState {
  summary: AwsAccountSummary;
  credentials?: AwsCredentialSource | undefined;
}

class Worker extends AdapterWorker<AwsInventoryResult, AwsProgress, AwsScopeError> {
  readonly #seen = new Set<string>();
  readonly #accounts: AccountState[] = [];
  readonly #services = new WeakMap<AwsClientLike, AwsServiceName>();
  #sdk!: AwsSdk;
  #home = "us-east-1";
  #regions: string[] = [];
  #identity: AwsIdentity | undefined;
  #org: string | undefined;
  #collectedAt: string;

  constructor(
    readonly options: AwsInventoryOptions,
    signal: AbortSignal,
    report: (progress: AwsProgress) => void,
  ) {
    super("AWS", signal, report, { phase: "identity", scopesTotal: 0, scopesDone: 0, resources: 0, pages: 0, errors: 0 }, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#collectedAt = (options.now?.() ?? new Date()).toISOString();
    this.scrubber.add(options.organization?.externalId);
    const credentials = options.credentials;
    if (credentials && typeof credentials === "object") this.#remember(credentials);
  }

  summary(aborted: boolean): AwsInventoryResult {
    return {
      ...(this.#identity ? { identity: this.#identity } : {}),
      ...(this.#org ? { organization: this.#org } : {}),
      accounts: this.#accounts.map((a) => a.summary),
      regions: this.#regions,
      scopes: this.book.list(),
      resources: this.resources,
      pages: this.progress.state.pages,
      errors: this.book.errors,
      aborted,
    };
  }

  protected async work(): Promise<void> {
    const { options } = this;
    const configOption = options.config === true ? {} : options.config || undefined;
    const services: AwsServiceName[] = ["sts", "tagging"];
    if (options.resourceExplorer !== false) services.push("resourceExplorer");
    if (options.organization) services.push("organizations");
    if (configOption) services.push("config");
    this.#sdk = await loadSdk(services);
    this.#home = await this.#homeRegion();
    this.checkAborted();

    // Identity: a failure here ends the run (nothing else can work).
    const sts = this.#client("sts", this.#home, options.credentials);
    let caller: { Account?: string; Arn?: string };
    try {
      caller = (await this.#call(sts, new this.#sdk.sts.GetCallerIdentityCommand({}))) as typeof caller;
    } catch (error) {
      this.checkAborted();
      throw new CloudSrmError("AWS_IDENTITY", `cannot identify the AWS caller (sts:GetCallerIdentity in ${this.#home}): ${this.#describe(error)}`, { cause: this.#cause(error) });
    } finally {
      if (!options.organization) sts.destroy?.();
    }
    const partition = caller.Arn?.split(":")[1] || "aws";
    this.#identity = { account: caller.Account ?? "unknown", partition, arn: caller.Arn ?? "unknown" };
    this.#regions = [...new Set(options.regions?.length ? options.regions : (AWS_DEFAULT_REGIONS[partition] ?? AWS_DEFAULT_REGIONS.aws!))];
    this.#emit({ phase: "accounts" });

    if (options.organization) await this.#listOrganization(sts);
    else this.#accounts.push({ summary: { id: this.#identity.account, status: "ACTIVE", resources: 0 }, credentials: options.credentials });
    // Sharded: another worker's accounts are skipped (not failed); a shard is a hash of the account id alone.
    const shard = options.shard;
    if (shard) for (const { summary } of this.#accounts) if (!summary.skipped && !inShard(summary.id, shard)) summary.skipped = outOfShard(shard);
    for (const { summary } of this.#accounts) {
      this.book.expect({ id: summary.id, kind: "aws-account", name: summary.name });
      if (summary.skipped) this.book.skip(summary.id, summary.skipped);
      else for (const region of this.#regions) this.book.expect({ id: `${summary.id}/${region}`, kind: "aws-region", parent: summary.id });
    }
    this.#emit({ phase: "scan" });

    const work: Promise<void>[] = [];
    if (configOption?.aggregator) work.push(this.#scope(this.#identity.account, this.#home, () => this.#aggregate(configOption.aggregator!)).then(() => undefined));
    for (const account of this.#accounts) if (!account.summary.skipped) work.push(this.#account(account, Boolean(configOption && !configOption.aggregator)));
    await Promise.all(work);
    if (options.organization) sts.destroy?.();
    this.checkAborted();
  }

  /** Lists the organization's accounts once (paged), skipping suspended or closing ones. */
  async #listOrganization(sts: AwsClientLike): Promise<void> {
    const org = this.options.organization!;
    const client = this.#client("organizations", this.#home, this.options.credentials);
    const wanted = org.accounts ? new Set(org.accounts) : undefined;
    try {
      let token: string | undefined;
      const tokens = new Set<string>();
      do {
        const page = (await this.#call(client, new this.#sdk.organizations!.ListAccountsCommand({ NextToken: token, MaxResults: 20 }))) as {
          Accounts?: { Id?: string; Name?: string; Arn?: string; Status?: string; State?: string }[];
          NextToken?: string;
        };
        for (const account of page.Accounts ?? []) {
          if (!account.Id) continue;
          this.#org ??= /:account\/(o-[a-z0-9]+)\//.exec(account.Arn ?? "")?.[1];
          const status = account.State ?? account.Status ?? "ACTIVE";
          const summary: AwsAccountSummary = { id: account.Id, ...(account.Name ? { name: account.Name } : {}), status, resources: 0 };
          if (status !== "ACTIVE") summary.skipped = `account is ${status.toLowerCase().replace(/_/g, " ")}`;
          else if (wanted && !wanted.has(account.Id)) summary.skipped = "not selected";
          this.#accounts.push({ summary });
        }
        token = nextToken(page.NextToken, tokens);
      } while (token);
    } catch (error) {
      this.checkAborted();
      throw new CloudSrmError("AWS_ORGANIZATION", `cannot list the organization's accounts (organizations:ListAccounts from account ${this.#identity?.account} in ${this.#home}): ${this.#describe(error)}`, { cause: this.#cause(error) });
    } finally {
      client.destroy?.();
    }
    this.#accounts.sort((a, b) => a.summary.id.localeCompare(b.summary.id));
    for (const account of this.#accounts) {
      if (account.summary.skipped) continue;
      // The caller's own account is read with the caller's credentials (the role may not exist there).
      account.credentials = account.summary.id === this.#identity!.account ? this.options.credentials : this.#assumer(sts, account.summary.id);
    }
  }

  /** A credential provider that assumes the organization role in an account, refreshed before it expires. */
  #assumer(sts: AwsClientLike, accountId: string): () => Promise<AwsCredentials> {
    const org = this.options.organization!;
    const roleArn = `arn:${this.#identity!.partition}:iam::${accountId}:role/${org.role}`;
    let current: AwsCredentials | undefined;
    let pending: Promise<AwsCredentials> | undefined;
    const assume = async (): Promise<AwsCredentials> => {
      const out = (await this.#call(
        sts,
        new this.#sdk.sts.AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: org.sessionName ?? "cloud-srm", ...(org.externalId ? { ExternalId: org.externalId } : {}) }),
      )) as { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } };
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new CloudSrmError("AWS_ASSUME_ROLE", "AssumeRole returned no credentials");
      const credentials: AwsCredentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
      this.#remember(credentials);
      return credentials;
    };
    return async () => {
      if (current && (!current.expiration || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return current;
      pending ??= assume().finally(() => (pending = undefined));
      current = await pending;
      return current;
    };
  }

  /** One account: credentials, Config (optional), then Resource Explorer or the Tagging API. */
  async #account(account: AccountState, config: boolean): Promise<void> {
    const id = account.summary.id;
    const source = account.credentials;
    if (typeof source === "function" && this.options.organization && id !== this.#identity!.account) {
      // Assume the role once up front, so a missing role is one error for the account, not one per region.
      try {
        await source();
      } catch (error) {
        this.checkAborted();
        this.#fail(id, this.#home, "sts:AssumeRole", error, id);
        // Its regions could not be reached either (one error for the account, not one per region).
        for (const region of this.#regions) this.book.settle(`${id}/${region}`, "failed");
        return;
      }
    }
    if (config) await Promise.all(this.#regions.map((region) => this.#scope(id, region, () => this.#configRegion(account, region))));

    const aggregator = this.options.resourceExplorer === false ? undefined : await this.#aggregatorRegion(account);
    if (aggregator) {
      const failure = await this.#scope(id, aggregator, () => this.#explorer(account, aggregator), false);
      if (!failure) {
        account.summary.discovery = "resource-explorer";
        // One view covers every region.
        for (const region of this.#regions) this.book.read(`${id}/${region}`);
        this.book.read(id);
        return;
      }
      // The view could not be read (no default view, no permission): list region by region
      // instead. Not an error (nothing is missed), but said, since it is slower.
      account.summary.note = `Resource Explorer in ${aggregator} could not be read (${this.#describe(failure)}); listed with the Tagging API per region`;
    }
    account.summary.discovery = "tagging-api";
    await Promise.all(this.#regions.map((region) => this.#scope(id, region, () => this.#tagging(account, region))));
    for (const region of this.#regions) this.book.read(`${id}/${region}`); // failed ones stay failed
    this.book.read(id);
  }

  /** The region of the account's Resource Explorer aggregator index, if there is one (ListIndexes, else GetIndex). */
  async #aggregatorRegion(account: AccountState): Promise<string | undefined> {
    const sdk = this.#sdk.resourceExplorer!;
    const client = this.#client("resourceExplorer", this.#home, account.credentials);
    try {
      const out = (await this.#call(client, new sdk.ListIndexesCommand({ Type: "AGGREGATOR" }))) as { Indexes?: { Region?: string; Type?: string }[] };
      return out.Indexes?.find((index) => index.Type === "AGGREGATOR" && index.Region)?.Region;
    } catch {
      this.checkAborted();
      try {
        const out = (await this.#call(client, new sdk.GetIndexCommand({}))) as { Type?: string; State?: string };
        return out.Type === "AGGREGATOR" && (out.State ?? "ACTIVE") === "ACTIVE" ? this.#home : undefined;
      } catch {
        this.checkAborted();
        // Resource Explorer not set up or not allowed: the Tagging API covers the account.
        return undefined;
      }
    } finally {
      client.destroy?.();
    }
  }

  async #explorer(account: AccountState, region: string): Promise<void> {
    const sdk = this.#sdk.resourceExplorer!;
    const client = this.#client("resourceExplorer", region, account.credentials);
    const scope = this.#scopeOf(account, region);
    const keep = this.options.regions?.length ? new Set(this.#regions) : undefined;
    try {
      await this.#pages(client, (token) => new sdk.ListResourcesCommand({ NextToken: token }), "NextToken", async (page: { Resources?: Parameters<typeof fromExplorer>[0][] }) => {
        for (const record of page.Resources ?? []) {
          // Regional resources outside the asked regions are left out; global ones are kept.
          if (keep && record.Region && record.Region !== "global" && !keep.has(record.Region)) continue;
          const wait = this.#push(fromExplorer(record, scope), account);
          if (wait) await wait;
        }
      });
    } finally {
      client.destroy?.();
    }
  }

  async #tagging(account: AccountState, region: string): Promise<void> {
    const sdk = this.#sdk.tagging!;
    const client = this.#client("tagging", region, account.credentials);
    const scope = this.#scopeOf(account, region);
    try {
      await this.#pages(client, (token) => new sdk.GetResourcesCommand({ PaginationToken: token, ResourcesPerPage: 100 }), "PaginationToken", async (page: { ResourceTagMappingList?: Parameters<typeof fromTagMapping>[0][] }) => {
        for (const record of page.ResourceTagMappingList ?? []) {
          const wait = this.#push(fromTagMapping(record, scope), account);
          if (wait) await wait;
        }
      });
    } finally {
      client.destroy?.();
    }
  }

  async #configRegion(account: AccountState, region: string): Promise<void> {
    const sdk = this.#sdk.config!;
    const client = this.#client("config", region, account.credentials);
    const scope = this.#scopeOf(account, region);
    try {
      await this.#pages(client, (token) => new sdk.SelectResourceConfigCommand({ Expression: CONFIG_QUERY, Limit: 100, NextToken: token }), "NextToken", async (page: { Results?: string[] }) => {
        for (const text of page.Results ?? []) {
          const wait = this.#push(fromConfigResult(text, scope), account);
          if (wait) await wait;
        }
      });
    } finally {
      client.destroy?.();
    }
  }

  async #aggregate(aggregator: string): Promise<void> {
    const sdk = this.#sdk.config!;
    const client = this.#client("config", this.#home, this.options.credentials);
    const byId = new Map(this.#accounts.map((a) => [a.summary.id, a]));
    const scope: Scope = { account: this.#identity!.account, region: this.#home, collectedAt: this.#collectedAt, ...(this.#org ? { org: this.#org } : {}) };
    try {
      await this.#pages(
        client,
        (token) => new sdk.SelectAggregateResourceConfigCommand({ Expression: CONFIG_QUERY, ConfigurationAggregatorName: aggregator, Limit: 100, NextToken: token }),
        "NextToken",
        async (page: { Results?: string[] }) => {
          for (const text of page.Results ?? []) {
            const resource = fromConfigResult(text, scope);
            // The aggregator sees every account: keep this shard's only.
            if (resource && this.options.shard && !inShard(resource.account.uid, this.options.shard)) continue;
            const wait = this.#push(resource, resource ? byId.get(resource.account.uid) : undefined);
            if (wait) await wait;
          }
        },
      );
    } finally {
      client.destroy?.();
    }
  }

  /** Reads every page; a token seen twice ends the loop with an error instead of looping forever. */
  async #pages<P>(client: AwsClientLike, command: (token: string | undefined) => unknown, tokenField: string, onPage: (page: P) => Promise<void>): Promise<void> {
    const tokens = new Set<string>();
    let token: string | undefined;
    do {
      const page = (await this.#call(client, command(token))) as P & Record<string, unknown>;
      await onPage(page);
      this.#emit({});
      token = nextToken(page[tokenField], tokens);
    } while (token);
  }

  /** Runs one account x region step, recording its failure (unless told not to) instead of failing the run. Returns the failure, if any. */
  async #scope(account: string, region: string, step: () => Promise<void>, record = true): Promise<unknown> {
    this.progress.state.scopesTotal++;
    try {
      await step();
      return undefined;
    } catch (error) {
      this.checkAborted();
      if (record) this.#fail(account, region, operationOf(error), error, `${account}/${region}`);
      return error ?? new Error("failed");
    } finally {
      this.progress.state.scopesDone++;
      if (!this.signal.aborted) this.#emit({ account, region });
    }
  }

  /** Streams a resource unless already seen; returns a promise only when the consumer is behind (a plain call per resource otherwise). */
  #push(resource: Resource | undefined, account: AccountState | undefined): Promise<void> | undefined {
    if (!resource || this.#seen.has(resource.uid)) return undefined;
    this.#seen.add(resource.uid);
    this.checkAborted();
    this.resources++;
    if (account) {
      account.summary.resources++;
      const regional = resource.region && this.book.get(`${account.summary.id}/${resource.region}`);
      if (regional) this.book.count(regional.id);
      else this.book.count(account.summary.id);
    }
    return this.channel.push(resource);
  }

  /** One API call, through the shared semaphore, cancelled by the run's signal. */
  async #call(client: AwsClientLike, command: unknown): Promise<unknown> {
    return this.limit.run(async () => {
      this.checkAborted();
      try {
        return await client.send(command, { abortSignal: this.signal });
      } catch (error) {
        // Remember which action failed: the SDK's error does not say.
        if (error && typeof error === "object" && !("cloudSrmOperation" in error)) {
          Object.defineProperty(error, "cloudSrmOperation", { value: operationName(this.#services.get(client), command), enumerable: false });
        }
        throw error;
      } finally {
        this.progress.state.pages++;
      }
    });
  }

  #client(service: AwsServiceName, region: string, credentials: AwsCredentialSource | undefined): AwsClientLike {
    const { options } = this;
    const config: Record<string, unknown> = {
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      ...(options.profile && !credentials ? { profile: options.profile } : {}),
      ...options.clientConfig,
      region,
      ...(credentials ? { credentials } : {}),
    };
    const client = options.createClient?.(service, config) ?? this.#newClient(service, config);
    this.#services.set(client, service);
    return client;
  }

  #newClient(service: AwsServiceName, config: Record<string, unknown>): AwsClientLike {
    const sdk = this.#sdk;
    switch (service) {
      case "sts":
        return new sdk.sts.STSClient(config);
      case "organizations":
        return new sdk.organizations!.OrganizationsClient(config);
      case "resourceExplorer":
        return new sdk.resourceExplorer!.ResourceExplorer2Client(config);
      case "tagging":
        return new sdk.tagging!.ResourceGroupsTaggingAPIClient(config);
      case "config":
        return new sdk.config!.ConfigServiceClient(config);
    }
  }

  async #homeRegion(): Promise<string> {
    const { options } = this;
    if (options.region) return options.region;
    if (typeof options.clientConfig?.region === "string") return options.clientConfig.region;
    // The SDK's own resolution: AWS_REGION, then the profile's region.
    const probe = new this.#sdk.sts.STSClient({ ...(options.profile ? { profile: options.profile } : {}) });
    try {
      return await probe.config.region();
    } catch {
      return "us-east-1";
    } finally {
      probe.destroy();
    }
  }

  #scopeOf(account: AccountState, region: string): Scope {
    return {
      account: account.summary.id,
      ...(account.summary.name ? { accountName: account.summary.name } : {}),
      ...(this.#org ? { org: this.#org } : {}),
      region,
      collectedAt: this.#collectedAt,
    };
  }

  #fail(account: string, region: string, operation: string, error: unknown, scope: string): void {
    this.book.fail(scope, operation, error, `account ${account} region ${region}`, { account, region });
    this.progress.state.errors = this.book.errors.length;
  }

  /** The error's code and message with every known secret (and anything shaped like one) removed. */
  #describe(error: unknown): string {
    return this.scrubber.describe(error, errorCode(error));
  }

  /** The SDK error, scrubbed, as the cause of an error that ends the run. */
  #cause(error: unknown): Error {
    return scrubbedCause(this.scrubber, error, errorCode(error));
  }

  #remember(credentials: AwsCredentials): void {
    this.scrubber.add(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken);
  }

  /** Progress, with the account and region of this event only. */
  #emit(change: Partial<AwsProgress>): void {
    this.emit(change.phase ? { phase: change.phase } : {}, { ...(change.account ? { account: change.account } : {}), ...(change.region ? { region: change.region } : {}) });
  }

}

function nextToken(value: unknown, seen: Set<string>): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (seen.has(value)) throw new CloudSrmError("AWS_PAGING", "the service returned the same page token twice; stopped paging");
  seen.add(value);
  return value;
}

// IAM action prefixes, so an error names the permission to check.
const SERVICE_PREFIX: Record<AwsServiceName, string> = {
  sts: "sts",
  organizations: "organizations",
  resourceExplorer: "resource-explorer-2",
  tagging: "tag",
  config: "config",
};

function operationName(service: AwsServiceName | undefined, command: unknown): string {
  const action = (command as { constructor?: { name?: string } })?.constructor?.name?.replace(/Command$/, "") ?? "call";
  return `${service ? SERVICE_PREFIX[service] : "aws"}:${action}`;
}

function operationOf(error: unknown): string {
  return (error as { cloudSrmOperation?: string })?.cloudSrmOperation ?? "aws:call";
}
