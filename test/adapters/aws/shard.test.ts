import { afterEach, describe, expect, it } from "vitest";
import { awsInventory } from "../../../src/adapters/aws/index.js";
import { FakeAws, type FakeAwsOptions } from "../../support/fake-aws/server.js";
import { account, accountId, REGIONS } from "../../support/fake-aws/world.js";
import { runCli } from "../../support/cli.js";
import { collect, fakeOptions } from "./helpers.js";

const fakes: FakeAws[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    expect(fake.writes).toEqual([]);
    await fake.stop();
  }
});

describe("AWS --shard K/N", () => {
  it("N workers given 1/N..N/N read every account once; their outputs concatenate into the unsharded inventory", async () => {
    const world: FakeAwsOptions = {
      management: accountId(0),
      orgId: "o-shard00001",
      role: "CloudSrmReadOnly",
      pageSize: 5,
      accounts: Array.from({ length: 12 }, (_, n) => account(n, { perRegion: 2, ...(n === 5 ? { status: "SUSPENDED" as const } : {}), ...(n % 4 === 0 ? { aggregatorRegion: "us-east-1" } : {}) })),
    };
    const fake = new FakeAws(world);
    fakes.push(fake);
    await fake.start();
    const base = { regions: REGIONS, organization: { role: "CloudSrmReadOnly" } };
    const whole = await collect(fakeOptions(fake, base));
    const count = 3;
    const parts = [];
    for (let index = 1; index <= count; index++) parts.push(await collect(fakeOptions(fake, { ...base, shard: { index, count } })));
    const lines = parts.flatMap((p) => p.resources.map((r) => JSON.stringify(r)));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.sort()).toEqual(whole.resources.map((r) => JSON.stringify(r)).sort());
    for (const a of whole.result.accounts) {
      const mine = parts.map((p) => p.result.accounts.find((x) => x.id === a.id)!);
      const own = mine.filter((x) => !x.skipped?.startsWith("out of shard"));
      expect(own).toHaveLength(a.skipped ? count : 1); // a suspended account is skipped by every worker, for its own reason
      for (const [k, x] of mine.entries()) if (!own.includes(x)) expect(x.skipped).toBe(`out of shard ${k + 1}/${count}`);
    }
    for (const part of parts) {
      expect(part.result.errors).toEqual([]);
      expect(part.result.accounts.filter((a) => !a.skipped).length).toBeGreaterThan(0);
    }
  });

  it("refuses a shard outside 1..N before any call (library and CLI)", async () => {
    expect(() => awsInventory({ shard: { index: 0, count: 2 } })).toThrow(/must be K\/N/);
    expect(await runCli(["inventory", "aws", "--shard", "4/3"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--shard: shard "4\/3" must be K\/N/) });
  });
});
