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
 * not retry quota errors itself).
 */
import { CloudSrmError } from "../../errors.js";
import type { Resource } from "../../types.js";
import { abortError, Channel, InventoryRun, Scrubber, Semaphore, type RunWorker } from "../core/index.js";
import { checkShard, inShard, outOfShard, type Shard } from "../core/shard.js";
import { advice, grpcCode, isRetryable, messageOf } from "./classify.js";
import { fromStruct, toResource, type Attribution } from "./normalize.js";
import { Pacer, sleep } from "./pace.js";
import { parseScope, parseScopes, type ParsedScope } from "./scope.js";
import { endpointOptions, loadAssetClient } from "./sdk.js";
import type { GcpAssetClientLike, GcpInventoryOptions, GcpInventoryResult, GcpProgress, GcpScopeError, GcpScopeSummary } from "./types.js";

export const ORGANIZATION_TYPE = "cloudresourcemanager.googleapis.com/Organization";
export const FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";
export const PROJECT_TYPE = "cloudresourcemanager.googleapis.com/Project";
const CONTAINER_TYPES = [ORGANIZATION_TYPE, FOLDER_TYPE, PROJECT_TYPE];
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

class Worker implements RunWorker<GcpInventoryResult> {
  readonly channel = new Channel<Resource>();
  readonly #limit: Semaphore;
  readonly #pacer: Pacer;
  readonly #seen = new Set<string>();
  readonly #errors: GcpScopeError[] = [];
  readonly #scopes: GcpScopeSummary[] = [];
  readonly #projectIds = new Map<string, string>();
  readonly #scrubber = new Scrubber();
  readonly #attribution: Attribution;
  readonly #shard: Shard | undefined;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #client!: GcpAssetClientLike;
  #progress: GcpProgress = { phase: "discover", scopesTotal: 0, scopesDone: 0, resources: 0, pages: 0, errors: 0 };
  #resources = 0;
  #throttled = 0;

  constructor(
    readonly options: GcpInventoryOptions,
    readonly roots: readonly ParsedScope[],
    readonly signal: AbortSignal,
    readonly report: (progress: GcpProgress) => void,
  ) {
    this.#limit = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY, signal);
    this.#sleep = options.timers ? (ms, signal) => options.timers!.sleep(ms, signal) : sleep;
    this.#pacer = new Pacer(options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE, options.timers ? () => options.timers!.now() : Date.now, this.#sleep);
    const now = options.now ?? (() => new Date());
    this.#attribution = { projectIds: this.#projectIds, collectedAt: now().toISOString(), now };
    this.#scrubber.add(options.credentials?.private_key);
    this.#shard = options.shard ? checkShard(options.shard) : undefined;
  }

  summary(aborted: boolean): GcpInventoryResult {
    return {
      roots: this.roots.map((r) => r.scope),
      scopes: [...this.#scopes].sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : KIND_ORDER[a.kind] - KIND_ORDER[b.kind])),
      resources: this.#resources,
      pages: this.#progress.pages,
      throttled: this.#throttled,
      errors: this.#errors,
      aborted,
    };
  }

  async run(): Promise<void> {
    try {
      await this.#run();
      this.#emit({ phase: "done" });
      this.channel.close();
    } catch (error) {
      this.channel.close(this.signal.aborted ? abortError(this.signal) : (error as Error));
    }
  }

  async #run(): Promise<void> {
    const { options } = this;
    const clientOptions: Record<string, unknown> = {
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.authClient ? { authClient: options.authClient } : {}),
      ...(options.endpoint ? endpointOptions(options.endpoint) : {}),
      ...(options.quotaProject ? { quotaProjectId: options.quotaProject } : {}),
      ...options.clientOptions,
    };
    if (options.createClient) this.#client = options.createClient(clientOptions);
    else this.#client = new (await loadAssetClient())(clientOptions);
    try {
      this.#checkAborted();
      const projects = await this.#discover();
      this.#emit({ phase: "scan" });
      const limit = new Semaphore(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY), this.signal);
      await Promise.all(projects.map((project) => limit.run(() => this.#scan(project))));
      this.#checkAborted();
    } finally {
      await this.#client.close?.().catch(() => undefined);
    }
  }

  /**
   * The projects to read: those named, and those under each folder or
   * organization (listed with their containers, which are resources too).
   */
  async #discover(): Promise<ProjectState[]> {
    const byKey = new Map<string, ProjectState>();
    const add = (parent: string, number: string | undefined, status: GcpScopeSummary["status"] = "read", reason?: string, under?: string) => {
      const key = number ?? parent;
      const existing = byKey.get(key) ?? (number ? undefined : [...byKey.values()].find((p) => p.parent === parent));
      if (existing) return existing;
      const summary: GcpScopeSummary = { id: parent, kind: "gcp-project", ...(number ? { number } : {}), ...(under ? { parent: under } : {}), status, ...(reason ? { reason } : {}), resources: 0 };
      const state = { summary, parent };
      byKey.set(key, state);
      this.#scopes.push(summary);
      return state;
    };
    let discovered = false;
    let discoveryFailed = false;
    const containers = this.roots.filter((r) => r.kind !== "project");
    await Promise.all(
      containers.map(async (root) => {
        const summary: GcpScopeSummary = { id: root.scope, kind: root.kind === "folder" ? "gcp-folder" : "gcp-organization", status: "read", resources: 0 };
        this.#scopes.push(summary);
        this.#progress.scopesTotal++;
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
              const project = add(key, number, "read", undefined, root.scope);
              if (typeof state === "string" && state !== "ACTIVE" && project.summary.status === "read") {
                project.summary.status = "skipped";
                project.summary.reason = `project is ${state.toLowerCase().replace(/_/g, " ")}`;
              }
            }
            return inShard(key, this.#shard) ? summary : undefined;
          });
          discovered = true;
        } catch (error) {
          this.#checkAborted();
          discoveryFailed = true;
          summary.status = "failed";
          this.#fail(root.scope, error);
        } finally {
          this.#progress.scopesDone++;
          this.#emit({ scope: root.scope });
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
        if (!match) add(root.scope, undefined, discovered && !discoveryFailed ? "not-visible" : "read", discovered && !discoveryFailed ? "not found under the given folders or organization" : undefined);
      }
      if (selected) {
        for (const project of byKey.values()) {
          const id = project.parent.slice("projects/".length);
          if (project.summary.status === "read" && !selected.has(id) && !(project.summary.number && selected.has(project.summary.number))) {
            project.summary.status = "skipped";
            project.summary.reason = "not selected";
          }
        }
      }
    }
    if (this.#shard) {
      // Another worker's projects: skipped, not failed (whatever this worker would have said of them).
      for (const project of byKey.values()) {
        if ((project.summary.status === "read" || project.summary.status === "not-visible") && !inShard(project.parent, this.#shard)) {
          project.summary.status = "skipped";
          project.summary.reason = outOfShard(this.#shard);
        }
      }
    }
    const projects = [...byKey.values()].sort((a, b) => a.parent.localeCompare(b.parent));
    return projects.filter((p) => p.summary.status === "read");
  }

  /** A folder met while listing a folder or organization: reported as read (its containers came with its parent's listing). */
  #folder(uid: string, root: string): void {
    const scope = uid.replace(CONTAINER_PREFIX, "");
    if (scope === root || this.#scopes.some((s) => s.id === scope)) return;
    this.#scopes.push({ id: scope, kind: "gcp-folder", parent: root, status: "read", reason: `listed with ${root}`, resources: 0 });
  }

  /** Reads one project's assets; a failure marks the project failed and the run goes on. */
  async #scan(project: ProjectState): Promise<void> {
    this.#progress.scopesTotal++;
    const types = this.options.assetTypes?.length ? [...new Set([...this.options.assetTypes, PROJECT_TYPE])] : [];
    try {
      await this.#pages(project.parent, types, (asset, resource) => {
        if (asset.assetType === PROJECT_TYPE && resource) {
          const data = resource.attributes as { projectNumber?: unknown; projectId?: unknown } | undefined;
          if (typeof data?.projectNumber === "string") project.summary.number ??= data.projectNumber;
        }
        return project.summary;
      });
    } catch (error) {
      this.#checkAborted();
      project.summary.status = "failed";
      this.#fail(project.parent, error);
    } finally {
      this.#progress.scopesDone++;
      if (!this.signal.aborted) this.#emit({ scope: project.parent });
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
      this.#emit({ scope: parent });
      const next = response?.nextPageToken ?? "";
      if (next && tokens.has(next)) throw new CloudSrmError("GCP_PAGING", "the service returned the same page token twice; stopped paging");
      tokens.add(next);
      pageToken = next;
    } while (pageToken);
  }

  /** One ListAssets call: paced, bounded, cancelled on abort, retried on throttling with backoff. */
  async #call(request: Record<string, unknown>): Promise<unknown> {
    const retry = this.options.retry ?? {};
    const attempts = Math.max(1, retry.attempts ?? 8);
    const base = retry.baseDelayMs ?? 1000;
    const max = retry.maxDelayMs ?? 32_000;
    const callOptions = {
      autoPaginate: false,
      // The adapter retries (the client's own policy retries UNAVAILABLE but not RESOURCE_EXHAUSTED).
      retry: null,
      ...(this.options.quotaProject ? { otherArgs: { headers: { "x-goog-user-project": this.options.quotaProject } } } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#limit.run(async () => {
        this.#checkAborted();
        // The quota slot is taken inside the concurrency slot: a call holds it from its start until 60 s after it ends.
        const release = await this.#pacer.acquire(this.signal);
        const pending = this.#client.listAssets(request, callOptions);
        const cancel = () => pending.cancel?.();
        this.signal.addEventListener("abort", cancel, { once: true });
        try {
          return { value: await pending };
        } catch (error) {
          return { error };
        } finally {
          release();
          this.signal.removeEventListener("abort", cancel);
          this.#progress.pages++;
        }
      });
      if (!("error" in outcome)) return outcome.value;
      this.#checkAborted();
      if (!isRetryable(outcome.error) || attempt >= attempts) throw outcome.error;
      if (grpcCode(outcome.error) === "RESOURCE_EXHAUSTED") this.#throttled++;
      // Full jitter: spreads the retries of many projects throttled at once.
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      await this.#sleep(delay ? delay / 2 + Math.random() * (delay / 2) : 0, this.signal);
    }
  }

  /** A project's number and id from its own asset, so every resource of it is named by the id. */
  #learnProject(asset: Record<string, unknown>): void {
    const data = fromStruct((asset.resource as { data?: unknown } | null | undefined)?.data);
    if (typeof data?.projectNumber === "string" && typeof data.projectId === "string") this.#projectIds.set(data.projectNumber, data.projectId);
  }

  #push(resource: Resource, owner: GcpScopeSummary): Promise<void> | undefined {
    if (this.#seen.has(resource.uid)) return undefined;
    this.#seen.add(resource.uid);
    this.#checkAborted();
    this.#resources++;
    owner.resources++;
    return this.channel.push(resource);
  }

  #fail(scope: string, error: unknown): void {
    const code = error instanceof CloudSrmError ? error.code : grpcCode(error);
    const text = this.#scrub(messageOf(error));
    const hint = error instanceof CloudSrmError ? "" : ` (${advice(error, this.options.quotaProject)})`;
    this.#errors.push({ scope, operation: OPERATION, code, message: `${scope}: ${OPERATION} failed: ${code}: ${text}${hint}` });
    this.#progress.errors = this.#errors.length;
  }

  /** The shared scrubber (the caller's private key, tokens, keys, secret-named values), and one line on a terminal. */
  #scrub(message: string): string {
    // No escape sequences from the server reach a terminal.
    // eslint-disable-next-line no-control-regex
    return this.#scrubber.text(message).replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
  }

  #emit(change: Partial<GcpProgress>): void {
    const progress = this.#progress;
    if (change.phase) progress.phase = change.phase;
    progress.resources = this.#resources;
    try {
      this.report({ ...progress, ...(change.scope ? { scope: change.scope } : {}) });
    } catch {
      // A progress listener's bug must not stop the inventory.
    }
  }

  #checkAborted(): void {
    if (this.signal.aborted) throw abortError(this.signal);
  }
}

const KIND_ORDER = { "gcp-organization": 0, "gcp-folder": 1, "gcp-project": 2 } as const;
