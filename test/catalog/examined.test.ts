import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { formatProblem } from "../../src/index.js";
import { compileCatalogDir } from "../../src/validate/compile-catalog.js";
import { runCli } from "../support/cli.js";
import { examinedBody } from "../support/examined.js";
import { tempTree } from "../support/tmp.js";

/** A copy of the real catalog (with its backlog) plus the given files. */
async function catalogWith(files: Record<string, string>): Promise<string> {
  const dir = await tempTree({});
  await cp("catalog", dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content);
  return dir;
}

const head = (id: string) => `id: aws.${id}\nname: ${id}\nprovider: aws\nmodel: paas\ndescription: d\n`;
const lines = async (dir: string) => (await compileCatalogDir(dir)).problems.map(formatProblem).map((l) => l.replace(dir + "/", ""));

describe("stated defaults and examined inheritance", () => {
  it("passes a new service that states every default and confirms or overrides every cell", async () => {
    const body = examinedBody("paas");
    const dir = await catalogWith({ "services/aws/complete.yaml": `${head("complete")}${body.confirmed}cells:\n${body.cells}` });
    expect(await lines(dir)).toEqual([]);
  });

  it("reports a customer cell without a default and an inherited cell nobody confirmed, each where it is", async () => {
    const body = examinedBody("paas", ["identity.mfa", "network.ingress-rules"]);
    // identity.mfa overridden without default; network.ingress-rules (customer in paas) neither confirmed nor overridden;
    // physical.facilities dropped from confirmed (provider-owned, so only unexamined).
    const confirmed = body.confirmed.replace("physical.facilities, ", "");
    const file = `${head("partial")}${confirmed}cells:\n${body.cells}  identity.mfa:\n    owner: customer\n    customer: Require MFA.\n    sources: [https://docs.aws.amazon.com/x]\n`;
    const dir = await catalogWith({ "services/aws/partial.yaml": file });
    const found = await lines(dir);
    const mfaLine = file.split("\n").indexOf("  identity.mfa:") + 1;
    expect(found).toEqual([
      `services/aws/partial.yaml:1:5: id: control "network.ingress-rules" is customer or shared but states no default: add default: "on" | "off" (or "n/a" where nothing is configurable) under cells.network.ingress-rules, with a citation`,
      `services/aws/partial.yaml:${mfaLine}:3: cells.identity.mfa: control "identity.mfa" is customer or shared but states no default: add default: "on" | "off" (or "n/a" where nothing is configurable) under cells.identity.mfa, with a citation`,
      `services/aws/partial.yaml:1:5: id: control "physical.facilities" is inherited from the paas model unexamined: list it under confirmed if the model cell holds for this service, or override it under cells with a citation`,
      `services/aws/partial.yaml:1:5: id: control "network.ingress-rules" is inherited from the paas model unexamined: list it under confirmed if the model cell holds for this service, or override it under cells with a citation`,
    ]);
  });

  it("confirming a customer cell is not enough when the model states no default", async () => {
    const body = examinedBody("paas", ["identity.mfa"]);
    const confirmed = body.confirmed.replace("confirmed: [", "confirmed: [identity.mfa, ");
    const dir = await catalogWith({ "services/aws/confirmonly.yaml": `${head("confirmonly")}${confirmed}cells:\n${body.cells}` });
    expect(await lines(dir)).toEqual([expect.stringMatching(/confirmonly\.yaml:6:13: confirmed\[0\]: control "identity\.mfa" is customer or shared but states no default/)]);
  });

  it("lets backlog pairs through, and reports stale and unknown backlog entries", async () => {
    const body = examinedBody("paas", ["identity.mfa"]);
    const dir = await catalogWith({ "services/aws/pending.yaml": `${head("pending")}${body.confirmed}cells:\n${body.cells}` });
    const backlogFile = join(dir, "backlog.yaml");
    const original = await readFile(backlogFile, "utf8");
    // Without an entry the new service's unexamined MFA cell fails twice (no default, not examined).
    expect((await lines(dir)).filter((l) => l.includes("pending.yaml"))).toHaveLength(2);
    // Listed in the backlog (both kinds), it passes; an entry for a cell that does not violate
    // (identity.access-review is stated by examinedBody) and one for an unknown service fail.
    const withEntries = original
      .replace("noDefault:\n", "noDefault:\n  aws.pending: [identity.mfa]\n  aws.nothere: [identity.mfa]\n")
      .replace("inherited:\n", "inherited:\n  aws.pending: [identity.mfa, identity.access-review]\n");
    await writeFile(backlogFile, withEntries);
    const found = await lines(dir);
    expect(found).toEqual([
      expect.stringMatching(/^backlog\.yaml:\d+:3: noDefault\.aws\.nothere: unknown service "aws\.nothere"; remove it from the backlog$/),
      expect.stringMatching(/^backlog\.yaml:\d+:\d+: inherited\.aws\.pending\[1\]: aws\.pending identity\.access-review no longer needs this entry \(fixed\): remove it; the backlog may only shrink/),
    ]);
  });

  it("catalog lint reports the backlog counts, and --prune removes only fixed entries", async () => {
    const body = examinedBody("paas", ["identity.mfa"]);
    const dir = await catalogWith({ "services/aws/pending.yaml": `${head("pending")}${body.confirmed}cells:\n${body.cells}` });
    const backlogFile = join(dir, "backlog.yaml");
    const original = await readFile(backlogFile, "utf8");
    await writeFile(
      backlogFile,
      original
        .replace("noDefault:\n", "noDefault:\n  aws.pending: [identity.mfa]\n")
        .replace("inherited:\n", "inherited:\n  aws.pending: [identity.mfa, identity.access-review]\n"),
    );
    const before = await runCli(["catalog", "lint", dir]);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/inherited\.aws\.pending\[1\]: aws\.pending identity\.access-review no longer needs this entry/);
    const pruned = await runCli(["catalog", "lint", dir, "--prune"]);
    expect(pruned.stderr).not.toMatch(/no longer needs/);
    expect(pruned.code).toBe(0);
    const text = await readFile(backlogFile, "utf8");
    expect(text).toMatch(/^ {2}aws\.pending: \[identity\.mfa\]$/m);
    expect(text.match(/aws\.pending/g)).toHaveLength(2);
    const counts = /backlog: (\d+) customer or shared cells without a stated default, (\d+) inherited cells not examined, in (\d+) services/;
    const [, d0, i0] = counts.exec(before.stdout)!;
    const [, d1, i1] = counts.exec(pruned.stdout)!;
    // Counts are of pairs that still violate, so pruning the fixed entry moves neither.
    expect([Number(d1), Number(i1)]).toEqual([Number(d0), Number(i0)]);
    expect(Number(d0)).toBeGreaterThan(0);
    // Pruning never adds: an unlisted violation still fails after --prune.
    await writeFile(join(dir, "services/aws/pending.yaml"), `${head("pending")}${body.confirmed.replace("physical.facilities, ", "")}cells:\n${body.cells}`);
    const again = await runCli(["catalog", "lint", dir, "--prune"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/control "physical\.facilities" is inherited from the paas model unexamined/);
  });

  it("catalog validate holds a new service file to both rules, with no backlog", async () => {
    const dir = await tempTree({ "new.yaml": `${head("brandnew")}confirmed: [physical.facilities]\n` });
    const result = await runCli(["catalog", "validate", join(dir, "new.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/new\.yaml:1:5: id: control "identity\.mfa" is customer or shared but states no default/);
    expect(result.stderr).toMatch(/new\.yaml:1:5: id: control "physical\.hardware" is inherited from the paas model unexamined/);
    expect(result.stderr).not.toMatch(/"physical\.facilities" is inherited/);
  });

  it("catalog validate lets an existing service file in a catalog tree lean on that tree's backlog", async () => {
    // Any service still in the backlog: it passes inside the tree and fails outside it.
    const pending = Object.keys((parse(await readFile("catalog/backlog.yaml", "utf8")) as { inherited: Record<string, string[]> }).inherited)[0]!;
    const file = `catalog/services/${pending.replace(".", "/")}.yaml`;
    const result = await runCli(["catalog", "validate", file]);
    expect(result).toMatchObject({ code: 0, stderr: "ok: 1 file valid\n" });
    const dir = await tempTree({});
    await cp(file, join(dir, "vpc.yaml"));
    // Outside the tree there is no backlog, so its unexamined cells show.
    const alone = await runCli(["catalog", "validate", join(dir, "vpc.yaml")]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/model unexamined/);
    // A service examined in full passes on its own, backlog or not.
    await cp("catalog/services/aws/s3.yaml", join(dir, "s3.yaml"));
    expect(await runCli(["catalog", "validate", join(dir, "s3.yaml")])).toMatchObject({ code: 0 });
  });
});
