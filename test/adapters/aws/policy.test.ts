import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The least-privilege policy docs/aws.md tells users to attach: reads only.
describe("docs/aws-policy.json", () => {
  const policy = JSON.parse(readFileSync("docs/aws-policy.json", "utf8")) as {
    Version: string;
    Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[];
  };

  it("allows only read actions (and AssumeRole into the named member role)", () => {
    expect(policy.Version).toBe("2012-10-17");
    const actions = policy.Statement.flatMap((s) => {
      expect(s.Effect).toBe("Allow");
      return Array.isArray(s.Action) ? s.Action : [s.Action];
    });
    expect(actions.length).toBeGreaterThan(3);
    for (const action of actions) {
      expect(action, action).not.toContain("*");
      expect(action, action).toMatch(/^[a-z0-9-]+:(List|Get|Describe|Search|Select|AssumeRole$)/);
    }
    const assume = policy.Statement.find((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes("sts:AssumeRole"))!;
    expect(assume.Resource).toMatch(/^arn:aws:iam::\*:role\/[A-Za-z0-9+=,.@_-]+$/);
  });

  it("covers every API the adapter calls", () => {
    const source = ["inventory.ts", "sdk.ts"].map((f) => readFileSync(`src/adapters/aws/${f}`, "utf8")).join("\n");
    const actions = new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    const called = [...source.matchAll(/new [A-Za-z.#!]*?([A-Z][A-Za-z0-9]+)Command\b/g)].map((m) => m[1]!);
    expect(called.length).toBeGreaterThan(3);
    const prefix: Record<string, string> = {
      GetResources: "tag",
      ListIndexes: "resource-explorer-2",
      GetIndex: "resource-explorer-2",
      ListResources: "resource-explorer-2",
      Search: "resource-explorer-2",
      SelectResourceConfig: "config",
      SelectAggregateResourceConfig: "config",
      ListAccounts: "organizations",
      AssumeRole: "sts",
      GetCallerIdentity: "sts",
    };
    for (const command of new Set(called)) {
      // GetCallerIdentity needs no permission: STS always answers it.
      if (command === "GetCallerIdentity") continue;
      expect(prefix[command], `unknown command ${command}`).toBeDefined();
      expect(actions.has(`${prefix[command]}:${command}`), `${command} is not in the policy`).toBe(true);
    }
  });
});
