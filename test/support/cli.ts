import { run } from "../../src/cli/main.js";

/** Runs the CLI in-process and captures what it writes. */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (chunk: string | Uint8Array) => ((stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")), true) },
    stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    env,
  });
  return { code, stdout, stderr };
}
