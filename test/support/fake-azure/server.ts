/**
 * A fake Azure Resource Manager and Resource Graph on https://127.0.0.1 that
 * speaks the real wire format, so the real @azure SDK clients can be tested
 * without a cloud:
 * - GET  /subscriptions (subscriptions.list), paged with an absolute nextLink
 * - GET  /providers/Microsoft.Management/managementGroups/{id}/descendants
 * - POST /providers/Microsoft.ResourceGraph/resources (Resource Graph queries:
 *   `Resources` and the resource-group `ResourceContainers` query), paged with
 *   $top and $skipToken, with the per-user quota headers
 *   x-ms-user-quota-remaining / x-ms-user-quota-resets-after; over the quota, a
 *   429 with Retry-After and retry-after-ms
 * - GET  /subscriptions/{id}/resourcegroups and /subscriptions/{id}/resources
 *
 * It checks the bearer token, enforces its quota, throttles on demand (429
 * with retry-after-ms: the SDK retries a 429 only with one), fails chosen
 * subscriptions, shuffles rows when a query lacks `order by id asc` (as the
 * service's pages then overlap), and refuses anything that is not a read,
 * recording the attempt.
 */
import { createHash } from "node:crypto";
import type { Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { closeHttps, listenHttps, localhostCertificate } from "./tls.js";

export interface FakeAzureResource {
  /** ARM id, in the case ARM lists it. */
  id: string;
  name: string;
  /** ARM type, e.g. Microsoft.Storage/storageAccounts (Resource Graph answers it lower-cased). */
  type: string;
  location?: string;
  tags?: Record<string, string> | null;
  kind?: string;
  sku?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface FakeSubscription {
  id: string;
  name: string;
  state?: "Enabled" | "Disabled" | "Warned" | "PastDue" | "Deleted";
  /** Management group the subscription sits in directly. */
  group?: string;
  /** Whether the credential sees it in subscriptions.list (default true). */
  visible?: boolean;
  groups: FakeAzureResource[];
  resources: FakeAzureResource[];
}

export interface FakeManagementGroup {
  id: string;
  name: string;
  parent?: string;
}

export interface FakeAzureOptions {
  tenantId: string;
  subscriptions: FakeSubscription[];
  managementGroups?: FakeManagementGroup[];
  /** The token the fake accepts. */
  token: string;
  /** Items per page for every list and query (at most the $top asked). */
  pageSize?: number;
  /** Resource Graph quota per token: `limit` queries per `windowMs` (the service's is 15 per 5 s). */
  quota?: { limit: number; windowMs: number };
  /** Throttle about 60% of logical calls once or twice (429 with retry-after-ms: 1). */
  throttle?: boolean;
  /** Resource Graph answers 403 to every query (not registered, or a policy forbids it). */
  graphDenied?: boolean;
  /** Subscriptions whose every call fails with a 500 (a Resource Graph query that includes one fails too). */
  failing?: string[];
  /** Subscriptions whose ARM calls are refused with 403 AuthorizationFailed. */
  denied?: string[];
  /** Resource Graph queries matching this fail with a 500 (e.g. /^Resources/: the resource-group query works, the resources query not). */
  failingQuery?: RegExp;
  /** Resource Graph gives ids lower-cased (it does for some resource types). */
  graphLowerCaseIds?: boolean;
  latencyMs?: number;
}

export interface FakeAzureCall {
  method: string;
  path: string;
  status: number;
  subscriptions?: number;
}

export const GRAPH_PATH = "/providers/Microsoft.ResourceGraph/resources";

export class FakeAzure {
  readonly calls: FakeAzureCall[] = [];
  /** Non-read calls that reached the fake (must stay empty). */
  readonly writes: string[] = [];
  /** Throttling answers (the storm and the quota). */
  throttled = 0;
  /** 429s for going over the quota (not the storm's). */
  overQuota = 0;
  /** Resource Graph queries answered, and the largest number of subscriptions one asked for. */
  graphQueries = 0;
  largestBatch = 0;
  readonly #attempts = new Map<string, number>();
  readonly #window = { start: 0, used: 0 };
  #server: Server | undefined;
  url = "";
  readonly ca: string;

  constructor(readonly options: FakeAzureOptions) {
    this.ca = localhostCertificate().cert;
  }

  async start(): Promise<string> {
    ({ server: this.#server, url: this.url } = await listenHttps((req, res) => void this.#handle(req, res)));
    return this.url;
  }

  async stop(): Promise<void> {
    await closeHttps(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const method = req.method ?? "GET";
    const call: FakeAzureCall = { method, path: url.pathname, status: 200 };
    this.calls.push(call);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": "req-1", ...headers });
      res.end(JSON.stringify(payload));
    };
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) => send(status, { error: { code, message } }, headers);

    const auth = String(req.headers.authorization ?? "");
    if (auth !== `Bearer ${this.options.token}`) {
      // Like some services, echo what was sent: the adapter must not repeat it.
      return fail(401, "InvalidAuthenticationToken", `The access token is invalid: '${auth}'`);
    }
    const isGraph = url.pathname.toLowerCase() === GRAPH_PATH.toLowerCase();
    if (method !== "GET" && !(method === "POST" && isGraph)) {
      this.writes.push(`${method} ${url.pathname}`);
      return fail(405, "MethodNotAllowed", `fake Azure is read-only: ${method} ${url.pathname} refused`);
    }
    if (this.options.throttle && this.#storm(`${method} ${url.pathname}${url.search} ${body}`)) {
      this.throttled++;
      return fail(429, "TooManyRequests", "Rate limit exceeded", { "retry-after-ms": "1", "retry-after": "0" });
    }
    try {
      if (isGraph) return this.#graph(JSON.parse(body || "{}") as GraphRequest, send, fail, call);
      return this.#arm(url, send, fail);
    } catch (error) {
      return fail(400, "BadRequest", (error as Error).message);
    }
  }

  #graph(request: GraphRequest, send: Send, fail: Fail, call: FakeAzureCall): void {
    const quota = this.options.quota;
    const headers: Record<string, string> = {};
    if (quota) {
      const now = Date.now();
      if (now - this.#window.start >= quota.windowMs) {
        this.#window.start = now;
        this.#window.used = 0;
      }
      const resetsAfter = Math.max(0, this.#window.start + quota.windowMs - now);
      if (this.#window.used >= quota.limit) {
        this.throttled++;
        this.overQuota++;
        return fail(429, "RateLimiting", "Please provide below info when asking for support: query quota exceeded", {
          "retry-after-ms": String(Math.max(1, resetsAfter)),
          "retry-after": String(Math.ceil(resetsAfter / 1000)),
          "x-ms-user-quota-remaining": "0",
          "x-ms-user-quota-resets-after": timeSpan(resetsAfter),
        });
      }
      this.#window.used++;
      headers["x-ms-user-quota-remaining"] = String(quota.limit - this.#window.used);
      headers["x-ms-user-quota-resets-after"] = timeSpan(resetsAfter);
    }
    if (this.options.graphDenied) {
      return fail(403, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read'.", headers);
    }
    const subscriptions = request.subscriptions ?? [];
    call.subscriptions = subscriptions.length;
    if (subscriptions.length > 1000) return fail(400, "BadRequest", "too many subscriptions");
    this.graphQueries++;
    this.largestBatch = Math.max(this.largestBatch, subscriptions.length);
    const wanted = new Set(subscriptions.map((s) => s.toLowerCase()));
    const broken = this.options.failing?.find((id) => wanted.has(id.toLowerCase()));
    if (broken) return fail(500, "InternalServerError", `Encountered an internal server error for subscription ${broken}.`, headers);
    const query = request.query ?? "";
    if (this.options.failingQuery?.test(query)) return fail(500, "InternalServerError", "Encountered an internal server error.", headers);
    const subs = this.options.subscriptions.filter((s) => wanted.has(s.id.toLowerCase()) && (s.visible ?? true) && s.state !== "Disabled");
    let rows: FakeAzureResource[];
    if (/^\s*Resources\b/i.test(query)) rows = subs.flatMap((s) => s.resources);
    else if (/^\s*ResourceContainers\b/i.test(query) && /resourcegroups/i.test(query)) rows = subs.flatMap((s) => s.groups);
    else return fail(400, "InvalidQuery", `fake Resource Graph does not understand: ${query}`, headers);
    const ordered = /order\s+by\s+id\s+asc/i.test(query);
    rows = [...rows].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
    // Without an order the service's pages overlap: the same offset gives different rows each time.
    if (!ordered) rows = shuffle(rows, this.graphQueries);
    const options = request.options ?? {};
    const size = Math.min(Number(options.$top ?? 100), this.options.pageSize ?? 1000);
    const { items, next } = page(rows, options.$skipToken, size);
    const data = items.map((r) => this.#graphRow(r));
    send(200, { totalRecords: rows.length, count: data.length, resultTruncated: "false", ...(next ? { $skipToken: next } : {}), data }, headers);
  }

  #graphRow(r: FakeAzureResource): Record<string, unknown> {
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1];
    const group = /\/resourceGroups\/([^/]+)/i.exec(r.id)?.[1];
    const isGroup = /^microsoft\.resources\/subscriptions\/resourcegroups$/i.test(r.type);
    return {
      id: this.options.graphLowerCaseIds ? r.id.toLowerCase() : r.id,
      name: r.name,
      type: r.type.toLowerCase(),
      tenantId: this.options.tenantId,
      kind: r.kind ?? "",
      location: r.location ?? "",
      resourceGroup: (isGroup ? r.name : (group ?? "")).toLowerCase(),
      subscriptionId: subscription,
      managedBy: "",
      sku: r.sku ?? null,
      plan: null,
      properties: r.properties ?? {},
      tags: r.tags ?? null,
      identity: null,
      zones: null,
      extendedLocation: null,
    };
  }

  #arm(url: URL, send: Send, fail: Fail): void {
    const path = url.pathname;
    const token = url.searchParams.get("$skiptoken") ?? undefined;
    const size = Math.min(Number(url.searchParams.get("$top") ?? 1000), this.options.pageSize ?? 1000);
    const nextLink = (next: string | undefined) => {
      if (!next) return {};
      const link = new URL(url.href);
      link.searchParams.set("$skiptoken", next);
      return { nextLink: link.href };
    };
    if (/^\/subscriptions\/?$/i.test(path)) {
      const all = this.options.subscriptions
        .filter((s) => s.visible ?? true)
        .map((s) => ({
          id: `/subscriptions/${s.id}`,
          authorizationSource: "RoleBased",
          managedByTenants: [],
          subscriptionId: s.id,
          tenantId: this.options.tenantId,
          displayName: s.name,
          state: s.state ?? "Enabled",
          subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
          tags: {},
        }));
      const { items, next } = page(all, token, size);
      return send(200, { value: items, ...nextLink(next) });
    }
    const descendants = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/descendants$/i.exec(path);
    if (descendants) {
      const root = decodeURIComponent(descendants[1]!);
      const groups = this.options.managementGroups ?? [];
      if (!groups.some((g) => g.id === root)) return fail(403, "AuthorizationFailed", `The client does not have authorization to perform action 'Microsoft.Management/managementGroups/descendants/read' over scope '/providers/Microsoft.Management/managementGroups/${root}'.`);
      const under = new Set([root]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const g of groups) {
          if (g.parent && under.has(g.parent) && !under.has(g.id)) {
            under.add(g.id);
            grew = true;
          }
        }
      }
      const items = [
        ...groups
          .filter((g) => g.id !== root && under.has(g.id))
          .map((g) => ({ id: `/providers/Microsoft.Management/managementGroups/${g.id}`, type: "Microsoft.Management/managementGroups", name: g.id, properties: { displayName: g.name, parent: { id: `/providers/Microsoft.Management/managementGroups/${g.parent}` } } })),
        ...this.options.subscriptions
          .filter((s) => s.group && under.has(s.group))
          .map((s) => ({ id: `/subscriptions/${s.id}`, type: "Microsoft.Management/managementGroups/subscriptions", name: s.id, properties: { displayName: s.name, parent: { id: `/providers/Microsoft.Management/managementGroups/${s.group}` } } })),
      ];
      const { items: pageItems, next } = page(items, token, size);
      return send(200, { value: pageItems, ...nextLink(next) });
    }
    const list = /^\/subscriptions\/([^/]+)\/(resourcegroups|resources)$/i.exec(path);
    if (list) {
      const id = decodeURIComponent(list[1]!);
      const subscription = this.options.subscriptions.find((s) => s.id.toLowerCase() === id.toLowerCase());
      if (this.options.failing?.some((f) => f.toLowerCase() === id.toLowerCase())) return fail(500, "InternalServerError", `Encountered an internal server error for subscription ${id}.`);
      if (!subscription || !(subscription.visible ?? true) || this.options.denied?.some((d) => d.toLowerCase() === id.toLowerCase())) {
        return fail(403, "AuthorizationFailed", `The client 'auditor@contoso.test' does not have authorization to perform action 'Microsoft.Resources/subscriptions/${list[2]!.toLowerCase()}/read' over scope '/subscriptions/${id}'.`);
      }
      const groups = list[2]!.toLowerCase() === "resourcegroups";
      const rows = groups ? subscription.groups : subscription.resources;
      const { items, next } = page(rows, token, size);
      const value = items.map((r) =>
        groups
          ? { id: r.id, name: r.name, type: "Microsoft.Resources/resourceGroups", location: r.location, tags: r.tags ?? undefined, properties: { provisioningState: "Succeeded" } }
          : { id: r.id, name: r.name, type: r.type, location: r.location, tags: r.tags ?? undefined, ...(r.kind ? { kind: r.kind } : {}), ...(r.sku ? { sku: r.sku } : {}), createdTime: "2025-01-02T03:04:05Z", provisioningState: "Succeeded" },
      );
      return send(200, { value, ...nextLink(next) });
    }
    return fail(404, "NotFound", `fake Azure has nothing at ${path}`);
  }

  /** Deterministic: a logical call (same request) is throttled 0, 1 or 2 times, about 60% at least once. */
  #storm(key: string): boolean {
    const seen = (this.#attempts.get(key) ?? 0) + 1;
    this.#attempts.set(key, seen);
    const bucket = createHash("sha1").update(key).digest()[0]! % 10;
    const times = bucket < 4 ? 1 : bucket < 6 ? 2 : 0;
    return seen <= times;
  }
}

interface GraphRequest {
  subscriptions?: string[];
  query?: string;
  options?: { $top?: number; $skipToken?: string; resultFormat?: string };
}
type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;
type Fail = (status: number, code: string, message: string, headers?: Record<string, string>) => void;

function page<T>(all: T[], token: unknown, size: number): { items: T[]; next?: string } {
  const start = typeof token === "string" && token ? Number(Buffer.from(token, "base64url").toString().replace("offset:", "")) : 0;
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return end < all.length ? { items, next: Buffer.from(`offset:${end}`).toString("base64url") } : { items };
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed * 2654435761;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Milliseconds as a .NET TimeSpan ("00:00:04.250"), as Resource Graph writes it. */
function timeSpan(ms: number): string {
  const seconds = ms / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${s.toFixed(3).padStart(6, "0")}`;
}
