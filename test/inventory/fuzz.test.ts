/**
 * Property-based fuzzing of every importer (issue 11, item 7), with
 * fast-check: seeded (the same cases every run, and a failure prints the seed
 * and the shrunk case), bounded (a fixed number of runs per property; no
 * wall-clock assertion).
 *
 * Invariants, whatever the input:
 * - an import never throws (a typed library error would be the only
 *   acceptable exception; none is expected for content problems);
 * - every problem names its input and a position, in one line;
 * - no planted secret appears in any resource or problem, and every resource
 *   is a fixed point of redaction (countSecrets 0) and a valid Resource;
 * - records the corruption did not touch still import (NDJSON lines, state
 *   resources), and a truncated input never yields a record the whole one
 *   did not have.
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CloudSrmError } from "../../src/errors.js";
import type { ImportProblem } from "../../src/inventory/importer.js";
import { importerFor, type ImportKind } from "../../src/inventory/importers/index.js";
import { DocumentTooLargeError } from "../../src/inventory/input.js";
import { countSecrets, NestingTooDeepError } from "../../src/inventory/redact.js";
import { ResourceSchema } from "../../src/schema/resource.js";
import type { Resource } from "../../src/types.js";

const NOW = new Date("2025-01-15T12:00:00.000Z");
const SEED = 20261202;
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

/** Every importer on its own fixtures (the shapes folder included). */
const FIXTURES: [ImportKind, string][] = [
  ["terraform", "terraform/terraform.tfstate"],
  ["terraform", "terraform/show-state.json"],
  ["terraform", "terraform/plan.json"],
  ["aws-config", "aws-config/snapshot.json"],
  ["aws-config", "aws-config/notifications.ndjson"],
  ["aws-config", "aws-config/select.json"],
  ["aws-config", "shapes/config-eventbridge.ndjson"],
  ["aws-resources", "aws-resources/tagging.json"],
  ["aws-resources", "aws-resources/explorer-search.json"],
  ["azure", "azure/resource-list.json"],
  ["azure", "azure/graph-query.json"],
  ["azure", "shapes/graph-table-format.json"],
  ["gcp", "gcp/asset-export.ndjson"],
  ["gcp", "gcp/search-all-resources.json"],
];

/**
 * Secrets planted by the generators below, each recognisable by its shape
 * (layer d) or placed under a secret-named key (layer b): a secret that
 * looks like nothing under an innocent name cannot be found by anyone.
 */
const SHAPED_SECRETS = [
  "ghp_FuzzPlantedGithubToken0000000000000000",
  "sk_live_FuzzPlantedStripeKey00000000",
  "AKIAFUZZPLANTED00001",
  "xoxb-2222222222-3333333333-FuzzPlantedSlack",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmdXp6In0.FuzzPlantedSignature00",
  "-----BEGIN PRIVATE KEY-----\nMIIFuzzPlantedPrivateKeyMaterial000\n-----END PRIVATE KEY-----",
] as const;
const NAMED_SECRET = "fuzz-planted-named-value-4471";
const URL_PASSWORD = "FuzzPlantedUrlPw9";
const PLANTED = [...SHAPED_SECRETS, NAMED_SECRET, URL_PASSWORD, "MIIFuzzPlantedPrivateKeyMaterial000"];

interface Run {
  resources: Resource[];
  problems: ImportProblem[];
  thrown?: unknown;
}

async function run(kind: ImportKind, bytes: Uint8Array, name: string): Promise<Run> {
  const resources: Resource[] = [];
  const problems: ImportProblem[] = [];
  const importer = await importerFor(kind);
  try {
    // Bytes through a stream, as a file or stdin arrives (decoding included), in uneven chunks.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 997) chunks.push(Buffer.from(bytes.subarray(i, i + 997)));
    for await (const resource of importer({ stream: Readable.from(chunks), name }, { now: () => NOW, onProblem: (p) => problems.push(p) })) resources.push(resource);
    return { resources, problems };
  } catch (thrown) {
    return { resources, problems, thrown };
  }
}

/** The invariants every run keeps, whatever its input. */
function checkInvariants(result: Run, name: string, planted: readonly string[] = PLANTED): void {
  if (result.thrown !== undefined) {
    const typed = result.thrown instanceof CloudSrmError || result.thrown instanceof DocumentTooLargeError || result.thrown instanceof NestingTooDeepError;
    expect(typed, `untyped throw: ${String(result.thrown)}`).toBe(true);
  }
  for (const problem of result.problems) {
    expect(problem.source).toBe(name);
    expect(typeof problem.position === "string" && problem.position.length > 0, JSON.stringify(problem)).toBe(true);
    expect(problem.message.length).toBeGreaterThan(0);
    expect(problem.message).not.toMatch(/\n/);
    // Not a stack trace, not Node's internals.
    expect(problem.message).not.toMatch(/\bat .+:\d+:\d+\)?$|Maximum call stack|RangeError|TypeError/m);
  }
  const problemText = JSON.stringify(result.problems);
  for (const secret of planted) expect(problemText.includes(secret), `planted secret in a problem: ${secret.slice(0, 12)}`).toBe(false);
  for (const resource of result.resources) {
    expect(ResourceSchema.safeParse(resource).success, resource.uid).toBe(true);
    expect(countSecrets(resource), resource.uid).toBe(0);
  }
}

function uidsOf(resources: Resource[]): Set<string> {
  return new Set(resources.map((r) => r.uid));
}

// ---- byte-level mutations of the project's own fixtures ----

// Positions are fractions of the input's length, drawn as integers out of POSITIONS (fc.double leans to tiny values).
const POSITIONS = 1_000_000;
const position = fc.integer({ min: 0, max: POSITIONS });

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; flips: { at: number; byte: number }[] }
  | { kind: "insert"; at: number; bytes: number[] }
  | { kind: "encode"; as: "utf16le-bom" | "utf16be-bom" | "utf16le-nobom" | "latin1" | "utf8-bom" };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({ kind: fc.constant("flip" as const), flips: fc.array(fc.record({ at: position, byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant("encode" as const), as: fc.constantFrom("utf16le-bom" as const, "utf16be-bom" as const, "utf16le-nobom" as const, "latin1" as const, "utf8-bom" as const) }),
);

function apply(bytes: Buffer, m: Mutation): Buffer {
  const at = (p: number) => Math.min(bytes.length - 1, Math.floor((p / POSITIONS) * bytes.length));
  switch (m.kind) {
    case "truncate":
      return bytes.subarray(0, Math.floor((m.at / POSITIONS) * bytes.length));
    case "flip": {
      const copy = Buffer.from(bytes);
      for (const flip of m.flips) copy[at(flip.at)] = flip.byte;
      return copy;
    }
    case "insert":
      return Buffer.concat([bytes.subarray(0, at(m.at)), Buffer.from(m.bytes), bytes.subarray(at(m.at))]);
    case "encode": {
      const text = bytes.toString("utf8");
      if (m.as === "utf8-bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      if (m.as === "latin1") return Buffer.from(text, "latin1");
      const le = Buffer.from(text, "utf16le");
      if (m.as === "utf16le-nobom") return le;
      if (m.as === "utf16le-bom") return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
    }
  }
}

describe("fuzz: byte mutations of every importer's fixtures", () => {
  for (const [kind, path] of FIXTURES) {
    it(`${kind} ${path}`, async () => {
      const bytes = fixture(path);
      const baseline = await run(kind, bytes, path);
      expect(baseline.thrown).toBeUndefined();
      expect(baseline.resources.length).toBeGreaterThan(0);
      const baselineUids = uidsOf(baseline.resources);
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const mutated = apply(bytes, m);
          const result = await run(kind, mutated, path);
          checkInvariants(result, path);
          expect(result.thrown).toBeUndefined();
          if (m.kind === "truncate") {
            // A prefix never yields a record the whole input did not have.
            for (const uid of uidsOf(result.resources)) expect(baselineUids.has(uid), uid).toBe(true);
          }
          if (m.kind === "encode" && m.as !== "latin1" && m.as !== "utf16le-nobom") {
            // A BOM tells the encoding: every record is read as from the UTF-8 original.
            expect(uidsOf(result.resources)).toEqual(baselineUids);
          }
        }),
        { seed: SEED, numRuns: 25 },
      );
    });
  }
});

// ---- generated records: hostile values and planted secrets in random places ----

const HOSTILE_STRINGS = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u001b[31mred\u001b[0m", "\u0000\u0001\u0007\b", "\r\n\t", "\u202eRTL", "\ud800", "💥".repeat(5), "__proto__", "constructor", "prototype", "toString"),
);
const HOSTILE_KEYS = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom("__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "\u001b[2J"));

/** A secret at a random place: a shaped secret as any value, a named one under a secret key, a URL password. */
const plantedValue = fc.oneof(
  fc.constantFrom(...SHAPED_SECRETS).map((secret) => ({ key: undefined as string | undefined, value: secret })),
  fc.constantFrom("password", "db_password", "clientSecret", "api_key", "AUTH_TOKEN", "private_key").map((key) => ({ key, value: NAMED_SECRET })),
  fc.constant({ key: undefined, value: `postgres://app:${URL_PASSWORD}@db.internal:5432/app` }),
);

/** A JSON tree with hostile keys and values and a few planted secrets at random depths. */
const configuration = fc
  .tuple(
    fc.dictionary(HOSTILE_KEYS, fc.oneof(HOSTILE_STRINGS, fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(HOSTILE_KEYS, HOSTILE_STRINGS, { maxKeys: 4 })), { maxKeys: 8 }),
    fc.array(fc.tuple(plantedValue, fc.array(fc.constantFrom("spec", "env", "settings", "0", "nested"), { maxLength: 4 }), fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([base, plants]) => {
    const root: Record<string, unknown> = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    for (const [{ key, value }, path, leaf] of plants) {
      let node = root;
      for (const step of path) {
        const next = Object.prototype.hasOwnProperty.call(node, step) ? node[step] : undefined;
        if (next === null || typeof next !== "object" || Array.isArray(next)) node[step] = {};
        node = node[step] as Record<string, unknown>;
      }
      // JSON.parse above made own properties; plant with defineProperty so "__proto__" stays a key.
      Object.defineProperty(node, key ?? `note_${leaf}`, { value, enumerable: true, writable: true, configurable: true });
    }
    return root;
  });

const tags = fc.tuple(fc.dictionary(HOSTILE_KEYS, HOSTILE_STRINGS, { maxKeys: 6 }), fc.option(plantedValue, { nil: undefined })).map(([base, plant]) => {
  const out: Record<string, string> = JSON.parse(JSON.stringify(base)) as Record<string, string>;
  if (plant) Object.defineProperty(out, plant.key ?? "owner", { value: plant.value, enumerable: true, writable: true, configurable: true });
  return out;
});

/** One record of each format, numbered so the uid says which line it came from. */
const FORMATS: Record<"aws-config" | "azure" | "gcp", (i: number, config: unknown, tagMap: Record<string, string>) => unknown> = {
  "aws-config": (i, config, tagMap) => ({ configurationItemStatus: "OK", resourceType: "AWS::S3::Bucket", resourceId: `b${i}`, ARN: `arn:aws:s3:::fuzz-b${i}`, awsAccountId: "111122223333", awsRegion: "eu-west-1", resourceName: `fuzz-b${i}`, tags: tagMap, configuration: config }),
  azure: (i, config, tagMap) => ({ id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/fuzz${i}`, name: `fuzz${i}`, type: "Microsoft.Storage/storageAccounts", location: "westeurope", tags: tagMap, properties: config }),
  gcp: (i, config, tagMap) => ({ name: `//storage.googleapis.com/fuzz-b${i}`, assetType: "storage.googleapis.com/Bucket", ancestors: ["projects/884712340001"], resource: { parent: "//cloudresourcemanager.googleapis.com/projects/884712340001", location: "europe-west1", data: { name: `fuzz-b${i}`, labels: tagMap, config } } }),
};

/** Serializes with `__proto__` kept as an ordinary key (JSON.stringify does keep own properties). */
const line = (value: unknown) => JSON.stringify(value);

describe("fuzz: generated records with hostile values and planted secrets", () => {
  for (const kind of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    it(`${kind}: every record imports, no planted secret survives, a corrupted line costs only itself`, async () => {
      const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(configuration, tags), { minLength: 2, maxLength: 6 }),
          fc.nat(),
          fc.constantFrom("cut", "garbage", "deep", "none"),
          async (records, pick, corruption) => {
            const lines = records.map(([config, tagMap], i) => line(FORMATS[kind](i, config, tagMap)));
            const broken = pick % lines.length;
            if (corruption === "cut") lines[broken] = lines[broken]!.slice(0, Math.max(1, Math.floor(lines[broken]!.length / 2)));
            if (corruption === "garbage") lines[broken] = `${lines[broken]!.slice(0, 1)}@#\u0000${lines[broken]!.slice(1)}`;
            if (corruption === "deep") lines[broken] = line(FORMATS[kind](broken, { deep: JSON.parse(`${"[".repeat(3000)}1${"]".repeat(3000)}`) as unknown }, {}));
            const name = `fuzz-${kind}.ndjson`;
            const result = await run(kind, Buffer.from(`${lines.join("\n")}\n`), name);
            checkInvariants(result, name);
            expect(result.thrown).toBeUndefined();
            expect(JSON.stringify(result.resources)).not.toMatch(new RegExp(PLANTED.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")));
            const imported = uidsOf(result.resources);
            const expected = corruption === "none" ? lines.length : lines.length - 1;
            expect(result.resources.length).toBe(expected);
            for (let i = 0; i < lines.length; i++) {
              if (corruption !== "none" && i === broken) continue;
              const uid = [...imported].find((u) => u.endsWith(`fuzz-b${i}`) || u.endsWith(`/fuzz${i}`));
              expect(uid, `record ${i} lost`).toBeDefined();
            }
            if (corruption !== "none") expect(result.problems.some((p) => p.position.includes(`line ${broken + 1}`))).toBe(true);
            for (const resource of result.resources) {
              for (const value of Object.values(resource.tags)) expect(typeof value).toBe("string");
              expect(Object.getPrototypeOf(resource.tags)).toBe(Object.prototype);
            }
          },
        ),
        { seed: SEED, numRuns: 30 },
      );
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("terraform state: a broken resource is reported by index, the others import; hostile attributes stay inside their record", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(configuration, tags), { minLength: 2, maxLength: 5 }), fc.nat(), fc.boolean(), async (records, pick, corrupt) => {
        const resources = records.map(([config, tagMap], i) => ({
          mode: "managed",
          type: "aws_s3_bucket",
          name: `fuzz${i}`,
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ schema_version: 0, attributes: { ...(config as object), bucket: `fuzz-b${i}`, arn: `arn:aws:s3:::fuzz-b${i}`, tags: tagMap }, sensitive_attributes: [] }],
        }));
        const texts = resources.map((r) => JSON.stringify(r));
        const broken = pick % texts.length;
        // An invalid token inside the record keeps the brackets balanced: only this record is lost.
        if (corrupt) texts[broken] = texts[broken]!.replace('"mode":', '"mode": @');
        const state = `{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"fuzz","outputs":{},"resources":[\n${texts.join(",\n")}\n]}`;
        const result = await run("terraform", Buffer.from(state), "fuzz.tfstate");
        checkInvariants(result, "fuzz.tfstate");
        expect(result.thrown).toBeUndefined();
        expect(result.resources.length).toBe(corrupt ? texts.length - 1 : texts.length);
        if (corrupt) expect(result.problems.some((p) => p.position.startsWith(`resources[${broken}]`))).toBe(true);
        const text = JSON.stringify(result.resources);
        for (const secret of PLANTED) expect(text.includes(secret), secret.slice(0, 12)).toBe(false);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("1 MB values and 1 MB tag values import, redacted where they hold a secret", async () => {
    const big = "a".repeat(1 << 20);
    for (const kind of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
      const lines = [line(FORMATS[kind](0, { blob: big, script: `${big} ${SHAPED_SECRETS[0]} ${big}` }, { huge: big, token: SHAPED_SECRETS[1] })), line(FORMATS[kind](1, {}, {}))];
      const result = await run(kind, Buffer.from(lines.join("\n")), `big-${kind}.ndjson`);
      checkInvariants(result, `big-${kind}.ndjson`);
      expect(result.resources).toHaveLength(2);
      const text = JSON.stringify(result.resources);
      expect(text.includes(SHAPED_SECRETS[0]) || text.includes(SHAPED_SECRETS[1])).toBe(false);
    }
  });
});
