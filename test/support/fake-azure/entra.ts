/**
 * A fake Microsoft Entra ID sign-in endpoint on https://127.0.0.1, enough for
 * the real @azure/identity (through MSAL) to get a token with a client secret:
 * - GET  /common/discovery/instance            (MSAL's instance discovery)
 * - GET  /{tenant}/v2.0/.well-known/openid-configuration
 * - POST /{tenant}/oauth2/v2.0/token           (grant_type=client_credentials)
 * A wrong secret gets a 401 `invalid_client` whose description echoes the
 * secret it was sent (a hostile server: the adapter must not repeat it).
 * The certificate is the fake ARM's (test/support/fake-azure/tls.ts).
 */
import type { Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { closeHttps, listenHttps } from "./tls.js";

export interface FakeEntraOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The access token handed out for a correct secret. */
  token: string;
}

export class FakeEntra {
  /** Token requests: the scope asked for and whether the secret was right. */
  readonly tokenRequests: { scope: string; ok: boolean }[] = [];
  readonly requests: string[] = [];
  #server: Server | undefined;
  url = "";

  constructor(readonly options: FakeEntraOptions) {}

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
    const url = new URL(req.url ?? "/", this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(payload));
    };
    const { tenantId, clientId, clientSecret, token } = this.options;
    const host = new URL(this.url).host;
    const base = `${this.url}/${tenantId}`;
    if (req.method === "GET" && url.pathname === "/common/discovery/instance") {
      return send(200, {
        tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === "GET" && /\/v2\.0\/\.well-known\/openid-configuration$/.test(url.pathname)) {
      return send(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${this.url}/${tenantId}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "token"],
        scopes_supported: ["openid"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      });
    }
    if (req.method === "POST" && url.pathname === `/${tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const ok = form.get("client_id") === clientId && form.get("client_secret") === clientSecret && form.get("grant_type") === "client_credentials";
      this.tokenRequests.push({ scope: form.get("scope") ?? "", ok });
      if (!ok) {
        return send(401, {
          error: "invalid_client",
          error_description: `AADSTS7000215: Invalid client secret provided: ${form.get("client_secret") ?? ""}. Trace ID: 0000`,
          error_codes: [7000215],
        });
      }
      return send(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    return send(404, { error: "not_found", error_description: `no ${req.method} ${url.pathname} here` });
  }
}
