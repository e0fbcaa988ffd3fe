import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../../src/cli/main.js";
import { runCli } from "../../support/cli.js";
import { FakeGcp } from "../../support/fake-gcp/server.js";
import { ORG, organization, projectId } from "../../support/fake-gcp/world.js";

// The CLI reaches the fake through --endpoint http://127.0.0.1:PORT: plain-text
// gRPC with no credentials, as for a local emulator.
const world = organization(4, 3);
world.projects[0]!.assets[0]!.labels = { note: "\u001b[31mred\u001b[0m\nnext line <script>alert(1)</script>" };
const fake = new FakeGcp({ ...world, failures: [{ scope: `projects/${projectId(2)}`, kind: "disabled" }] });
let endpoint = "";

beforeAll(async () => {
  await fake.start();
  endpoint = `http://127.0.0.1:${fake.port}`;
});
afterAll(async () => {
  expect(fake.writes).toEqual([]);
  await fake.stop();
});

const lines = (stdout: string) => stdout.trim().split("\n").map((l) => JSON.parse(l) as { uid: string; type: string; account: { uid: string; name?: string }; tags: Record<string, string> });

describe("cloud-srm inventory gcp", () => {
  it("writes NDJSON for a project, nothing but the summary on a piped stderr", async () => {
    const { code, stdout, stderr } = await runCli(["inventory", "gcp", "--scope", `projects/${projectId(1)}`, "--endpoint", endpoint, "--requests-per-minute", "0"]);
    expect(stderr).toBe("listed 4 resource(s) from 1 project(s)\n");
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(4);
    expect(new Set(out.map((l) => l.account.name))).toEqual(new Set([projectId(1)]));
    // By default the catalog's types are asked for; "all" asks for every type.
    expect(fake.calls.at(-1)!.assetTypes).toContain("storage.googleapis.com/Bucket");
    await runCli(["inventory", "gcp", "--scope", `projects/${projectId(1)}`, "--endpoint", endpoint, "--requests-per-minute", "0", "--asset-types", "all"]);
    expect(fake.calls.at(-1)!.assetTypes).toEqual([]);
  });

  it("walks an organization, names the failing project with what to do, exits 3 (0 with --allow-partial)", async () => {
    const args = ["inventory", "gcp", "--scope", `organizations/${ORG}`, "--endpoint", endpoint, "--quota-project", "admin-proj", "--requests-per-minute", "0"];
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(3);
    const out = lines(stdout);
    expect(out.filter((l) => l.type === "cloudresourcemanager.googleapis.com/Project")).toHaveLength(4);
    expect(stderr).toMatch(new RegExp(`^gcp: projects/${projectId(2)}: cloudasset\\.assets\\.listAssets failed: PERMISSION_DENIED: .*\\(the Cloud Asset API is not enabled in the quota project admin-proj: gcloud services enable cloudasset\\.googleapis\\.com\\)$`, "m"));
    expect(stderr).toMatch(/listed \d+ resource\(s\) from 3 project\(s\); 1 project\(s\) not read\n$/);
    // Hostile label values stay data: escaped in NDJSON, never raw control characters on any stream.
    expect(out.find((l) => l.tags.note)?.tags.note).toContain("<script>");
    expect(stdout).not.toContain("\u001b");
    expect(stderr).not.toContain("\u001b");
    expect(fake.calls.filter((c) => c.userProject === "admin-proj").length).toBeGreaterThan(0);
    expect((await runCli([...args, "--allow-partial"])).code).toBe(0);
  });

  it("draws a progress bar only when stderr is a terminal", async () => {
    let stderr = "";
    let stdout = "";
    const code = await run(["inventory", "gcp", "--scope", `projects/${projectId(0)}`, "--endpoint", endpoint], {
      stdout: { write: (chunk: string | Uint8Array) => ((stdout += String(chunk)), true) },
      stderr: { write: (chunk: string) => ((stderr += chunk), true), isTTY: true },
      env: {},
    });
    expect(code).toBe(0);
    expect(stderr).toContain("\r\x1b[Kgcp [");
    expect(stdout).not.toContain("\r");
  });

  it("report --gcp joins a live run to the catalog and lists the failed project as a problem", async () => {
    const { code, stdout, stderr } = await runCli(["report", "--gcp", "--scope", `organizations/${ORG}`, "--endpoint", endpoint, "--requests-per-minute", "0", "--format", "json"]);
    // A failed project makes the run partial: exit 3 (issue 11), 0 only with --allow-partial.
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as { problems: { source: string; position: string; message: string }[]; resources: { uid: string; service?: string }[] };
    expect(report.problems).toEqual([{ source: "gcp", position: `projects/${projectId(2)}`, message: "cloudasset.assets.listAssets failed (PERMISSION_DENIED)" }]);
    expect(report.resources.find((r) => r.uid === `//storage.googleapis.com/${projectId(1)}-bucket-1`)?.service).toBe("gcp.cloud-storage");
    expect(stderr).toContain(`gcp:projects/${projectId(2)}: cloudasset.assets.listAssets failed (PERMISSION_DENIED)`);
  });

  it("--shard K/N: N workers' NDJSON outputs concatenate into the unsharded output", async () => {
    const args = ["inventory", "gcp", "--scope", `organizations/${ORG}`, "--endpoint", endpoint, "--requests-per-minute", "0", "--allow-partial"];
    // One clock for every worker, as a CI matrix would pin with SOURCE_DATE_EPOCH.
    const env = { SOURCE_DATE_EPOCH: "1767225600" };
    const whole = await runCli(args, env);
    const parts = await Promise.all([1, 2, 3].map((k) => runCli([...args, "--shard", `${k}/3`], env)));
    const lines = parts.flatMap((p) => p.stdout.split("\n").filter(Boolean));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.sort()).toEqual(whole.stdout.split("\n").filter(Boolean).sort());
    expect(parts.map((p) => p.stderr).join("")).toMatch(/skipped/);
    expect((await runCli([...args, "--shard", "0/3"])).code).toBe(2);
  });

  it("refuses bad options with a usage error naming the option", async () => {
    expect(await runCli(["inventory", "gcp"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --scope/) });
    expect(await runCli(["inventory", "gcp", "--scope", "folders/engineering"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/a folder is named by its number, not its name/) });
    expect(await runCli(["inventory", "gcp", "--scope", "projects/my-project", "--concurrency", "0"])).toMatchObject({ code: 2 });
    expect(await runCli(["inventory", "gcp", "--scope", "projects/my-project", "--endpoint", "http://10.0.0.1:8080"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/only for a local emulator on loopback/) });
    expect((await runCli(["inventory", "gcp", "--help"])).stdout).toContain("roles/cloudasset.viewer");
  });
});
