/**
 * Live, read-only inventory of Google Cloud projects, folders and whole
 * organizations through Cloud Asset Inventory (`ListAssets`, content type
 * RESOURCE: the same Asset records a Cloud Asset export holds, so a live run
 * gives the same evidence as importing an export of the same estate).
 *
 * A folder or organization is first listed for its containers (the
 * organization, folders and projects, each reported as a resource of its own
 * type), then read project by project: each project is a scope with a status
 * (read, failed, skipped, not visible), so a project that could not be read
 * is named, never silently missing, and one denied project does not end the
 * run. Calls are paced under the per-minute quota, bounded in number, and
 * retried on RESOURCE_EXHAUSTED / UNAVAILABLE with backoff (the client does
 * not retry quota errors itself): the scope bookkeeping, pacing, retry,
 * progress and scrubbing are the shared ones of src/adapters/core.
 */
import { CloudSrmError } from "../../errors.js";
import type { Resource } from "../../types.js";
import { AdapterWorker, InventoryRun, Pacer, Semaphore, sleep, withRetry, type RunWorker } from "../core/index.js";
import { checkShard, inShard, outOfShard, type Shard } from "../core/shard.js";
import { CONTAINER_TYPES, FOLDER_TYPE, ORGANIZATION_TYPE, PROJECT_TYPE, resolveAssetTypes } from "./asset-types.js";
import { advice } from "./classify.js";
import { fromStruct, toResource, type Attribution } from "./normalize.js";
import { parseScope, parseScopes, type ParsedScope } from "./scope.js";
import { endpointOptions, loadAssetClient } from "./sdk.js";
import type { GcpAssetClientLike, GcpInventoryOptions, GcpInventoryResult, GcpProgress, GcpScopeError, GcpScopeSummary } from "./types.js";

export { ORGANIZATION_TYPE, FOLDER_TYPE, PROJECT_TYPE };
const CONTAINER_PREFIX = /^\/\/cloudresourcemanager\.googleapis\.com\//;

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_PAGE_SIZE = 1000;
// ListAssets: 100 requests per minute per quota project (the organization-wide quota is 800).
// https://cloud.google.com/asset-inventory/docs/quota
const DEFAULT_REQUESTS_PER_MINUTE = 100;
const OPERATION = "cloudasset.assets.listAssets";

/**
 * Starts nothing until iterated (the shared run object of src/adapters/core).
 * Iterate it for the resources; `result` settles when the stream ends. Also an
 * EventTarget dispatching "progress" events (`CustomEvent<GcpProgress>`).
 */
export class GcpInventoryRun extends InventoryRun<GcpInventoryResult, GcpProgress, GcpInventoryOptions> {
  protected readonly factoryName = "gcpInventory";
  readonly #roots: ParsedScope[];

  constructor(options: GcpInventoryOptions) {
    super(options, "GCP");
    this.#roots = parseScopes(options);
    if (options.shard) checkShard(options.shard);
  }

  protected worker(signal: AbortSignal, report: (progress: GcpProgress) => void): RunWorker<GcpInventoryResult> {
    return new Worker(this.options, this.#roots, signal, report);
  }
}

/**
 * Live inventory of Google Cloud: `for await (const resource of gcpInventory({ scope: "organizations/123" }))`,
 * then `await run.result`. Throws at once (CloudSrmError) on a malformed scope.
 */
export function gcpInventory(options: GcpInventoryOptions): GcpInventoryRun {
  return new GcpInventoryRun(options);
}

interface ProjectState {
  summary: GcpScopeSummary;
  /** What ListAssets is called with: projects/ID as given or discovered. */
  parent: string;
}

class Worker extends AdapterWorker<GcpInventoryResult, GcpProgress, GcpScopeError, GcpScopeSummary> {
  readonly #pacer: Pacer | undefined;
  readonly #seen = new Set<string>();
  readonly #projectIds = new Map<string, string>();
  readonly #attribution: Attribution;
  readonly #shard: Shard | undefined;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #client!: GcpAssetClientLike;
  /** What each project's ListAssets asks for ([] = every type). */
  #assetTypes: string[] = [];
  #throttled = 0;

  constructor(
    readonly options: GcpInventoryOptions,
    readonly roots: readonly ParsedScope[],
    signal: AbortSignal,
    report: (progress: GcpProgress) => void,
  ) {
    super("GCP", signal, report, { phase: "discover", scopesTotal: 0, scopesDone: 0, resources: 0, pages: 0, errors: 0 }, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.#sleep = options.timers ? (ms, signal) => options.timers!.sleep(ms, signal) : sleep;
    const perMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    this.#pacer = perMinute > 0 ? new Pacer({ rate: { limit: perMinute, windowMs: 60_000 }, sleep: this.#sleep, ...(options.timers ? { now: () => options.timers!.now() } : {}) }) : undefined;
    // One time for the whole run (the conversion's clock is asked once per asset: no Date per asset).
    const collected = options.now?.() ?? new Date();
    this.#attribution = { projectIds: this.#projectIds, collectedAt: collected.toISOString(), now: () => collected };
    this.scrubber.add(options.credentials?.private_key);
    this.#shard = options.shard ? checkShard(options.shard) : undefined;
  }

  summary(aborted: boolean): GcpInventoryResult {
    return {
      roots: this.roots.map((r) => r.scope),
      scopes: this.book.list().sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : KIND_ORDER[a.kind] - KIND_ORDER[b.kind])),
      resources: this.resources,
      pages: this.progress.state.pages,
      throttled: this.#throttled,
      errors: this.book.errors,
      aborted,
    };
  }

  protected async work(): Promise<void> {
    const { options } = this;
    const clientOptions: Record<string, unknown> = {
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.authClient ? { authClient: options.authClient } : {}),
      ...(options.endpoint ? endpointOptions(options.endpoint) : {}),
      ...(options.quotaProject ? { quotaProjectId: options.quotaProject } : {}),
      ...options.clientOptions,
    };
    this.#assetTypes = await resolveAssetTypes(options.assetTypes, options.catalog);
    if (options.createClient) this.#client = options.createClient(clientOptions);
    else this.#client = new (await loadAssetClient())(clientOptions);
    try {
      this.checkAborted();
      const projects = await this.#discover();
      this.emit({ phase: "scan" });
      const limit = new Semaphore(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY), this.signal);
      await Promise.all(projects.map((project) => limit.run(() => this.#scan(project))));
      this.checkAborted();
    } finally {
      await this.#client.close?.().catch(() => undefined);
    }
  }

  /**
   * The projects to read: those named, and those under each folder or
   * organization (listed with their containers, which are resources too).
   * Projects to read stay pending until read; the others are settled here.
   */
  async #discover(): Promise<ProjectState[]> {
    const book = this.book;
    const byKey = new Map<string, ProjectState>();
    const add = (parent: string, number: string | undefined, under?: string) => {
      const key = number ?? parent;
      const existing = byKey.get(key) ?? (number ? undefined : [...byKey.values()].find((p) => p.parent === parent));
      if (existing) return existing;
      const summary = book.expect({ id: parent, kind: "gcp-project", parent: under });
      if (number) summary.number = number;
      const state = { summary, parent };
      byKey.set(key, state);
      return state;
    };
    let discovered = false;
    let discoveryFailed = false;
    const containers = this.roots.filter((r) => r.kind !== "project");
    await Promise.all(
      containers.map(async (root) => {
        const summary = book.expect({ id: root.scope, kind: root.kind === "folder" ? "gcp-folder" : "gcp-organization" });
        this.progress.state.scopesTotal++;
        try {
          await this.#pages(root.scope, CONTAINER_TYPES, (asset, resource) => {
            const type = asset.assetType;
            if (type === FOLDER_TYPE && resource) this.#folder(resource.uid, root.scope);
            // Sharded, each container is emitted by one worker only: the one its own id falls to.
            let key = resource?.uid.replace(CONTAINER_PREFIX, "") ?? "";
            if (type === PROJECT_TYPE) {
              const data = (resource?.attributes ?? {}) as { projectId?: unknown; projectNumber?: unknown; lifecycleState?: unknown };
              const number = typeof data.projectNumber === "string" ? data.projectNumber : resource?.account.uid;
              const id = typeof data.projectId === "string" ? data.projectId : undefined;
              const state = data.lifecycleState;
              key = `projects/${id ?? number}`;
              const project = add(key, number, root.scope);
              if (typeof state === "string" && state !== "ACTIVE" && project.summary.status === "pending") book.skip(project.parent, `project is ${state.toLowerCase().replace(/_/g, " ")}`);
            }
            return inShard(key, this.#shard) ? summary : undefined;
          });
          discovered = true;
          book.read(root.scope);
        } catch (error) {
          this.checkAborted();
          discoveryFailed = true;
          this.#fail(root.scope, error);
        } finally {
          this.progress.state.scopesDone++;
          this.emit({}, { scope: root.scope });
        }
      }),
    );
    const named = [...this.roots.filter((r) => r.kind === "project")];
    for (const p of this.options.projects ?? []) {
      const parsed = parseScope(p.startsWith("projects/") ? p : `projects/${p}`);
      if (!named.some((n) => n.scope === parsed.scope)) named.push(parsed);
    }
    const selected = this.options.projects?.length ? new Set(this.options.projects.map((p) => p.replace(/^projects\//, ""))) : undefined;
    if (containers.length === 0) {
      for (const root of named) add(root.scope, /^\d+$/.test(root.id) ? root.id : undefined);
    } else {
      for (const root of named) {
        const match = [...byKey.values()].find((p) => p.parent === root.scope || p.summary.number === root.id);
        // A project asked for that no listed folder or organization holds: not visible to this
        // credential (or not there). When a listing failed, it may be behind that failure: try it.
        if (!match) {
          const project = add(root.scope, undefined);
          if (discovered && !discoveryFailed) book.notVisible(project.parent, "not found under the given folders or organization");
        }
      }
      if (selected) {
        for (const project of byKey.values()) {
          const id = project.parent.slice("projects/".length);
          if (project.summary.status === "pending" && !selected.has(id) && !(project.summary.number && selected.has(project.summary.number))) book.skip(project.parent, "not selected");
        }
      }
    }
    if (this.#shard) {
      // Another worker's projects: skipped, not failed (whatever this worker would have said of them).
      for (const project of byKey.values()) {
        const status = project.summary.status;
        if ((status === "pending" || status === "not-visible") && !inShard(project.parent, this.#shard)) book.skip(project.parent, outOfShard(this.#shard));
      }
    }
    const projects = [...byKey.values()].sort((a, b) => a.parent.localeCompare(b.parent));
    return projects.filter((p) => p.summary.status === "pending");
  }

  /** A folder met while listing a folder or organization: reported as read (its containers came with its parent's listing). */
  #folder(uid: string, root: string): void {
    const scope = uid.replace(CONTAINER_PREFIX, "");
    if (scope === root || this.book.has(scope)) return;
    this.book.expect({ id: scope, kind: "gcp-folder", parent: root });
    this.book.read(scope);
    this.book.note(scope, `listed with ${root}`);
  }

  /** Reads one project's assets; a failure marks the project failed and the run goes on. */
  async #scan(project: ProjectState): Promise<void> {
    this.progress.state.scopesTotal++;
    try {
      await this.#pages(project.parent, this.#assetTypes, (asset, resource) => {
        if (asset.assetType === PROJECT_TYPE && resource) {
          const data = resource.attributes as { projectNumber?: unknown; projectId?: unknown } | undefined;
          if (typeof data?.projectNumber === "string") project.summary.number ??= data.projectNumber;
        }
        return project.summary;
      });
      this.book.read(project.parent);
    } catch (error) {
      this.checkAborted();
      this.#fail(project.parent, error);
    } finally {
      this.progress.state.scopesDone++;
      this.emit({}, { scope: project.parent });
    }
  }

  /**
   * Every page of ListAssets under `parent`, each asset converted and streamed
   * once; `owner` names the scope an asset is counted for. Stops on an empty
   * page token (a page may be short while more follow); a token seen twice
   * is an error rather than an endless loop.
   */
  async #pages(
    parent: string,
    assetTypes: readonly string[],
    owner: (asset: { assetType?: string }, resource: Resource | undefined) => GcpScopeSummary | undefined,
  ): Promise<void> {
    const tokens = new Set<string>();
    let pageToken = "";
    let page = 0;
    do {
      const request = { parent, contentType: "RESOURCE", assetTypes, pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) };
      const [assets, , response] = (await this.#call(request)) as [Record<string, unknown>[] | undefined, unknown, { nextPageToken?: string } | undefined];
      page++;
      let index = 0;
      for (const asset of assets ?? []) {
        if (asset.assetType === PROJECT_TYPE) this.#learnProject(asset);
        const converted = toResource(asset, this.#attribution, `${parent} page ${page} asset ${index++}`);
        const resource = "resource" in converted ? converted.resource : undefined;
        const summary = owner(asset as { assetType?: string }, resource);
        if (!resource || !summary) continue;
        const wait = this.#push(resource, summary);
        if (wait) await wait;
      }
      this.emit({}, { scope: parent });
      const next = response?.nextPageToken ?? "";
      if (next && tokens.has(next)) throw new CloudSrmError("GCP_PAGING", "the service returned the same page token twice; stopped paging");
      tokens.add(next);
      pageToken = next;
    } while (pageToken);
  }

  /**
   * One ListAssets call: bounded, paced, cancelled on abort, and retried
   * (the shared classification: RESOURCE_EXHAUSTED is throttled, UNAVAILABLE
   * and DEADLINE_EXCEEDED transient) with backoff outside the concurrency slot.
   */
  #call(request: Record<string, unknown>): Promise<unknown> {
    const retry = this.options.retry ?? {};
    const callOptions = {
      autoPaginate: false,
      // The adapter retries (the client's own policy retries UNAVAILABLE but not RESOURCE_EXHAUSTED).
      retry: null,
      ...(this.options.quotaProject ? { otherArgs: { headers: { "x-goog-user-project": this.options.quotaProject } } } : {}),
    };
    return withRetry(
      () =>
        this.limit.run(async () => {
          this.checkAborted();
          // The quota slot is taken inside the concurrency slot: a call holds it from its start until a minute after it ends.
          await this.#pacer?.acquire(this.signal);
          const pending = this.#client.listAssets(request, callOptions);
          const cancel = () => pending.cancel?.();
          this.signal.addEventListener("abort", cancel, { once: true });
          try {
            return await pending;
          } finally {
            this.#pacer?.release();
            this.signal.removeEventListener("abort", cancel);
            this.progress.state.pages++;
          }
        }),
      {
        attempts: Math.max(1, retry.attempts ?? 8),
        baseDelayMs: retry.baseDelayMs ?? 1000,
        maxDelayMs: retry.maxDelayMs ?? 32_000,
        signal: this.signal,
        sleep: this.#sleep,
        onRetry: (failure) => {
          if (failure.kind === "throttled") this.#throttled++;
        },
      },
    );
  }

  /** A project's number and id from its own asset, so every resource of it is named by the id. */
  #learnProject(asset: Record<string, unknown>): void {
    const data = fromStruct((asset.resource as { data?: unknown } | null | undefined)?.data);
    if (typeof data?.projectNumber === "string" && typeof data.projectId === "string") this.#projectIds.set(data.projectNumber, data.projectId);
  }

  #push(resource: Resource, owner: GcpScopeSummary): Promise<void> | undefined {
    if (this.#seen.has(resource.uid)) return undefined;
    this.#seen.add(resource.uid);
    this.checkAborted();
    this.resources++;
    owner.resources++;
    return this.channel.push(resource);
  }

  /** A failed scope: the shared error line (scrubbed), with what to do about it. */
  #fail(scope: string, error: unknown): void {
    const hint = error instanceof CloudSrmError ? undefined : advice(error, this.options.quotaProject);
    this.book.fail(scope, OPERATION, error, scope, undefined, hint);
    this.progress.state.errors = this.book.errors.length;
  }

}

const KIND_ORDER = { "gcp-organization": 0, "gcp-folder": 1, "gcp-project": 2 } as const;
