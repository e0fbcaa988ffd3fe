/**
 * The shortcuts that make redaction cheap must not weaken it:
 * - the value-pattern trigger (a single test before the patterns) is a
 *   necessary condition of every pattern: whatever a pattern matches, the
 *   trigger matches too, so skipping the patterns when it does not is safe;
 * - copy-on-write: redaction never writes into its input, returns the input
 *   itself when nothing in it is secret, and otherwise the same result a full
 *   copy would give.
 * Seeded fast-check properties (the same cases every run).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactResource, redactSecrets, REDACTED } from "../../src/inventory/redact.js";
import { TRIGGER, VALUE_PATTERNS } from "../../src/inventory/redaction/value-patterns.js";
import type { Resource } from "../../src/types.js";
import { SECRETS } from "../fixtures/secrets/planted.js";

const SEED = 20261202;

/** Pieces of every pattern's matches, and of near misses, to build strings from. */
const FRAGMENTS = [
  "-----BEGIN ", "RSA ", "PRIVATE KEY-----", "-----END PRIVATE KEY-----", "clusters:", "users :", "contexts:", "client-key-data:", "token:", "auth-provider:",
  "\nkind: Secret\n", "kind: 'Secret'", "\ndata:", "stringData:", "postgres://", "https://", "user", ":", "@", "/", "pw", "password=", "Password : ",
  "api-key=", "AccountKey=", "SharedAccessSignature=", "client_secret:", "x-api-key:", '"token":', "'secret'=", "?sig=", "&sig=", "AKIA", "ASIA",
  "ABCDEFGHIJKLMNOP", "0123456789", "ghp_", "github_pat_", "glpat-", "xoxb-", "hooks.slack.com/services/", "AIza", "sk_live_", "rk_test_", "npm_",
  "eyJ", "eyJhbGciOiJIUzI1NiJ9", ".", "$2a$10$", "$2$", "./ABCabc012", " ", "\n", ";", "&", "=", "key", "KEY", "Key/", "arn:aws:kms:eu-west-1:1:key/1",
  "Microsoft.KeyVault", "true", "{", "[",
];

const patternMatches = (text: string): string[] =>
  VALUE_PATTERNS.filter(({ pattern }) => {
    pattern.lastIndex = 0;
    const hit = pattern.test(text);
    pattern.lastIndex = 0;
    return hit;
  }).map((p) => p.name);

describe("the value-pattern trigger", () => {
  it("matches whatever any pattern matches (a necessary condition, so skipping the patterns is safe)", () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), fc.stringMatching(/^[A-Za-z0-9_\-+/=.%]{0,60}$/)), { maxLength: 14 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, (value) => {
        if (patternMatches(value).length) expect(TRIGGER.test(value), JSON.stringify(value)).toBe(true);
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it("matches every planted secret's pattern form, and lets ordinary identifiers through", () => {
    for (const value of [...Object.values(SECRETS), `postgres://orders:${SECRETS.dbUrlPassword}@db:5432/o`, "password=hunter2", "kubeconfig:\nclusters:\n- x\nusers:\n- token: abc"]) {
      if (patternMatches(value).length) expect(TRIGGER.test(value), value).toBe(true);
    }
    for (const plain of ["arn:aws:kms:eu-west-1:111122223333:key/1234", "Microsoft.KeyVault/vaults", "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", "bucket-1", "token-lifetime 5m"]) {
      expect(TRIGGER.test(plain), plain).toBe(false);
    }
  });
});

/** A deep copy whose every object and array is frozen: any write into it throws (ESM is strict). */
function frozenCopy<T>(value: T): T {
  const copy = structuredClone(value);
  const stack: unknown[] = [copy];
  while (stack.length) {
    const next = stack.pop();
    if (next === null || typeof next !== "object") continue;
    Object.freeze(next);
    stack.push(...Object.values(next));
  }
  return copy;
}

const secretish = fc.oneof(fc.constantFrom(...Object.values(SECRETS), "password=hunter2", "plain", "", REDACTED), fc.string({ maxLength: 12 }));
const keys = fc.constantFrom("name", "value", "Key", "Value", "Type", "password", "DB_PASSWORD", "environment", "tags", "data", "kind", "apiVersion", "policy", "id", "arn", "enabled", "x");
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, secretish, fc.boolean(), fc.integer(), fc.constant(null), tie("object"), tie("array"), fc.constant('{"password":"inner-planted-9"}')),
  object: fc.dictionary(keys, tie("value"), { maxKeys: 6 }),
  array: fc.array(tie("value"), { maxLength: 4 }),
}));

describe("copy-on-write redaction", () => {
  it("never writes into its input and gives what redacting a private copy gives", () => {
    fc.assert(
      fc.property(json.object, fc.constantFrom(undefined, "aws_db_instance", "helm_release", "kubernetes_secret"), (record, resourceType) => {
        const input = frozenCopy(record);
        const options = resourceType ? { resourceType, typeSystem: "terraform" } : {};
        const paths = [["password"], ["data", "x"], ["environment", 0, "value"]];
        const shared = redactSecrets(input, paths, options);
        const own = redactSecrets(structuredClone(record), paths, options);
        expect(shared).toEqual(own);
        expect(input).toEqual(record);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it("returns the very same objects when nothing is secret, and copies only the path to a change", () => {
    const clean = { bucket: "logs", versioning: [{ enabled: true }], tags: { env: "prod" }, policy: '{"Statement":[]}' };
    expect(redactSecrets(clean)).toBe(clean);
    const mixed = { settings: { tls: "1.2" }, environment: [{ variables: { DB_PASSWORD: "pw-1", MODE: "prod" } }] };
    const out = redactSecrets(mixed) as typeof mixed;
    expect(out.environment[0]!.variables).toEqual({ DB_PASSWORD: REDACTED, MODE: "prod" });
    expect(out.settings).toBe(mixed.settings);
    expect(mixed.environment[0]!.variables.DB_PASSWORD).toBe("pw-1");
  });

  it("makes objects that are not plain JSON (class instances) plain, as a copy always did", () => {
    class Settings {
      password = "pw-2";
      mode = "prod";
    }
    expect(redactSecrets({ settings: new Settings() })).toEqual({ settings: { password: REDACTED, mode: "prod" } });
    const resource: Resource = { uid: "u", provider: "aws", account: { uid: "1", type: "aws-account" }, type: "t", typeSystem: "cloudformation", tags: {}, source: { kind: "k" }, attributes: { a: 1 } };
    expect(redactResource(resource).attributes).toBe(resource.attributes);
  });
});
