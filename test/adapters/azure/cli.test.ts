import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunRecordSchema } from "../../../src/schema/index.js";
import { tempTree } from "../../support/tmp.js";
import { inventoryAzureCommand } from "../../../src/cli/commands/azure-options.js";
import { reportCommand } from "../../../src/cli/commands/report.js";
import type { CliIo } from "../../../src/cli/io.js";
import { runCli } from "../../support/cli.js";
import { FakeAzure } from "../../support/fake-azure/server.js";
import { STORAGE_KEY, subscription, subscriptionId, TENANT, TOKEN } from "../../support/fake-azure/world.js";
import { fakeOptions } from "./helpers.js";

// The command line cannot carry a credential object: the commands take the
// fake's credential, endpoint and certificate as library options, as an
// embedding program would, and parse everything else from the arguments.
const fake = new FakeAzure({
  tenantId: TENANT,
  token: TOKEN,
  subscriptions: [subscription(0, 8), subscription(1, 5), subscription(2, 3, { visible: false })],
  failing: [subscriptionId(1)],
  pageSize: 4,
});
beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  expect(fake.writes).toEqual([]);
  await fake.stop();
});

function io(tty = false) {
  const out = { stdout: "", stderr: "" };
  const cli: CliIo = {
    stdout: { write: (chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true) },
    stderr: { write: (chunk: string) => ((out.stderr += chunk), true), ...(tty ? { isTTY: true } : {}) },
    env: { SOURCE_DATE_EPOCH: "1767225600" },
  } as CliIo;
  return { cli, out };
}

describe("cloud-srm inventory azure", () => {
  it("writes NDJSON for the subscriptions asked, names the failed and the invisible one, and exits 3", async () => {
    const { cli, out } = io();
    const { now: _, ...options } = fakeOptions(fake); // the CLI's clock: SOURCE_DATE_EPOCH
    const code = await inventoryAzureCommand(["--subscriptions", [0, 1, 2].map(subscriptionId).join(",")], cli, options);
    expect(code).toBe(3);
    const lines = out.stdout.trim().split("\n").map((l) => JSON.parse(l) as { uid: string; account: { uid: string }; source: { collectedAt: string } });
    expect(new Set(lines.map((l) => l.account.uid))).toEqual(new Set([subscriptionId(0), subscriptionId(1)]));
    expect(lines.filter((l) => l.account.uid === subscriptionId(0))).toHaveLength(1 + 1 + 8);
    expect(lines[0]!.source.collectedAt).toBe("2026-01-01T00:00:00.000Z"); // SOURCE_DATE_EPOCH
    expect(out.stderr).toMatch(new RegExp(`^azure: subscription ${subscriptionId(1)}: Microsoft\\.Resources/subscriptions/resourceGroups/read failed: InternalServerError: `, "m"));
    expect(out.stderr).toMatch(new RegExp(`^azure: subscription ${subscriptionId(2)}: not visible: the credential cannot see this subscription`, "m"));
    expect(out.stderr).toMatch(/listed \d+ resource\(s\) from 1 of 3 subscription\(s\); 2 could not be read\n$/);
    for (const secret of [TOKEN, STORAGE_KEY]) expect(out.stdout + out.stderr).not.toContain(secret);
  });

  it("exits 0 with --allow-partial, and 0 when every subscription was read", async () => {
    const partial = io();
    expect(await inventoryAzureCommand(["--subscriptions", subscriptionId(1), "--allow-partial"], partial.cli, fakeOptions(fake))).toBe(0);
    const clean = io();
    expect(await inventoryAzureCommand(["--subscriptions", subscriptionId(0)], clean.cli, fakeOptions(fake))).toBe(0);
    expect(clean.out.stderr).toBe("listed 10 resource(s) from 1 of 1 subscription(s)\n");
  });

  it("--meta records the failed and the invisible subscription (complete: false), also with --allow-partial", async () => {
    const dir = await tempTree({});
    const { cli } = io();
    const { now: _, ...options } = fakeOptions(fake);
    expect(await inventoryAzureCommand(["--subscriptions", [0, 1, 2].map(subscriptionId).join(","), "--allow-partial", "--meta", `${dir}/run.json`], cli, options)).toBe(0);
    const record = RunRecordSchema.parse(JSON.parse(readFileSync(`${dir}/run.json`, "utf8")));
    expect(record).toMatchObject({ command: "inventory azure", format: "ndjson", complete: false, generatedAt: "2026-01-01T00:00:00.000Z" });
    expect(record.problems.map((p) => p.position)).toEqual(expect.arrayContaining([`subscription ${subscriptionId(1)}`, `subscription ${subscriptionId(2)}`]));
    expect(JSON.stringify(record)).not.toContain(TOKEN);
    const clean = io();
    expect(await inventoryAzureCommand(["--subscriptions", subscriptionId(0), "--meta", `${dir}/clean.json`], clean.cli, fakeOptions(fake))).toBe(0);
    expect(JSON.parse(readFileSync(`${dir}/clean.json`, "utf8"))).toMatchObject({ complete: true, resources: 10, problems: [] });
  });

  it("draws a progress bar only when stderr is a terminal", async () => {
    const { cli, out } = io(true);
    expect(await inventoryAzureCommand(["--subscriptions", subscriptionId(0)], cli, fakeOptions(fake))).toBe(0);
    expect(out.stderr).toContain("\r\x1b[Kazure [");
    expect(out.stderr).toMatch(/subscriptions {2}\d+ resources {2}0 errors/);
    expect(out.stdout).not.toContain("\r");
  });

  it("refuses bad options with exit 2 and a clear line, and has help", async () => {
    expect(await runCli(["inventory", "azure", "--subscriptions", "not-a-guid"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--subscriptions takes subscription ids \(GUIDs\)/) });
    expect((await runCli(["inventory", "azure", "--subscriptions", subscriptionId(0), "--management-group", "mg"])).stderr).toMatch(/not both/);
    expect((await runCli(["inventory", "azure", "--cloud", "Moon"])).stderr).toMatch(/--cloud takes AzureCloud, AzureUSGovernment, AzureChinaCloud \(got "Moon"\)/);
    expect((await runCli(["inventory", "azure", "--endpoint", "http://plain.test"])).code).toBe(2);
    expect((await runCli(["inventory", "azure", "--concurrency", "0"])).code).toBe(2);
    expect(await runCli(["inventory", "azure", "--shard", "0/2"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--shard: shard "0\/2" must be K\/N/) });
    const help = await runCli(["inventory", "azure", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/npm install @azure\/identity @azure\/arm-resourcegraph/);
    expect((await runCli(["inventory", "--help"])).stdout).toContain("inventory azure");
  });
});

describe("cloud-srm report --azure", () => {
  it("joins the live inventory, with the subscriptions that could not be read as problems", async () => {
    const { cli, out } = io();
    const code = await reportCommand(["--azure", "--subscriptions", [0, 1, 2].map(subscriptionId).join(","), "--format", "json"], cli, process.stdin, { azure: fakeOptions(fake) });
    expect(code).toBe(3); // partial: a subscription failed, one was not visible
    const report = JSON.parse(out.stdout) as { problems: { source: string; position: string; message: string }[] };
    expect(report.problems).toEqual([
      { source: "azure", position: `subscription ${subscriptionId(1)}`, message: "Microsoft.Resources/subscriptions/resourceGroups/read failed (InternalServerError)" },
      { source: "azure", position: `subscription ${subscriptionId(2)}`, message: "not visible to the credential" },
    ]);
    expect(out.stdout).toContain(`/subscriptions/${subscriptionId(0)}/resourceGroups/rg-0-0/providers/Microsoft.Storage/storageAccounts/st0x0`);
    expect(out.stdout).not.toContain(STORAGE_KEY);
  });
});
