#!/usr/bin/env node
// Generates src/inventory/redaction/terraform-sensitive.ts: for each Terraform
// resource type, the top-level attributes its provider's schema marks
// `Sensitive: true`. Redaction layer (a) reads it (docs/inventory.md).
//
// Where the knowledge comes from (no list is typed by hand):
// - Pulumi's bridged provider packages (@pulumi/aws, @pulumi/azure, @pulumi/gcp,
//   @pulumi/azuread, @pulumi/random, @pulumi/tls) are generated from the
//   Terraform providers' schemas; the bridge turns every `Sensitive: true`
//   attribute into a secret, which the generated JavaScript lists in
//   `additionalSecretOutputs` (and wraps in `pulumi.secret(...)` for inputs).
// - The CDK for Terraform prebuilt packages (@cdktf/provider-*) are generated
//   from the same schemas and carry the Terraform names: `tfResourceType`
//   and, per property, a registry link ending in `#<terraform_attribute>`.
// A Pulumi resource is matched to the Terraform type whose property set it
// shares (Jaccard similarity of the normalized property names, at least
// MIN_SIMILARITY); Pulumi's camelCase secret names are turned back into
// Terraform names through the CDKTF property links. Resources that cannot be
// matched are listed in the output (`unmatched`), never guessed.
//
// Usage: node test/tools/generate-sensitive-attributes.mjs [--packages DIR]
//   DIR holds the unpacked packages (DIR/<name>/package/...); without it the
//   script runs `npm pack` for the versions below into a temporary folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Provider -> [Pulumi bridged package, CDKTF prebuilt package]. Bump the
// versions and re-run to refresh the data.
const PROVIDERS = {
  aws: ["@pulumi/aws@7.48.0", "@cdktf/provider-aws@21.22.1"],
  azurerm: ["@pulumi/azure@6.40.0", "@cdktf/provider-azurerm@14.23.1"],
  google: ["@pulumi/gcp@9.37.0", "@cdktf/provider-google@16.12.1"],
  azuread: ["@pulumi/azuread@6.9.1", "@cdktf/provider-azuread@14.3.1"],
  random: ["@pulumi/random@4.21.2", "@cdktf/provider-random@12.0.1"],
  tls: ["@pulumi/tls@5.6.1", "@cdktf/provider-tls@11.0.1"],
};
const PULUMI_OWN_SECRETS = ["effectiveLabels", "pulumiLabels"];
const MIN_SIMILARITY = 0.75;
const NAMED_SIMILARITY = 0.45;
const OUT = new URL("../../src/inventory/redaction/terraform-sensitive.ts", import.meta.url);

const args = process.argv.slice(2);
const packagesDir = args[0] === "--packages" ? args[1] : fetchPackages();

function dirName(spec) {
  return spec.replace(/^@/, "").replace("/", "-").replace(/@.*$/, "");
}

function fetchPackages() {
  const dir = mkdtempSync(join(tmpdir(), "srm-schemas-"));
  for (const spec of Object.values(PROVIDERS).flat()) {
    const tgz = execFileSync("npm", ["pack", spec, "--silent"], { cwd: dir, encoding: "utf8" }).trim().split("\n").pop();
    const target = join(dir, dirName(spec));
    mkdirSync(target, { recursive: true });
    execFileSync("tar", ["xzf", join(dir, tgz), "-C", target]);
  }
  return dir;
}

function* files(dir, suffix) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path, suffix);
    else if (name.endsWith(suffix)) yield path;
  }
}

/** Normalized property name for matching: lower case, no plural s (Pulumi pluralizes list blocks). */
const norm = (name) => name.toLowerCase().replace(/(?<=.)(es|s)$/, "");

/** Pulumi resources: token, class properties, secret properties. */
function pulumiResources(root) {
  const out = [];
  for (const js of files(root, ".js")) {
    const text = readFileSync(js, "utf8");
    const token = /__pulumiType = '([^']+)'/.exec(text)?.[1];
    if (!token) continue;
    const secrets = new Set();
    const list = /additionalSecretOutputs: \[([^\]]*)\]/.exec(text)?.[1];
    if (list) for (const m of list.matchAll(/"(\w+)"/g)) secrets.add(m[1]);
    // Pulumi's own choice, not the Terraform schema's: it marks GCP labels secret.
    for (const own of PULUMI_OWN_SECRETS) secrets.delete(own);
    for (const m of text.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+ \? pulumi\.secret\(/g)) secrets.add(m[1]);
    if (!secrets.size) continue;
    const dts = readFileSync(js.replace(/\.js$/, ".d.ts"), "utf8");
    const props = new Set([...dts.matchAll(/^ {4}readonly (\w+)!?: pulumi\.Output</gm)].map((m) => m[1]));
    out.push({ token, props, secrets: [...secrets].sort() });
  }
  return out;
}

/** CDKTF resources: Terraform type and property camelCase name -> Terraform attribute name. */
function cdktfResources(root) {
  const out = [];
  for (const dts of files(join(root, "lib"), "index.d.ts")) {
    const text = readFileSync(dts, "utf8");
    const type = /static readonly tfResourceType = "([^"]+)"/.exec(text)?.[1];
    if (!type) continue;
    // Only the resource's own Config interface and class: the file also holds
    // classes for nested blocks, whose properties are not the resource's.
    const config = /^export interface \w+Config extends cdktf\.TerraformMetaArguments \{$[\s\S]*?^\}$/m.exec(text)?.[0] ?? "";
    const klass = /^export declare class \w+ extends cdktf\.TerraformResource \{$[\s\S]*?^\}$/m.exec(text)?.[0] ?? "";
    // The *Config interface of the resource itself (the first in the file) lists the inputs with their links.
    const names = new Map();
    for (const m of config.matchAll(/#(\w+) \w+#\w+\}\s*\*\/\s*readonly (\w+)\??:/g)) if (!names.has(m[2])) names.set(m[2], m[1]);
    // Getters give every attribute, computed ones included.
    for (const m of klass.matchAll(/^ {4}get (\w+)\(\)/gm)) if (!m[1].endsWith("Input") && !names.has(m[1])) names.set(m[1], snake(m[1]));
    const version = /registry\.terraform\.io\/providers\/([\w-]+\/[\w-]+)\/([\w.]+)\//.exec(text);
    out.push({ type, names, provider: version?.[1], version: version?.[2] });
  }
  return out;
}

function snake(camel) {
  return camel.replace(/([A-Z])/g, "_$1").toLowerCase();
}

function jaccard(a, b) {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both || 1);
}

const resources = {};
const unmatched = [];
const sources = [];
for (const [provider, [pulumiSpec, cdktfSpec]] of Object.entries(PROVIDERS)) {
  const pulumi = pulumiResources(join(packagesDir, dirName(pulumiSpec), "package"));
  const cdktf = cdktfResources(join(packagesDir, dirName(cdktfSpec), "package")).map((r) => ({ ...r, normed: new Set([...r.names.keys()].map(norm)) }));
  const tf = cdktf.find((r) => r.version);
  sources.push({ provider: tf?.provider ?? `hashicorp/${provider}`, terraformProviderVersion: tf?.version ?? "unknown", sensitivity: pulumiSpec, names: cdktfSpec });
  for (const resource of pulumi) {
    const normed = new Set([...resource.props].map(norm));
    // Candidates named like the Pulumi resource (aws:rds/instance:Instance ->
    // *_instance) need less overlap than the others: Pulumi adds and renames a
    // few properties, which weighs heavily on small resources.
    const suffix = `_${snake(resource.token.split("/").pop().split(":")[0])}`;
    let best = 0;
    let matches = [];
    for (const candidate of cdktf) {
      const named = candidate.type.endsWith(suffix);
      const score = jaccard(normed, candidate.normed) + (named ? 1 - NAMED_SIMILARITY + MIN_SIMILARITY : 0);
      if (score > best + 1e-9) {
        best = score;
        matches = [candidate];
      } else if (Math.abs(score - best) < 1e-9) matches.push(candidate);
    }
    if (best < MIN_SIMILARITY) {
      unmatched.push({ token: resource.token, secrets: resource.secrets, bestSimilarity: Number(Math.min(best, 1).toFixed(2)) });
      continue;
    }
    for (const match of matches) {
      const byNorm = new Map([...match.names].map(([camel, name]) => [norm(camel), name]));
      const attrs = resource.secrets.map((s) => match.names.get(s) ?? byNorm.get(norm(s))).filter(Boolean);
      if (!attrs.length) continue;
      resources[match.type] = [...new Set([...(resources[match.type] ?? []), ...attrs])].sort();
    }
  }
}

const sorted = Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b)));
const header = `// GENERATED by test/tools/generate-sensitive-attributes.mjs — do not edit; re-run the script.
// Terraform resource type -> top-level attributes its provider's schema marks
// Sensitive. Provenance: ${JSON.stringify(sources)}.
// Generated ${new Date().toISOString().slice(0, 10)}; ${Object.keys(sorted).length} resource types; ${unmatched.length} Pulumi resources with secrets left unmatched (listed below).
`;
const body = `${header}
/** Where the data came from: provider, provider version, and the generated packages read. */
export const TERRAFORM_SENSITIVE_SOURCES: readonly { provider: string; terraformProviderVersion: string; sensitivity: string; names: string }[] = ${JSON.stringify(sources, null, 2)};

/** Terraform resource type -> sensitive top-level attribute names. */
export const TERRAFORM_SENSITIVE: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(sorted, null, 2)};

/** Pulumi resources whose secrets could not be tied to a Terraform type (kept for review, not used). */
export const TERRAFORM_SENSITIVE_UNMATCHED: readonly { token: string; secrets: readonly string[]; bestSimilarity: number }[] = ${JSON.stringify(unmatched, null, 2)};
`;
if (!existsSync(new URL(".", OUT))) mkdirSync(new URL(".", OUT), { recursive: true });
writeFileSync(OUT, body);
process.stderr.write(`${Object.keys(sorted).length} resource types, ${unmatched.length} unmatched -> ${OUT.pathname}\n`);
