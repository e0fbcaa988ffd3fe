import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matricesXlsx } from "../../src/render/xlsx/documents.js";
import { golden, modelMatrix, NOW } from "./documents-fixtures.js";

// The remaining formats' golden files: JSON, and XLSX compared byte for byte.
describe("golden files for JSON and XLSX", () => {
  it("matrix JSON", () => {
    golden("matrix-aws-rds.json", `${JSON.stringify(modelMatrix(), null, 2)}\n`);
  });

  it("matrix XLSX, byte for byte", async () => {
    const file = new URL("../golden/documents/matrix-aws-rds.xlsx", import.meta.url);
    const bytes = Buffer.from(await matricesXlsx([modelMatrix()], { now: NOW }));
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, bytes);
    expect(existsSync(file), "missing golden file: run UPDATE_GOLDEN=1 npx vitest run test/render/").toBe(true);
    expect(bytes.equals(readFileSync(file)), "matrix-aws-rds.xlsx differs from its golden file (UPDATE_GOLDEN=1 to accept)").toBe(true);
  });
});
