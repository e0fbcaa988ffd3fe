import { afterEach, describe, expect, it } from "vitest";
import { awsInventory, type AwsProgress } from "../../../src/adapters/aws/index.js";
import { ResourceSchema } from "../../../src/schema/resource.js";
import type { Resource } from "../../../src/types.js";
import { BASE_ACCESS_KEY, BASE_SECRET_KEY, FakeAws, type FakeAwsOptions } from "../../support/fake-aws/server.js";
import { account, accountId, REGIONS } from "../../support/fake-aws/world.js";
import { collect, fakeOptions } from "./helpers.js";

const fakes: FakeAws[] = [];
async function start(options: FakeAwsOptions): Promise<FakeAws> {
  const fake = new FakeAws(options);
  fakes.push(fake);
  await fake.start();
  return fake;
}
afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    // Read-only: the fake refuses and records anything else; nothing may have been attempted.
    expect(fake.writes).toEqual([]);
    await fake.stop();
  }
});

/** The ARNs the fake holds for these accounts (global ones once), in `regions`. */
function expectedArns(fake: FakeAws, ids: string[], regions = REGIONS): string[] {
  return fake.options.accounts
    .filter((a) => ids.includes(a.id))
    .flatMap((a) => a.resources.filter((r) => r.region === "global" || regions.includes(r.region)).map((r) => r.arn))
    .sort();
}

function uids(resources: Resource[]): string[] {
  return resources.map((r) => r.uid).sort();
}

describe("one account", () => {
  it("lists every region with the Tagging API, every resource once, through a throttling storm", async () => {
    const fake = await start({ management: accountId(0), accounts: [account(0, { perRegion: 60 })], pageSize: 7, throttle: true });
    const progress: AwsProgress[] = [];
    const { resources, result } = await collect(fakeOptions(fake, { regions: REGIONS, onProgress: (p) => progress.push(p) }));

    expect(uids(resources)).toEqual(expectedArns(fake, [accountId(0)]));
    expect(new Set(uids(resources)).size).toBe(resources.length);
    for (const resource of resources) expect(ResourceSchema.safeParse(resource).success).toBe(true);
    // Global resources (IAM, CloudFront, Route 53) come back from every region but are listed once.
    expect(resources.filter((r) => r.type === "iam:role")).toHaveLength(1);
    expect(resources.find((r) => r.type === "iam:role")).toMatchObject({ tags: { team: "platform" }, typeSystem: "arn", provider: "aws", account: { uid: accountId(0), type: "aws-account" } });
    expect(resources.find((r) => r.type === "iam:role")?.region).toBeUndefined();
    expect(resources.find((r) => r.uid === `arn:aws:ec2:us-east-1:${accountId(0)}:instance/i-0000useast10000`)).toMatchObject({ name: "i-0000useast10000", type: "ec2:instance", region: "us-east-1", tags: { Name: "web-0", env: "dev" }, source: { kind: "aws-live", collectedAt: "2026-01-02T03:04:05.000Z" } });

    expect(result).toMatchObject({
      identity: { account: accountId(0), partition: "aws", arn: `arn:aws:iam::${accountId(0)}:user/auditor` },
      accounts: [{ id: accountId(0), status: "ACTIVE", discovery: "tagging-api", resources: resources.length }],
      regions: REGIONS,
      resources: resources.length,
      errors: [],
      aborted: false,
    });
    // At least 30% of the answers were throttling errors, and the SDK retried through all of them.
    expect(fake.throttled / fake.calls.length).toBeGreaterThanOrEqual(0.3);
    expect(progress.at(-1)).toMatchObject({ phase: "done", scopesDone: 3, scopesTotal: 3, resources: resources.length });
  });

  it("reports a failing region (500s or AccessDenied) by account and region, and completes the others", async () => {
    const fake = await start({
      management: accountId(0),
      accounts: [account(0, { perRegion: 20 })],
      pageSize: 6,
      throttle: true,
      failures: [
        { region: "eu-west-1", kind: "500" },
        { region: "ap-southeast-2", service: "tagging", kind: "denied" },
      ],
    });
    const { resources, result } = await collect(fakeOptions(fake, { regions: REGIONS }));
    expect(uids(resources)).toEqual(expectedArns(fake, [accountId(0)], ["us-east-1"]));
    expect(result.errors).toHaveLength(2);
    const byRegion = Object.fromEntries(result.errors.map((e) => [e.region, e]));
    expect(byRegion["eu-west-1"]).toMatchObject({ account: accountId(0), operation: "tag:GetResources", code: "InternalFailure" });
    expect(byRegion["ap-southeast-2"]).toMatchObject({ account: accountId(0), operation: "tag:GetResources", code: "AccessDeniedException" });
    for (const error of result.errors) expect(error.message).toMatch(new RegExp(`^account ${accountId(0)} region ${error.region}: `));
    expect(JSON.stringify(result)).not.toContain(BASE_SECRET_KEY);
    expect(JSON.stringify(result)).not.toContain(BASE_ACCESS_KEY);
    // Every expected scope is named with its status; the failing regions' errors name them.
    const id = accountId(0);
    expect(result.scopes.map((s) => `${s.id} ${s.kind} ${s.status}`)).toEqual([
      `${id} aws-account read`,
      `${id}/us-east-1 aws-region read`,
      `${id}/eu-west-1 aws-region failed`,
      `${id}/ap-southeast-2 aws-region failed`,
    ]);
    expect(result.scopes.find((s) => s.id === `${id}/us-east-1`)?.resources).toBe(resources.length - 3); // global ones count for the account only
    expect(result.scopes[0]?.resources).toBe(resources.length);
    expect(result.errors.map((e) => e.scope).sort()).toEqual([`${id}/ap-southeast-2`, `${id}/eu-west-1`]);
  });

  it("uses the Resource Explorer aggregator index for all regions in one view, paged", async () => {
    const fake = await start({ management: accountId(0), accounts: [account(0, { perRegion: 40, aggregatorRegion: "eu-west-1" })], pageSize: 9, throttle: true });
    const { resources, result } = await collect(fakeOptions(fake, { regions: REGIONS }));
    expect(uids(resources)).toEqual(expectedArns(fake, [accountId(0)]));
    expect(result.accounts[0]).toMatchObject({ discovery: "resource-explorer" });
    expect(fake.calls.filter((c) => c.service === "tagging")).toEqual([]);
    expect(new Set(fake.calls.filter((c) => c.action === "ListResources").map((c) => c.region))).toEqual(new Set(["eu-west-1"]));
    expect(resources.find((r) => r.type === "iam:role")?.region).toBeUndefined();

    // Asked for fewer regions: the view's resources elsewhere are left out, global ones kept.
    const only = await collect(fakeOptions(fake, { regions: ["us-east-1"] }));
    expect(uids(only.resources)).toEqual(expectedArns(fake, [accountId(0)], ["us-east-1"]));
  });

  it("falls back to the Tagging API when the Resource Explorer view cannot be read, with a note and no error", async () => {
    const fake = await start({
      management: accountId(0),
      accounts: [account(0, { perRegion: 12, aggregatorRegion: "eu-west-1" })],
      pageSize: 5,
      failures: [{ region: "eu-west-1", service: "resource-explorer-2", kind: "denied" }],
    });
    const { resources, result } = await collect(fakeOptions(fake, { regions: REGIONS }));
    expect(uids(resources)).toEqual(expectedArns(fake, [accountId(0)]));
    expect(result.errors).toEqual([]);
    expect(result.accounts[0]).toMatchObject({ discovery: "tagging-api", note: expect.stringMatching(/^Resource Explorer in eu-west-1 could not be read \(AccessDeniedException: /) });
  });

  it("brings configuration from AWS Config (CloudFormation types, importer's attribute shape, secrets removed) without duplicates", async () => {
    const fake = await start({ management: accountId(0), accounts: [account(0, { perRegion: 10, withConfig: true })], pageSize: 4, throttle: true });
    const { resources, result } = await collect(fakeOptions(fake, { regions: REGIONS, config: true }));
    expect(result.errors).toEqual([]);
    expect(uids(resources)).toEqual(expectedArns(fake, [accountId(0)]));
    const db = resources.find((r) => r.uid.includes(":db:db-eu-west-1"));
    expect(db).toMatchObject({
      type: "AWS::RDS::DBInstance",
      typeSystem: "cloudformation",
      region: "eu-west-1",
      name: "db-eu-west-1",
      attributes: { storageEncrypted: true, masterUserPassword: "[redacted]", supplementaryConfiguration: {} },
    });
    expect(JSON.stringify(resources)).not.toContain("hunter2");
    const configured = resources.filter((r) => r.typeSystem === "cloudformation");
    expect(configured.length).toBe(fake.options.accounts[0]!.resources.filter((r) => r.config).length);
    for (const resource of resources) expect(ResourceSchema.safeParse(resource).success).toBe(true);
  });

  it("takes ready clients from a factory", async () => {
    const fake = await start({ management: accountId(0), accounts: [account(0, { perRegion: 3 })] });
    const { STSClient } = await import("@aws-sdk/client-sts");
    const { ResourceGroupsTaggingAPIClient } = await import("@aws-sdk/client-resource-groups-tagging-api");
    const made: string[] = [];
    const { resources } = await collect(
      fakeOptions(fake, {
        regions: ["us-east-1"],
        resourceExplorer: false,
        createClient: (service, config) => {
          made.push(`${service}@${String(config.region)}`);
          if (service === "sts") return new STSClient(config);
          if (service === "tagging") return new ResourceGroupsTaggingAPIClient(config);
          return undefined;
        },
      }),
    );
    expect(resources).toHaveLength(7); // 3 instances, 1 database, 3 global resources
    expect(made).toEqual(["sts@us-east-1", "tagging@us-east-1"]);
  });

  it("stops quickly and cleanly when the signal aborts", async () => {
    const fake = await start({ management: accountId(0), accounts: [account(0, { perRegion: 200 })], pageSize: 5, latencyMs: 40 });
    const controller = new AbortController();
    const run = awsInventory(fakeOptions(fake, { regions: REGIONS, signal: controller.signal, concurrency: 2 }));
    const seen: Resource[] = [];
    const failure = await (async () => {
      try {
        for await (const resource of run) {
          seen.push(resource);
          if (seen.length === 3) controller.abort();
        }
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    // "Stops quickly" is checked by what happens, not by a clock: the stream ends
    // right after the abort and no API call is made afterwards. (A request sent just
    // before the abort may still reach the fake after it: at most one per slot of
    // the concurrency, then nothing.)
    expect(failure?.name).toBe("AbortError");
    expect(seen).toHaveLength(3);
    const result = await run.result;
    expect(result.aborted).toBe(true);
    expect(result.errors).toEqual([]);
    const callsAtStop = fake.calls.length;
    for (let last = -1; last !== fake.calls.length; ) {
      last = fake.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(fake.calls.length - callsAtStop).toBeLessThanOrEqual(2);
  });

  it("ends with an error naming the step when the caller cannot be identified", async () => {
    const fake = await start({ management: accountId(0), accounts: [account(0)] });
    const run = awsInventory(fakeOptions(fake, { credentials: { accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "wrong-secret-value" } }));
    await expect(async () => {
      for await (const _ of run) void _;
    }).rejects.toThrow(/cannot identify the AWS caller \(sts:GetCallerIdentity in us-east-1\): InvalidClientTokenId/);
    const text = JSON.stringify(await run.result);
    expect(text).not.toContain("wrong-secret-value");
    expect(text).not.toContain("AKIAUNKNOWNKEY000001");
  });
});

describe("an organization of 50 accounts", () => {
  const suspended = [7, 19, 33].map(accountId);
  const closing = [41].map(accountId);
  const noRole = [12, 27].map(accountId);
  const options = (extra: Partial<FakeAwsOptions> = {}): FakeAwsOptions => ({
    management: accountId(0),
    orgId: "o-abc123def4",
    role: "CloudSrmReadOnly",
    externalId: "ext-id-very-secret-42",
    noRole,
    pageSize: 8,
    throttle: true,
    accounts: Array.from({ length: 50 }, (_, n) =>
      account(n, {
        perRegion: 4 + (n % 5),
        ...(suspended.includes(accountId(n)) ? { status: "SUSPENDED" as const } : closing.includes(accountId(n)) ? { status: "PENDING_CLOSURE" as const } : {}),
        ...(n % 4 === 0 ? { aggregatorRegion: "us-east-1" } : {}),
      }),
    ),
    ...extra,
  });

  it("assumes the role in each active account and lists every resource exactly once", async () => {
    const fake = await start(options({ failures: [{ account: accountId(3), region: "ap-southeast-2", kind: "500" }] }));
    const progress: AwsProgress[] = [];
    const { resources, result } = await collect(
      fakeOptions(fake, { regions: REGIONS, organization: { role: "CloudSrmReadOnly", externalId: "ext-id-very-secret-42" }, concurrency: 8, onProgress: (p) => progress.push(p) }),
    );
    const active = fake.options.accounts.map((a) => a.id).filter((id) => ![...suspended, ...closing, ...noRole].includes(id));
    const lost = new Set(expectedArns(fake, [accountId(3)], ["ap-southeast-2"]).filter((arn) => arn.includes(":ap-southeast-2:")));
    expect(uids(resources)).toEqual(expectedArns(fake, active).filter((arn) => !lost.has(arn)));
    expect(new Set(uids(resources)).size).toBe(resources.length);

    expect(result.organization).toBe("o-abc123def4");
    expect(result.accounts).toHaveLength(50);
    for (const id of [...suspended, ...closing]) expect(result.accounts.find((a) => a.id === id)).toMatchObject({ skipped: expect.stringMatching(/suspended|pending closure/), resources: 0 });
    expect(resources.filter((r) => [...suspended, ...closing].includes(r.account.uid))).toEqual([]);
    // Suspended accounts are never entered; each active account's role is assumed once.
    const assumed = fake.calls.filter((c) => c.action === "AssumeRole");
    expect(assumed.filter((c) => c.status === 200)).toHaveLength(active.length - 1); // not for the caller's own account
    expect(fake.calls.filter((c) => c.action === "ListAccounts" && c.status === 200)).toHaveLength(Math.ceil(50 / 20));

    // Errors: one per account without the role (named), one for the failing region.
    expect(result.errors.map((e) => `${e.account} ${e.region} ${e.operation}`).sort()).toEqual(
      [...noRole.map((id) => `${id} us-east-1 sts:AssumeRole`), `${accountId(3)} ap-southeast-2 tag:GetResources`].sort(),
    );
    for (const error of result.errors) expect(error.message).toContain(`account ${error.account} region ${error.region}`);
    const status = (id: string) => result.scopes.find((s) => s.id === id)?.status;
    for (const id of [...suspended, ...closing]) expect(status(id)).toBe("skipped");
    for (const id of noRole) expect([status(id), status(`${id}/us-east-1`)]).toEqual(["failed", "failed"]);
    expect(status(`${accountId(3)}/ap-southeast-2`)).toBe("failed");
    expect(status(`${accountId(4)}/ap-southeast-2`)).toBe("read");
    expect(result.scopes.filter((s) => s.status === "pending")).toEqual([]);

    // Resources carry their account (with its name) and the organization.
    expect(resources.find((r) => r.account.uid === accountId(5))).toMatchObject({ account: { uid: accountId(5), name: "acct-5" }, org: { uid: "o-abc123def4" } });
    expect(result.accounts.find((a) => a.id === accountId(4))).toMatchObject({ discovery: "resource-explorer" });
    expect(result.accounts.find((a) => a.id === accountId(5))).toMatchObject({ discovery: "tagging-api" });

    // No credential the fake handed out, nor the external id, appears anywhere.
    const everything = JSON.stringify({ resources, result, progress });
    expect(fake.issuedSecrets.length).toBeGreaterThan(0);
    for (const secret of [...fake.issuedSecrets, "ext-id-very-secret-42", BASE_SECRET_KEY, BASE_ACCESS_KEY]) expect(everything).not.toContain(secret);
    expect(fake.throttled / fake.calls.length).toBeGreaterThanOrEqual(0.3);
  });

  it("reports a wrong external id per account without printing it", async () => {
    const fake = await start(options({ throttle: false, accounts: options().accounts.slice(0, 5) }));
    const { resources, result } = await collect(fakeOptions(fake, { regions: ["us-east-1"], organization: { role: "CloudSrmReadOnly", externalId: "the-wrong-external-id" } }));
    // Only the caller's own account (read with its own credentials) is listed.
    expect(new Set(resources.map((r) => r.account.uid))).toEqual(new Set([accountId(0)]));
    expect(result.errors.map((e) => e.account).sort()).toEqual([1, 2, 3, 4].map(accountId));
    for (const error of result.errors) expect(error).toMatchObject({ operation: "sts:AssumeRole", code: "AccessDenied" });
    expect(JSON.stringify(result)).not.toContain("the-wrong-external-id");
  });
});
