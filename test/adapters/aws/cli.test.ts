import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../../src/cli/main.js";
import { runCli } from "../../support/cli.js";
import { BASE_ACCESS_KEY, BASE_SECRET_KEY, FakeAws } from "../../support/fake-aws/server.js";
import { account, accountId } from "../../support/fake-aws/world.js";

// The CLI takes credentials, region and endpoint from the standard AWS
// configuration, as a user's shell would provide them.
const fake = new FakeAws({
  management: accountId(0),
  orgId: "o-cli0000001",
  role: "CloudSrmReadOnly",
  externalId: "cli-external-id-secret",
  accounts: [account(0, { perRegion: 3, withConfig: true }), account(1, { perRegion: 2 }), account(2, { perRegion: 2, status: "SUSPENDED" })],
  failures: [{ account: accountId(1), region: "eu-west-1", service: "tagging", kind: "denied" }],
});
const saved: Record<string, string | undefined> = {};
const env = (): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY,
  AWS_SECRET_ACCESS_KEY: BASE_SECRET_KEY,
  AWS_REGION: "us-east-1",
  AWS_ENDPOINT_URL: fake.url,
  AWS_CONFIG_FILE: "/nonexistent/aws-config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
  AWS_EC2_METADATA_DISABLED: "true",
});

beforeAll(async () => {
  await fake.start();
  for (const [key, value] of Object.entries(env())) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
  else process.env[key] = value;
  expect(fake.writes).toEqual([]);
  await fake.stop();
});

describe("cloud-srm inventory aws", () => {
  it("writes NDJSON for one account, nothing but the summary on a piped stderr", async () => {
    const { code, stdout, stderr } = await runCli(["inventory", "aws", "--regions", "us-east-1,eu-west-1"]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { uid: string; account: { uid: string } });
    expect(lines).toHaveLength(2 * 4 + 3);
    expect(new Set(lines.map((l) => l.account.uid))).toEqual(new Set([accountId(0)]));
    expect(stderr).toBe(`listed ${lines.length} resource(s)\n`);
  });

  it("walks the organization, reports the failing scope and exits 1", async () => {
    const { code, stdout, stderr } = await runCli(["inventory", "aws", "--regions", "us-east-1,eu-west-1", "--org", "--role", "CloudSrmReadOnly", "--external-id", "cli-external-id-secret", "--config"]);
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { account: { uid: string }; typeSystem: string });
    expect(new Set(lines.map((l) => l.account.uid))).toEqual(new Set([accountId(0), accountId(1)]));
    expect(lines.some((l) => l.typeSystem === "cloudformation")).toBe(true);
    expect(stderr).toMatch(new RegExp(`^aws: account ${accountId(1)} region eu-west-1: tag:GetResources failed: AccessDeniedException`, "m"));
    expect(stderr).toMatch(/scope\(s\) failed\n$/);
    for (const secret of [...fake.issuedSecrets, "cli-external-id-secret", BASE_SECRET_KEY]) expect(stdout + stderr).not.toContain(secret);
  });

  it("draws a progress bar only when stderr is a terminal", async () => {
    let stderr = "";
    let stdout = "";
    const code = await run(["inventory", "aws", "--regions", "us-east-1"], {
      stdout: { write: (chunk: string | Uint8Array) => ((stdout += String(chunk)), true) },
      stderr: { write: (chunk: string) => ((stderr += chunk), true), isTTY: true },
      env: {},
    });
    expect(code).toBe(0);
    expect(stderr).toContain("\r\x1b[Kaws [");
    expect(stderr).toMatch(/scopes {2}\d+ resources {2}0 errors/);
    expect(stdout).not.toContain("\r");
  });

  it("refuses inconsistent options", async () => {
    expect((await runCli(["inventory", "aws", "--org"])).stderr).toMatch(/--org needs --role NAME/);
    expect((await runCli(["inventory", "aws", "--role", "X"])).code).toBe(2);
    expect((await runCli(["inventory", "aws", "--regions", "eu west"])).code).toBe(2);
    expect((await runCli(["inventory", "aws", "--help"])).stdout).toMatch(/aws-policy\.json/);
  });
});

describe("cloud-srm report --aws", () => {
  it("joins the live inventory, with failing scopes as problems", async () => {
    const { code, stdout } = await runCli(["report", "--aws", "--regions", "us-east-1,eu-west-1", "--org", "--role", "CloudSrmReadOnly", "--external-id", "cli-external-id-secret", "--format", "json"], {
      SOURCE_DATE_EPOCH: "1767225600",
    });
    // A failed scope makes the run partial: exit 3 (issue 11), 0 only with --allow-partial.
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as { summary: { resources?: number; problems: number }; problems: { source: string; position: string; message: string }[] };
    expect(report.problems).toContainEqual({ source: "aws", position: `account ${accountId(1)} region eu-west-1`, message: "tag:GetResources failed (AccessDeniedException)" });
    expect(stdout).toContain(`arn:aws:ec2:us-east-1:${accountId(1)}:instance/`);
    expect(stdout).not.toContain("cli-external-id-secret");
  });
});
