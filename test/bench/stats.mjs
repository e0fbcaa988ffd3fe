import { spawnSync } from "node:child_process";

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time in ms of each of `runs` runs of `node args`, interleaved with the other commands to share noise. */
export function timeCommands(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, index) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr}`);
      times[index].push(ms);
    });
  }
  return times;
}

export const fmt = (n, digits = 1) => n.toFixed(digits);
