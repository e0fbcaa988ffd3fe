// Shared data for the CSV, XLSX, Markdown and OCSF document tests.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { builtinCatalog } from "../../src/index.js";
import { exampleInventory } from "../../src/examples.js";
import { importerFor } from "../../src/inventory/importers/index.js";
import { buildReport } from "../../src/join/build-report.js";
import type { Report } from "../../src/join/report.js";
import type { Matrix, Resource } from "../../src/types.js";
import { resource } from "../support/resources.js";

/** The fixed clock of every golden file. */
export const NOW = new Date("2026-01-15T12:00:00.000Z");

const GOLDEN_DIR = fileURLToPath(new URL("../golden/documents/", import.meta.url));

/** Compares with a golden file byte for byte; UPDATE_GOLDEN=1 rewrites it. */
export function golden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run test/render/`);
  expect(actual === readFileSync(file, "utf8"), `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`).toBe(true);
}

/** A model matrix from the built-in catalog. */
export function modelMatrix(): Matrix {
  return builtinCatalog().resolve("aws.rds");
}

/** The bundled example inventory joined to the catalog, with a fixed clock and file paths reduced to names. */
export async function exampleReport(): Promise<{ report: Report; resources: Resource[] }> {
  const resources: Resource[] = [];
  for (const { kind, file } of exampleInventory()) {
    for await (const r of (await importerFor(kind))(file, { now: () => NOW })) {
      resources.push({ ...r, source: { ...r.source, ...(r.source.file ? { file: r.source.file.split(/[\\/]/).pop()! } : {}) } });
    }
  }
  return { report: await buildReport(resources, { now: NOW }), resources };
}

/** Names, tag values and overlay text an attacker controls. */
export const HOSTILE: readonly string[] = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "-2+3",
  "\t=1+1",
  "\r=1+1",
  "pipes | in | text",
  "line one\nline two\r\nline three",
  "<script>alert(1)</script>",
  "[click](javascript:alert(1))",
  "![img](http://x/y.png)",
  "ctl\u0000\u0001\u0007\u001b[31mred\u007f\u0085",
  "_x0041_ looks like an Excel escape",
  "`code` **bold** _em_ ~~strike~~ # hash",
  "lone \ud800 surrogate and \udfff too",
  "emoji 🚀 and ümlaut",
  "a".repeat(40_000),
];

/** Hand-built resources whose names and tags are the hostile corpus, one per entry, each an RDS instance failing storage encryption. */
export function hostileResources(): Resource[] {
  return HOSTILE.map((text, i) =>
    resource({
      uid: `arn:aws:rds:eu-west-1:123456789012:db:hostile-${String(i).padStart(2, "0")}`,
      type: "AWS::RDS::DBInstance",
      typeSystem: "cloudformation",
      name: text,
      region: "eu-west-1",
      tags: { owner: text, [text.slice(0, 100)]: "key is hostile" },
      attributes: { storageEncrypted: false },
      source: { kind: "test", ref: `record ${i}` },
    }),
  );
}

/** A report over the hostile resources plus one of an unmapped type. */
export async function hostileReport(): Promise<Report> {
  const unmapped = resource({ uid: "=cmd|unmapped", type: "Custom::Thing", typeSystem: "cloudformation", name: "+unmapped", tags: {}, source: { kind: "test" } });
  return buildReport([...hostileResources(), unmapped], { now: NOW });
}

/** The model matrix with every free-text cell of one row replaced by hostile text (as an overlay could). */
export function hostileMatrix(): Matrix {
  const matrix = structuredClone(modelMatrix());
  matrix.rows = matrix.rows.map((row, i) => {
    const text = HOSTILE[i % HOSTILE.length]!;
    return {
      ...row,
      title: text,
      provider: text,
      customer: text,
      origin: "overlay" as const,
      overlay: text,
      owner: "third-party" as const,
      party: text,
      verify: { cli: text, console: text },
      sources: ["javascript:alert(1)", "https://example.com/a(b)|c", text],
    };
  });
  return matrix;
}

/** An RFC 4180 parser: CRLF records, quoted fields with doubled quotes. Throws on malformed input. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== "," && text[i] !== "\r") throw new Error(`text after a closing quote at ${i}`);
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (ch === "\r") {
      if (text[i + 1] !== "\n") throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else if (ch === "\n") {
      throw new Error(`bare LF at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || record.length) throw new Error("last record lacks its CRLF");
  return records;
}

/** What a spreadsheet cell may not start with: a formula trigger (OWASP CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;
