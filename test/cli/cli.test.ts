import { describe, expect, it } from "vitest";

// ANSI escape introducer, built at run time (a literal control character in a regex trips the linter).
const ESC = String.fromCharCode(27);
import { runCli } from "../support/cli.js";
import { MatrixSchema } from "../../src/schema/index.js";

describe("cloud-srm CLI", () => {
  it("prints a readable table for a service", async () => {
    const { code, stdout, stderr } = await runCli(["matrix", "aws.rds"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Amazon RDS \(aws\.rds, paas\)/);
    expect(stdout).toMatch(/Control\s+\| Owner\s+\| Provider does\s+\| Customer does\s+\| How to verify/);
    expect(stdout).toMatch(/data\.encryption-at-rest\s+\| shared \*/);
    expect(stdout).toContain("aws rds describe-db-instances");
    // No colour codes unless stdout is a TTY.
    expect(stdout).not.toContain(`${ESC}[`);
  });

  it("emits JSON with one row per control that validates against the matrix schema", async () => {
    const { code, stdout } = await runCli(["matrix", "aws.rds", "--format", "json"]);
    expect(code).toBe(0);
    const matrix = MatrixSchema.parse(JSON.parse(stdout));
    expect(matrix.rows).toHaveLength(35);
    expect(matrix.rows.find((r) => r.control === "data.encryption-at-rest")?.owner).toBe("shared");
  });

  it("emits Markdown and CSV", async () => {
    const md = await runCli(["matrix", "paas", "--format", "md"]);
    expect(md.stdout).toMatch(/^# Cloud shared-responsibility matrix\n/);
    expect(md.stdout).toContain("\n## Platform as a service (paas)\n");
    expect(md.stdout).toContain("| Control | Owner | Provider responsibility | Customer responsibility | How to verify | Basis |");
    const csv = await runCli(["matrix", "aws.rds", "--format", "csv"]);
    const lines = csv.stdout.trimEnd().split("\r\n");
    expect(lines).toHaveLength(36);
    expect(lines[0]).toMatch(/^subject,model,control,title,domain,owner,/);
  });

  it("lists services as JSON with id, provider and model", async () => {
    const { code, stdout } = await runCli(["catalog", "list", "--format", "json"]);
    expect(code).toBe(0);
    const services = JSON.parse(stdout) as { id: string; provider: string; model: string }[];
    expect(services.find((s) => s.id === "aws.rds")).toMatchObject({ provider: "aws", model: "paas" });
  });

  it("shows a service, a model or a control", async () => {
    expect(JSON.parse((await runCli(["catalog", "show", "aws.rds"])).stdout).id).toBe("aws.rds");
    expect(JSON.parse((await runCli(["catalog", "show", "saas"])).stdout).id).toBe("saas");
    expect(JSON.parse((await runCli(["catalog", "show", "identity.mfa"])).stdout).frameworks.pci).toContain("8.4.2");
  });

  it("diffs two services or models", async () => {
    const { code, stdout } = await runCli(["diff", "iaas", "faas"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/You hand over:\n\s+platform\.guest-os-patching\s+customer -> provider/);
  });

  it("uses exit code 2 for usage errors and 1 for failures, with one clear line", async () => {
    const usage = await runCli(["matrix"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^cloud-srm: matrix takes a service or model id \(or --all\)/);
    const badFlag = await runCli(["matrix", "aws.rds", "--colour"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--colour'/);
    const badFormat = await runCli(["matrix", "aws.rds", "--format", "pdf"]);
    expect(badFormat).toMatchObject({ code: 2 });
    expect(badFormat.stderr).toMatch(/unknown --format "pdf" \(expected table, json, md, csv, xlsx, html, oscal-ssp, oscal-component\)/);
    const unknown = await runCli(["matrix", "aws.rsd"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('cloud-srm: unknown service or model "aws.rsd" (did you mean "aws.rds"?); run "cloud-srm catalog list" to see them\n');
    const command = await runCli(["matrx"]);
    expect(command.code).toBe(2);
  });

  it("shows a stack trace only with --debug", async () => {
    const plain = await runCli(["matrix", "aws.rds", "--overlay", "/nonexistent/overlay.yaml"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe("/nonexistent/overlay.yaml: no such file\n");
    const debug = await runCli(["matrix", "aws.rsd", "--debug"]);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it("has --help on every command and --version", async () => {
    for (const args of [["--help"], ["matrix", "--help"], ["diff", "--help"], ["catalog", "--help"], ["catalog", "list", "--help"], ["catalog", "validate", "--help"]]) {
      const { code, stdout } = await runCli(args);
      expect(code, args.join(" ")).toBe(0);
      expect(stdout, args.join(" ")).toMatch(/^Usage: cloud-srm/);
    }
    const version = await runCli(["--version"]);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("colours owners only on a TTY without NO_COLOR", async () => {
    const { run } = await import("../../src/cli/main.js");
    const capture = async (env: Record<string, string>) => {
      let out = "";
      await run(["matrix", "aws.rds"], { stdout: { write: (c: string | Uint8Array) => ((out += String(c)), true), isTTY: true, columns: 200 }, stderr: { write: () => true }, env });
      return out;
    };
    expect(await capture({})).toContain(`${ESC}[33mcustomer`);
    expect(await capture({ NO_COLOR: "1" })).not.toContain(`${ESC}[`);
  });
});
