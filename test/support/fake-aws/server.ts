/**
 * A fake AWS on 127.0.0.1 that speaks the real wire protocols, so the real
 * SDK v3 clients can be tested without a cloud:
 * - STS: Query (form POST, XML reply): GetCallerIdentity, AssumeRole
 * - Organizations, Tagging API, Config: JSON 1.1 with x-amz-target
 * - Resource Explorer 2: REST-JSON (POST /ListIndexes, /GetIndex, /ListResources, /Search)
 *
 * The caller's account comes from the access key in the SigV4 Authorization
 * header (AssumeRole hands out keys bound to the target account), the region
 * from its credential scope. It pages everything, throttles on demand
 * (HTTP 400 ThrottlingException, never Retry-After: the SDK would wait for
 * it), injects failures per account/region, and refuses anything that is not
 * a read, recording the attempt so tests can assert none was made.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeResource {
  arn: string;
  /** Region the resource lives in; "global" for IAM, CloudFront, Route 53. */
  region: string;
  tags?: Record<string, string>;
  /** Present when AWS Config records it. */
  config?: { resourceType: string; resourceId: string; configuration: Record<string, unknown>; supplementaryConfiguration?: Record<string, unknown> };
}

export interface FakeAccount {
  id: string;
  name: string;
  status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  /** Region of the Resource Explorer aggregator index, if the account has one. */
  aggregatorRegion?: string;
  resources: FakeResource[];
}

export interface FakeFailure {
  account?: string;
  region: string;
  /** Signing name: sts, organizations, resource-explorer-2, tagging, config. Default: any. */
  service?: string;
  kind: "500" | "denied";
}

export interface FakeAwsOptions {
  accounts: FakeAccount[];
  /** The caller's account (management account of the organization). */
  management: string;
  orgId?: string;
  /** Role that exists in member accounts. */
  role?: string;
  externalId?: string;
  /** Accounts where AssumeRole is denied (role not deployed). */
  noRole?: string[];
  pageSize?: number;
  /** Throttle about this share of logical requests (each at most twice in a row, so 3 attempts always get through). */
  throttle?: boolean;
  latencyMs?: number | ((call: FakeCall) => number);
  failures?: FakeFailure[];
}

export interface FakeCall {
  account: string;
  region: string;
  service: string;
  action: string;
  status: number;
}

export const BASE_ACCESS_KEY = "AKIAFAKEBASE00000001";
export const BASE_SECRET_KEY = "fake/base/secret/key/0000000000000000000";
const READ_ACTION = /^(Describe|Get|List|Search|Select)[A-Za-z]*$|^AssumeRole$/;

export class FakeAws {
  readonly calls: FakeCall[] = [];
  /** Non-read actions that were attempted (must stay empty). */
  readonly writes: string[] = [];
  /** Every secret the fake handed out (access keys, secret keys, session tokens). */
  readonly issuedSecrets: string[] = [];
  readonly #keys = new Map<string, string>([[BASE_ACCESS_KEY, ""]]);
  readonly #attempts = new Map<string, number>();
  #server: Server | undefined;
  url = "";

  constructor(readonly options: FakeAwsOptions) {
    this.#keys.set(BASE_ACCESS_KEY, options.management);
  }

  /** Responses that were throttling errors. */
  throttled = 0;

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const auth = String(req.headers.authorization ?? "");
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    const accessKey = scope?.[1] ?? "";
    const region = scope?.[2] ?? "";
    const service = scope?.[3] ?? "";
    const account = this.#keys.get(accessKey);
    const target = req.headers["x-amz-target"];
    let protocol: "query" | "json" | "rest";
    let action: string;
    let input: Record<string, unknown>;
    if (typeof target === "string") {
      protocol = "json";
      action = target.split(".").pop() ?? "";
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } else if (String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      protocol = "query";
      const form = new URLSearchParams(body);
      action = form.get("Action") ?? "";
      input = Object.fromEntries(form.entries());
    } else {
      protocol = "rest";
      action = (req.url ?? "/").split("?")[0]!.replace(/^\//, "");
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    }
    const call: FakeCall = { account: account ?? "?", region, service, action, status: 200 };
    this.calls.push(call);
    const latency = typeof this.options.latencyMs === "function" ? this.options.latencyMs(call) : (this.options.latencyMs ?? 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const reply = (status: number, payload: unknown) => {
      call.status = status;
      if (res.destroyed) return;
      if (protocol === "query") {
        res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": "req-1" });
        res.end(payload as string);
      } else {
        res.writeHead(status, { "content-type": protocol === "json" ? "application/x-amz-json-1.1" : "application/json", "x-amzn-requestid": "req-1" });
        res.end(JSON.stringify(payload));
      }
    };
    const fail = (status: number, code: string, message: string) =>
      protocol === "query"
        ? reply(status, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`)
        : reply(status, { __type: `com.amazonaws.fake#${code}`, message });

    if (account === undefined) return fail(403, protocol === "query" ? "InvalidClientTokenId" : "UnrecognizedClientException", "The security token included in the request is invalid.");
    if (!READ_ACTION.test(action)) {
      this.writes.push(`${service}:${action}`);
      return fail(400, "AccessDeniedException", `fake AWS is read-only: ${action} refused`);
    }
    if (this.options.throttle && this.#throttle(`${accessKey}|${region}|${action}|${body}`)) {
      this.throttled++;
      return fail(400, protocol === "query" ? "Throttling" : "ThrottlingException", "Rate exceeded");
    }
    const failure = this.options.failures?.find((f) => (f.account === undefined || f.account === account) && f.region === region && (f.service === undefined || f.service === service));
    if (failure) {
      return failure.kind === "500"
        ? fail(500, "InternalFailure", "We encountered an internal error. Please try again.")
        : fail(403, "AccessDeniedException", `User: arn:aws:sts::${account}:assumed-role/x/cloud-srm is not authorized to perform: ${service}:${action} in ${region}`);
    }
    try {
      const out = this.#dispatch(service, action, input, account, region);
      if ("error" in out) return fail(out.status, out.error, out.message);
      return reply(200, out.ok);
    } catch (error) {
      return fail(400, "ValidationException", (error as Error).message);
    }
  }

  /** Deterministic: a logical request (same body) is throttled 0, 1 or 2 times, about 60% of them at least once. */
  #throttle(key: string): boolean {
    const seen = (this.#attempts.get(key) ?? 0) + 1;
    this.#attempts.set(key, seen);
    const bucket = createHash("sha1").update(key).digest()[0]! % 10;
    const times = bucket < 4 ? 1 : bucket < 6 ? 2 : 0;
    return seen <= times;
  }

  #dispatch(service: string, action: string, input: Record<string, unknown>, account: string, region: string): { ok: unknown } | { error: string; status: number; message: string } {
    const size = this.options.pageSize ?? 25;
    switch (`${service}:${action}`) {
      case "sts:GetCallerIdentity": {
        const arn = account === this.options.management ? `arn:aws:iam::${account}:user/auditor` : `arn:aws:sts::${account}:assumed-role/${this.options.role}/cloud-srm`;
        return { ok: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKEUSERID</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>` };
      }
      case "sts:AssumeRole": {
        const match = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(String(input.RoleArn ?? ""));
        const target = match && this.options.accounts.find((a) => a.id === match[1]);
        const denied = { error: "AccessDenied", status: 403, message: `User: arn:aws:iam::${account}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${String(input.RoleArn)}` };
        if (!match || !target || match[2] !== this.options.role || this.options.noRole?.includes(target.id)) return denied;
        if ((target.status ?? "ACTIVE") !== "ACTIVE") return denied;
        if (this.options.externalId && input.ExternalId !== this.options.externalId) return denied;
        const key = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
        const secret = randomBytes(30).toString("base64");
        const token = `FwoGZXIvYXdzE${randomBytes(60).toString("base64")}`;
        this.#keys.set(key, target.id);
        this.issuedSecrets.push(key, secret, token);
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        return {
          ok: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>${xml(secret)}</SecretAccessKey><SessionToken>${xml(token)}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${target.id}:assumed-role/${this.options.role}/cloud-srm</Arn><AssumedRoleId>AROAFAKE:cloud-srm</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        };
      }
      case "organizations:ListAccounts": {
        if (account !== this.options.management) return { error: "AWSOrganizationsNotInUseException", status: 400, message: "not the management account" };
        const all = this.options.accounts.map((a) => ({
          Id: a.id,
          Arn: `arn:aws:organizations::${this.options.management}:account/${this.options.orgId ?? "o-fake"}/${a.id}`,
          Name: a.name,
          Email: `${a.id}@example.com`,
          Status: a.status ?? "ACTIVE",
        }));
        const { items, next } = page(all, input.NextToken, Math.min(Number(input.MaxResults ?? 20), 20));
        return { ok: { Accounts: items, ...(next ? { NextToken: next } : {}) } };
      }
      case "tagging:GetResources": {
        const mine = this.#account(account).resources.filter((r) => r.region === region || r.region === "global");
        const { items, next } = page(mine, input.PaginationToken, Math.min(Number(input.ResourcesPerPage ?? 100), size));
        return { ok: { ResourceTagMappingList: items.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) })), PaginationToken: next ?? "" } };
      }
      case "config:SelectResourceConfig": {
        const mine = this.#account(account).resources.filter((r) => r.config && (r.region === region || r.region === "global"));
        const { items, next } = page(mine, input.NextToken, Math.min(Number(input.Limit ?? 100), size));
        return {
          ok: {
            Results: items.map((r) =>
              JSON.stringify({
                resourceId: r.config!.resourceId,
                resourceType: r.config!.resourceType,
                arn: r.arn,
                accountId: account,
                awsRegion: r.region === "global" ? "global" : r.region,
                tags: Object.entries(r.tags ?? {}).map(([key, value]) => ({ key, value })),
                configuration: r.config!.configuration,
                supplementaryConfiguration: r.config!.supplementaryConfiguration ?? {},
                configurationItemStatus: "OK",
              }),
            ),
            QueryInfo: { SelectFields: [{ Name: "resourceId" }] },
            ...(next ? { NextToken: next } : {}),
          },
        };
      }
      case "resource-explorer-2:ListIndexes": {
        const a = this.#account(account);
        const indexes = a.aggregatorRegion ? [{ Region: a.aggregatorRegion, Arn: `arn:aws:resource-explorer-2:${a.aggregatorRegion}:${a.id}:index/agg`, Type: "AGGREGATOR" }] : [];
        return { ok: { Indexes: indexes.filter((i) => !input.Type || i.Type === input.Type) } };
      }
      case "resource-explorer-2:GetIndex": {
        const a = this.#account(account);
        if (a.aggregatorRegion !== region) return { error: "ResourceNotFoundException", status: 404, message: "no index" };
        return { ok: { Arn: `arn:aws:resource-explorer-2:${region}:${a.id}:index/agg`, Type: "AGGREGATOR", State: "ACTIVE" } };
      }
      case "resource-explorer-2:ListResources":
      case "resource-explorer-2:Search": {
        const a = this.#account(account);
        if (a.aggregatorRegion !== region) return { error: "UnauthorizedException", status: 401, message: "no default view in this region" };
        const { items, next } = page(a.resources, input.NextToken, Math.min(Number(input.MaxResults ?? 1000), size));
        return {
          ok: {
            Resources: items.map((r) => ({
              Arn: r.arn,
              OwningAccountId: a.id,
              Region: r.region,
              ResourceType: r.arn.split(":")[2],
              Service: r.arn.split(":")[2],
              Properties: [{ Name: "tags", Data: Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) }],
            })),
            ...(next ? { NextToken: next } : {}),
            ViewArn: `arn:aws:resource-explorer-2:${region}:${a.id}:view/default/1`,
          },
        };
      }
      default:
        return { error: "UnknownOperationException", status: 400, message: `fake AWS does not implement ${service}:${action}` };
    }
  }

  #account(id: string): FakeAccount {
    const account = this.options.accounts.find((a) => a.id === id);
    if (!account) throw new Error(`no account ${id}`);
    return account;
  }
}

function page<T>(all: T[], token: unknown, size: number): { items: T[]; next?: string } {
  const start = typeof token === "string" && token ? Number(Buffer.from(token, "base64url").toString().replace("offset:", "")) : 0;
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return end < all.length ? { items, next: Buffer.from(`offset:${end}`).toString("base64url") } : { items };
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
