import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// A fresh clone must test on its own: no tracked file may point at a folder a
// contributor does not have (the maintainers' scratch folders, a home folder,
// an absolute path on one machine). The reference data the tests need is
// copied into test/reference/, whose README is the one file that names where
// it came from.

const ROOT = process.cwd();
/** Generated, installed or ignored: not part of the repository a contributor clones. */
const SKIP_DIRS = new Set([".git", "node_modules", "dist", "artifacts", ".bench-tmp"]);
const ALLOWED = new Set(["test/reference/README.md"]);

/** Patterns for paths outside the repository, written so that this file does not match itself. */
const OUTSIDE = [
  { name: "a sibling scratch folder", pattern: /\.\.[/\\]shared\b/ },
  // An absolute path on a maintainer's machine (the work, root, home or Users folders), at the
  // start of a token: a URL such as https://example.com/work/x is not a path.
  { name: "an absolute machine path", pattern: /(?:^|[\s"'`(=:,[])\/(?:work|root|home\/[\w.-]+|Users\/[\w.-]+)\// },
  { name: "a Windows user folder", pattern: /[A-Za-z]:\\Users\\/ },
];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // In a git worktree `.git` is a file naming the main checkout's absolute path: skip it like the folder.
    if (SKIP_DIRS.has(entry.name)) continue;
    if (entry.isDirectory()) {
      yield* files(join(dir, entry.name));
    } else if (entry.isFile() && !entry.name.endsWith(".tgz")) {
      yield join(dir, entry.name);
    }
  }
}

describe("the repository stands on its own", () => {
  it("names no path outside the repository in any file", () => {
    const found: string[] = [];
    let scanned = 0;
    for (const file of files(ROOT)) {
      const path = relative(ROOT, file).split("\\").join("/");
      if (ALLOWED.has(path)) continue;
      const text = readFileSync(file, "latin1");
      scanned++;
      text.split("\n").forEach((line, index) => {
        for (const { name, pattern } of OUTSIDE) {
          if (pattern.test(line)) found.push(`${path}:${index + 1}: ${name}: ${line.trim().slice(0, 120)}`);
        }
      });
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it("catches the kinds of path it guards against", () => {
    const hit = (line: string) => OUTSIDE.some(({ pattern }) => pattern.test(line));
    // Built from parts so that this file itself does not hold a path outside the repository.
    const slash = "/";
    for (const bad of [
      `readFileSync("..${slash}shared/reference/x.csv")`,
      `const REFERENCE = "${slash}work/shared/reference";`,
      `see ${slash}root/.npm/_logs`,
      `cd ${slash}home/alice/project`,
      `open('${slash}Users/bob/x')`,
      `C:${"\\"}Users${"\\"}carol${"\\"}x`,
    ]) {
      expect(hit(bad), bad).toBe(true);
    }
    for (const good of ["https://learn.microsoft.com/azure/shared/waf", "test/reference/oscal", "https://example.com/work/x", "~/.aws/credentials"]) {
      expect(hit(good), good).toBe(false);
    }
  });
});
