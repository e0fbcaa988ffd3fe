/**
 * A fake Cloud Asset API on 127.0.0.1 that speaks gRPC with the protos
 * `@google-cloud/asset` itself ships, so the real AssetServiceClient can be
 * tested without a cloud (recipe verified in DESIGN.md: insecure channel
 * credentials and a PassThroughClient, so the client never probes the GCE
 * metadata server).
 *
 * It serves ListAssets and SearchAllResources over an organization of
 * folders and projects with real, opaque page tokens (a token only works for
 * the request that produced it), throttles on demand with RESOURCE_EXHAUSTED,
 * enforces a per-minute quota if asked, injects failures per scope (permission
 * denied, API disabled, billing, VPC Service Controls, unavailable), and
 * refuses anything that is not a read, recording the attempt so tests can
 * assert none was made.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

export interface FakeGcpAsset {
  /** Full resource name, e.g. //compute.googleapis.com/projects/p/zones/z/instances/i. */
  name: string;
  assetType: string;
  location?: string;
  labels?: Record<string, string>;
  /** The resource's configuration (Asset.resource.data). */
  data?: Record<string, unknown>;
}

export interface FakeGcpProject {
  id: string;
  number: string;
  /** Folder number the project sits in; the organization otherwise. */
  folder?: string;
  state?: "ACTIVE" | "DELETE_REQUESTED";
  labels?: Record<string, string>;
  assets: FakeGcpAsset[];
}

export interface FakeGcpFolder {
  number: string;
  displayName: string;
  /** Parent folder number; the organization otherwise. */
  parent?: string;
}

export type FakeGcpFailureKind = "denied" | "disabled" | "billing" | "vpcsc" | "unavailable" | "exhausted";

export interface FakeGcpFailure {
  /** "projects/ID", "folders/N" or "organizations/N": calls whose parent/scope is exactly this fail. */
  scope: string;
  kind: FakeGcpFailureKind;
  /** Extra text the error message carries (to test scrubbing). */
  message?: string;
}

export interface FakeGcpOptions {
  organization: string;
  folders?: FakeGcpFolder[];
  projects: FakeGcpProject[];
  pageSize?: number;
  /** Throttle logical requests with RESOURCE_EXHAUSTED (each at most twice in a row, so 3 attempts get through). */
  throttle?: boolean;
  /** Enforce a quota: at most `perMinute` calls per minute of `clock()` (ms); beyond it RESOURCE_EXHAUSTED. */
  quota?: { perMinute: number; clock?: () => number };
  failures?: FakeGcpFailure[];
  latencyMs?: number;
}

export interface FakeGcpCall {
  method: string;
  parent: string;
  pageToken: string;
  code: number;
  /** The x-goog-user-project header (the quota project), if sent. */
  userProject?: string;
  /** The request's asset types ([] = every type). */
  assetTypes: string[];
}

const require = createRequire(import.meta.url);
const ORG_TYPE = "cloudresourcemanager.googleapis.com/Organization";
const FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";
const PROJECT_TYPE = "cloudresourcemanager.googleapis.com/Project";
const READS = new Set(["ListAssets", "SearchAllResources", "SearchAllIamPolicies", "BatchGetAssetsHistory", "GetFeed", "ListFeeds", "GetSavedQuery", "ListSavedQueries", "QueryAssets", "AnalyzeIamPolicy", "AnalyzeMove", "BatchGetEffectiveIamPolicies", "AnalyzeOrgPolicies", "AnalyzeOrgPolicyGovernedContainers", "AnalyzeOrgPolicyGovernedAssets"]);

/** One asset in the fake's index, with where it sits. */
interface Entry {
  asset: FakeGcpAsset;
  /** "projects/NUMBER" of the holder, for project-level assets. */
  project?: string;
  projectId?: string;
  /** Ancestors from the asset up: projects/N, folders/N..., organizations/N. */
  ancestors: string[];
}

export class FakeGcp {
  readonly calls: FakeGcpCall[] = [];
  /** Non-read methods that were attempted (must stay empty). */
  readonly writes: string[] = [];
  throttled = 0;
  port = 0;
  readonly #server = new grpc.Server();
  readonly #entries: Entry[] = [];
  readonly #attempts = new Map<string, number>();
  readonly #window = { start: 0, count: 0 };

  constructor(readonly options: FakeGcpOptions) {
    this.#index();
  }

  async start(): Promise<void> {
    const assetDir = dirname(require.resolve("@google-cloud/asset/package.json"));
    // The google-gax that @google-cloud/asset itself loads (a newer one may sit beside it); its protos hold google.api.*.
    const gaxDir = packageRoot(require.resolve("google-gax", { paths: [assetDir] }));
    const definition = protoLoader.loadSync("google/cloud/asset/v1/asset_service.proto", {
      includeDirs: [join(assetDir, "build/protos"), join(gaxDir, "build/protos")],
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as { google: { cloud: { asset: { v1: { AssetService: grpc.ServiceClientConstructor } } } } };
    const service = loaded.google.cloud.asset.v1.AssetService.service;
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [key, method] of Object.entries(service)) {
      const name = method.path.split("/").pop()!;
      handlers[key] = (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        void this.#handle(name, call, callback);
      };
    }
    this.#server.addService(service, handlers);
    this.port = await new Promise<number>((resolve, reject) =>
      this.#server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
  }

  /** Every asset a scope holds (its containers included), by full name: what a complete inventory must contain. */
  namesUnder(scope: string): string[] {
    return this.#entries.filter((e) => e.ancestors.includes(this.#canonical(scope)) || e.asset.name === containerName(this.#canonical(scope))).map((e) => e.asset.name).sort();
  }

  async #handle(method: string, call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>): Promise<void> {
    const request = call.request;
    const parent = String(request.parent ?? request.scope ?? "");
    const pageToken = String(request.pageToken ?? "");
    const userProject = call.metadata.get("x-goog-user-project")[0];
    const assetTypes = Array.isArray(request.assetTypes) ? (request.assetTypes as unknown[]).map(String) : [];
    const record = (code: number) => this.calls.push({ method, parent, pageToken, code, assetTypes, ...(userProject ? { userProject: String(userProject) } : {}) });
    const fail = (code: grpc.status, details: string) => {
      record(code);
      callback({ code, details, metadata: new grpc.Metadata() } as grpc.ServiceError);
    };
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    if (!READS.has(method)) {
      this.writes.push(method);
      return fail(grpc.status.PERMISSION_DENIED, `the fake Cloud Asset API is read-only (${method})`);
    }
    if (method !== "ListAssets" && method !== "SearchAllResources") return fail(grpc.status.UNIMPLEMENTED, `${method} is not implemented by the fake`);
    const quota = this.options.quota;
    if (quota) {
      const now = (quota.clock ?? Date.now)();
      if (now - this.#window.start >= 60_000) Object.assign(this.#window, { start: now, count: 0 });
      if (++this.#window.count > quota.perMinute) {
        this.throttled++;
        return fail(grpc.status.RESOURCE_EXHAUSTED, "Quota exceeded for quota metric 'List Assets Requests' and limit 'List Assets Requests per minute'");
      }
    }
    if (this.options.throttle && this.#throttle(`${method}|${JSON.stringify(request)}`)) {
      this.throttled++;
      return fail(grpc.status.RESOURCE_EXHAUSTED, "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'cloudasset.googleapis.com'");
    }
    const scope = this.#canonical(parent);
    const failure = this.options.failures?.find((f) => this.#canonical(f.scope) === scope);
    if (failure) {
      const [code, text] = FAILURES[failure.kind](parent);
      return fail(code, failure.message ? `${text} ${failure.message}` : text);
    }
    if (!/^(projects|folders|organizations)\/[^/]+$/.test(parent)) return fail(grpc.status.INVALID_ARGUMENT, `invalid parent "${parent}"`);
    if (!this.#known(scope)) return fail(grpc.status.PERMISSION_DENIED, `The caller does not have permission (${parent} does not exist or is not visible)`);

    const types = ((request.assetTypes as string[] | undefined) ?? []).filter(Boolean);
    const wanted = typeMatcher(types);
    const matches = this.#entries.filter((e) => (e.ancestors.includes(scope) || e.asset.name === containerName(scope)) && wanted(e.asset.assetType));
    const size = Math.min(Number(request.pageSize) || 100, this.options.pageSize ?? 100);
    const filterKey = createHash("sha256").update(`${method}|${scope}|${types.join(",")}|${String(request.contentType)}`).digest("hex").slice(0, 12);
    let offset = 0;
    if (pageToken) {
      const decoded = decodeToken(pageToken);
      if (!decoded || decoded.k !== filterKey) return fail(grpc.status.INVALID_ARGUMENT, "Invalid page token: it does not belong to this request");
      offset = decoded.o;
    }
    const page = matches.slice(offset, offset + size);
    const next = offset + size < matches.length ? encodeToken({ o: offset + size, k: filterKey }) : "";
    record(grpc.status.OK);
    if (method === "ListAssets") {
      const readTime = { seconds: "1767225600", nanos: 0 };
      callback(null, { readTime, assets: page.map((e) => toAsset(e, String(request.contentType))), nextPageToken: next });
    } else {
      callback(null, { results: page.map((e) => toSearchResult(e)), nextPageToken: next });
    }
  }

  /** Deterministic: a logical request is throttled 0, 1 or 2 times (most at least once). */
  #throttle(key: string): boolean {
    const wanted = createHash("sha256").update(key).digest()[0]! % 3;
    const seen = this.#attempts.get(key) ?? 0;
    this.#attempts.set(key, seen + 1);
    return seen < wanted;
  }

  /** "projects/my-id" and "projects/123" are the same scope. */
  #canonical(scope: string): string {
    const id = /^projects\/(.+)$/.exec(scope)?.[1];
    const project = id ? this.options.projects.find((p) => p.id === id || p.number === id) : undefined;
    return project ? `projects/${project.number}` : scope;
  }

  #known(scope: string): boolean {
    return (
      scope === `organizations/${this.options.organization}` ||
      (this.options.folders ?? []).some((f) => scope === `folders/${f.number}`) ||
      this.options.projects.some((p) => scope === `projects/${p.number}`)
    );
  }

  #index(): void {
    const { organization, folders = [], projects } = this.options;
    const org = `organizations/${organization}`;
    const folderChain = (number: string | undefined): string[] => {
      const chain: string[] = [];
      for (let f = folders.find((x) => x.number === number); f; f = folders.find((x) => x.number === f!.parent)) chain.push(`folders/${f.number}`);
      return [...chain, org];
    };
    this.#entries.push({ asset: { name: containerName(org), assetType: ORG_TYPE, data: { name: org, displayName: "example.com", lifecycleState: "ACTIVE" } }, ancestors: [org] });
    for (const f of folders) {
      const ancestors = folderChain(f.number);
      this.#entries.push({
        asset: { name: containerName(`folders/${f.number}`), assetType: FOLDER_TYPE, data: { name: `folders/${f.number}`, displayName: f.displayName, parent: ancestors[1], lifecycleState: "ACTIVE" } },
        ancestors,
      });
    }
    for (const p of projects) {
      const project = `projects/${p.number}`;
      const ancestors = [project, ...folderChain(p.folder)];
      const parent = ancestors[1]!.split("/");
      this.#entries.push({
        asset: {
          name: containerName(project),
          assetType: PROJECT_TYPE,
          ...(p.labels ? { labels: p.labels } : {}),
          data: { projectNumber: p.number, projectId: p.id, name: p.id, lifecycleState: p.state ?? "ACTIVE", parent: { type: parent[0]!.replace(/s$/, ""), id: parent[1] }, ...(p.labels ? { labels: p.labels } : {}) },
        },
        project,
        projectId: p.id,
        ancestors,
      });
      for (const asset of p.assets) this.#entries.push({ asset, project, projectId: p.id, ancestors });
    }
    this.#entries.sort((a, b) => (a.asset.name < b.asset.name ? -1 : a.asset.name > b.asset.name ? 1 : 0));
  }
}

const FAILURES: Record<FakeGcpFailureKind, (scope: string) => [grpc.status, string]> = {
  denied: (scope) => [grpc.status.PERMISSION_DENIED, `The caller does not have permission to access ${scope} (cloudasset.assets.listResource)`],
  disabled: () => [grpc.status.PERMISSION_DENIED, "Cloud Asset API has not been used in project 999 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/cloudasset.googleapis.com/overview?project=999 then retry. SERVICE_DISABLED"],
  billing: () => [grpc.status.PERMISSION_DENIED, "This API method requires billing to be enabled. Please enable billing on project #999 by visiting https://console.developers.google.com/billing/enable?project=999 then retry. BILLING_DISABLED"],
  vpcsc: () => [grpc.status.PERMISSION_DENIED, "Request is prohibited by organization's policy. vpcServiceControlsUniqueIdentifier: 0123456789abcdef"],
  unavailable: () => [grpc.status.UNAVAILABLE, "The service is currently unavailable."],
  exhausted: () => [grpc.status.RESOURCE_EXHAUSTED, "Quota exceeded for quota metric 'List Assets Requests' and limit 'List Assets Requests per minute'"],
};

function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "build/protos"))) dir = dirname(dir);
  return dir;
}

function containerName(scope: string): string {
  return `//cloudresourcemanager.googleapis.com/${scope}`;
}

/** Which asset types a request asks for ([] = all), compiled once per request (a request may name a hundred types). */
function typeMatcher(wanted: readonly string[]): (type: string) => boolean {
  if (wanted.length === 0) return () => true;
  // The API takes exact types and RE2 regular expressions such as "compute.googleapis.com.*".
  const exact = new Set(wanted);
  const patterns = wanted.filter((w) => /[*+?]/.test(w)).map((w) => new RegExp(`^(?:${w})$`));
  return (type) => exact.has(type) || patterns.some((p) => p.test(type));
}

function encodeToken(token: { o: number; k: string }): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeToken(text: string): { o: number; k: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { o?: unknown; k?: unknown };
    return typeof value.o === "number" && typeof value.k === "string" ? { o: value.o, k: value.k } : undefined;
  } catch {
    return undefined;
  }
}

/** JSON to google.protobuf.Struct, as the wire carries resource.data. */
export function toStruct(value: Record<string, unknown>): { fields: Record<string, unknown> } {
  return { fields: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValue(v)])) };
}

function toValue(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return { nullValue: "NULL_VALUE" };
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "number") return { numberValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
  return { structValue: toStruct(value as Record<string, unknown>) };
}

function toAsset(entry: Entry, contentType: string): Record<string, unknown> {
  const { asset } = entry;
  const resource = contentType === "RESOURCE"
    ? {
        resource: {
          version: "v1",
          discoveryName: asset.assetType.split("/").pop(),
          parent: entry.project && asset.assetType !== PROJECT_TYPE ? `//cloudresourcemanager.googleapis.com/${entry.project}` : "",
          location: asset.location ?? "",
          data: toStruct({ ...(asset.labels ? { labels: asset.labels } : {}), ...asset.data }),
        },
      }
    : {};
  return { name: asset.name, assetType: asset.assetType, ancestors: entry.ancestors, updateTime: { seconds: "1767139200", nanos: 0 }, ...resource };
}

function toSearchResult(entry: Entry): Record<string, unknown> {
  const { asset } = entry;
  const org = entry.ancestors.find((a) => a.startsWith("organizations/")) ?? "";
  return {
    name: asset.name,
    assetType: asset.assetType,
    project: entry.project ?? "",
    folders: entry.ancestors.filter((a) => a.startsWith("folders/")),
    organization: org,
    displayName: asset.name.split("/").pop(),
    location: asset.location ?? "",
    labels: asset.labels ?? {},
    additionalAttributes: toStruct(entry.projectId ? { projectId: entry.projectId } : {}),
    parentFullResourceName: entry.project ? containerName(entry.project) : "",
  };
}
