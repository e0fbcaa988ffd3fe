import { mkdir, writeFile } from "node:fs/promises";
import { compileCatalogDir } from "../../src/validate/compile-catalog.js";
import { formatProblem } from "../../src/errors.js";

/** Compiles catalog/ once per run so tests read the same catalog the build would ship. */
export default async function setup(): Promise<void> {
  const result = await compileCatalogDir("catalog");
  if (!result.catalog) {
    throw new Error(`catalog/ does not compile:\n${result.problems.map(formatProblem).join("\n")}`);
  }
  await mkdir("test/artifacts", { recursive: true });
  await writeFile("test/artifacts/catalog.json", JSON.stringify(result.catalog));
}
