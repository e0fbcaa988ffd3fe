/**
 * The default credential, for real: no credential is handed in, so the
 * adapter builds @azure/identity's DefaultAzureCredential, which reads a
 * service principal from the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID,
 * AZURE_CLIENT_SECRET) and signs in, through MSAL, at AZURE_AUTHORITY_HOST: a
 * fake Entra ID on 127.0.0.1. The token it obtains is the one the fake ARM
 * accepts. The client secret must appear in no output and no error, even when
 * the sign-in server echoes it back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { azureInventory } from "../../../src/adapters/azure/index.js";
import { inventoryAzureCommand } from "../../../src/cli/commands/azure-options.js";
import type { CliIo } from "../../../src/cli/io.js";
import { FakeEntra } from "../../support/fake-azure/entra.js";
import { FakeAzure } from "../../support/fake-azure/server.js";
import { subscription, subscriptionId, TENANT, TOKEN } from "../../support/fake-azure/world.js";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const SECRET = "fake~Client.Secret_0123456789abcdefGHIJ";
const VARIABLES = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST"] as const;

const entra = new FakeEntra({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET, token: TOKEN });
const arm = new FakeAzure({ tenantId: TENANT, token: TOKEN, subscriptions: [subscription(0, 4), subscription(1, 2)], pageSize: 3 });
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  await Promise.all([entra.start(), arm.start()]);
});
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
afterAll(async () => {
  expect(arm.writes).toEqual([]);
  await Promise.all([entra.stop(), arm.stop()]);
});

function signInAs(secret: string): void {
  process.env.AZURE_TENANT_ID = TENANT;
  process.env.AZURE_CLIENT_ID = CLIENT_ID;
  process.env.AZURE_CLIENT_SECRET = secret;
  process.env.AZURE_AUTHORITY_HOST = entra.url;
}

function io() {
  const out = { stdout: "", stderr: "" };
  const cli = {
    stdout: { write: (chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true) },
    stderr: { write: (chunk: string) => ((out.stderr += chunk), true) },
    env: {},
  } as CliIo;
  return { cli, out };
}

// The fake's certificate is trusted the way every fake-azure test trusts it: tlsOptions, which the
// adapter hands to the default credential too. MSAL's instance discovery goes to the fake as well.
const library = () => ({ endpoint: arm.url, clientOptions: { tlsOptions: { ca: arm.ca }, retryOptions: { maxRetries: 0 } } });

describe("DefaultAzureCredential against a fake Entra ID", () => {
  it("signs in with the client secret from the environment and reads every subscription", async () => {
    signInAs(SECRET);
    const before = entra.tokenRequests.length;
    const { cli, out } = io();
    const code = await inventoryAzureCommand(["--endpoint", arm.url], cli, library());

    // Signed in at the fake (MSAL's discovery included: nothing went to login.microsoftonline.com).
    const signIns = entra.tokenRequests.slice(before);
    expect(signIns.length).toBeGreaterThan(0);
    for (const request of signIns) expect(request).toMatchObject({ ok: true, scope: expect.stringContaining(".default") });
    expect(entra.requests).toContain(`GET /${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(code).toBe(0);
    const uids = out.stdout.trim().split("\n").map((line) => (JSON.parse(line) as { uid: string }).uid);
    expect(uids).toContain(`/subscriptions/${subscriptionId(1)}`);
    expect(uids.length).toBeGreaterThan(6);
    expect(out.stdout + out.stderr).not.toContain(SECRET);
    expect(out.stdout + out.stderr).not.toContain(TOKEN);
  });

  it("ends with one clear line when the secret is refused, and never repeats it (the server did)", async () => {
    const wrong = "wrong~Secret.Value_9876543210zyxwvuTSRQ";
    signInAs(wrong);
    const { cli, out } = io();
    const code = await inventoryAzureCommand(["--endpoint", arm.url], cli, library()).catch((error: Error) => error);

    // The server answered invalid_client with the secret in its description.
    expect(entra.tokenRequests.at(-1)).toMatchObject({ ok: false });
    const message = code instanceof Error ? `${code.message}\n${String((code as { cause?: unknown }).cause ?? "")}\n${JSON.stringify(code)}` : "";
    expect(code === 1 || code instanceof Error).toBe(true);
    const everything = `${out.stdout}${out.stderr}${message}`;
    expect(everything).toMatch(/cannot get a token/);
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(SECRET);

    // The library's error (the one a program catches) carries no secret either.
    const run = azureInventory(library());
    const error = await (async () => {
      for await (const _ of run) void _;
    })().catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^cannot get a token for .*\.default: /);
    // Nor its cause (the SDK's error, whose message the server filled with the secret).
    const cause = (error as { cause?: Error }).cause;
    expect(cause).toBeInstanceOf(Error);
    for (const text of [(error as Error).message, String(cause), cause?.stack ?? "", JSON.stringify(error), JSON.stringify(cause)]) expect(text).not.toContain(wrong);
    expect(JSON.stringify(await run.result)).not.toContain(wrong);
  });
});
