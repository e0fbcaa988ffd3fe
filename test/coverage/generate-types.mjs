#!/usr/bin/env node
// Builds the frequency-weighted resource-type lists in test/coverage/<provider>-types.tsv.
//
//   npm run build
//   node test/coverage/generate-types.mjs --corpus <dir> [--date YYYY-MM-DD]
//
// Inputs:
//   --corpus <dir>  a folder of real exports copied unmodified from public repositories (AWS Config
//                   configuration items, Tagging API / Resource Explorer replies, Terraform state and
//                   plan JSON, Resource Graph replies, Cloud Asset exports), laid out as CORPUS below
//                   says; every resource in them counts once.
//   test/coverage/public-code.tsv
//                   resource declarations counted in public CloudFormation, Terraform and Bicep files
//                   (repository, commit, path, type, count); every declaration counts once.
// Output: one list per provider, most frequent type first, with the sources each type was seen in.
// Types of no provider here (random_id, null_resource, ...) and strings that are no native type are
// dropped and listed in the header. The catalog is not read: the lists are what people run, not what
// the catalog knows.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { detectTypeSystem, parseArn } from "../../dist/index.js";

/** Where each corpus folder came from (the corpus README's table). */
const CORPUS = [
  { dir: "aws-config/rdk-example-ci", source: "awslabs/aws-config-rdk@bb24bcab6aa948cceebd96d7826f45176c152fa0:rdk/template/example_ci/" },
  { dir: "aws-config/cloud-custodian-placebo", source: "cloud-custodian/cloud-custodian@df800e9e94d0860e0d8fbfebd9bc5b9b2d50367d:tests/data/placebo/" },
  { dir: "aws-tagging-resource-explorer/cloud-custodian-placebo", source: "cloud-custodian/cloud-custodian@df800e9e94d0860e0d8fbfebd9bc5b9b2d50367d:tests/data/placebo/" },
  { dir: "aws-tagging-resource-explorer/docs", source: "aws/aws-cli@3096efebc92a9c67a6b44c05ac7438df1958c9b3:awscli/examples/resource-explorer-2/search.rst" },
  { dir: "azure/resource-graph", source: "cloud-custodian/cloud-custodian@df800e9e94d0860e0d8fbfebd9bc5b9b2d50367d:tools/c7n_azure/tests_azure/cassettes/" },
  { dir: "gcp/cai-export", file: /^forseti/, source: "forseti-security/forseti-security@9069bfb04e818e51f484d860a249de0d578d4cf3:tests/services/inventory/test_data/mock_cai_resources.dump" },
  { dir: "gcp/cai-export", file: /^policy-library/, source: "GoogleCloudPlatform/policy-library@4a2abc741583884dd38ca3b9bf2ff5a4d205a609:validator/test/fixtures/" },
  { dir: "gcp/search-all-resources", source: "cloud-custodian/cloud-custodian@df800e9e94d0860e0d8fbfebd9bc5b9b2d50367d:tools/c7n_gcp/tests/data/flights/instance-asset-query/" },
  { dir: "terraform/show-json", source: "terraform-compliance/cli@f45a4fe9b86c40d28a8fc5f29cce1d146cad3696:tests/functional/" },
  { dir: "terraform/state-v4", source: "snyk/driftctl@5be37ca7800cb20ef23d4dbe6800e4e0a70c5c44:pkg/iac/terraform/state/test/aws_s3_full/terraform.tfstate" },
];

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const corpus = option("--corpus");
if (!corpus) {
  console.error("usage: node test/coverage/generate-types.mjs --corpus <dir> [--date YYYY-MM-DD]");
  process.exit(2);
}
const date = option("--date") ?? new Date().toISOString().slice(0, 10);
const here = new URL(".", import.meta.url).pathname;

/** provider -> type -> { count, sources } */
const lists = { aws: new Map(), azure: new Map(), gcp: new Map() };
const dropped = new Map();

function providerOf(type) {
  const system = detectTypeSystem(type);
  if (system === "cloudformation" || system === "arn") return "aws";
  if (system === "arm") return "azure";
  if (system === "gcp-asset") return "gcp";
  if (system === "terraform") {
    if (type.startsWith("aws_")) return "aws";
    if (type.startsWith("azurerm_") || type.startsWith("azuread_")) return "azure";
    if (type.startsWith("google_")) return "gcp";
  }
  return undefined;
}

function add(type, count, source) {
  const provider = providerOf(type);
  if (!provider) {
    dropped.set(type, (dropped.get(type) ?? 0) + count);
    return;
  }
  const entry = lists[provider].get(type) ?? { count: 0, sources: new Set() };
  entry.count += count;
  entry.sources.add(source);
  lists[provider].set(type, entry);
}

/** ARN type as the catalog indexes it; the corpus has test accounts that are not 12 digits. */
function arnType(arn) {
  const parsed = parseArn(arn) ?? parseArn(arn.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d+:/, "$1000000000000:"));
  return parsed?.type;
}

/** Every object in a JSON value, including JSON documents held in strings (recorded HTTP bodies). */
function* objects(value) {
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        yield* objects(JSON.parse(text));
      } catch {
        /* not JSON */
      }
    }
  } else if (Array.isArray(value)) {
    for (const item of value) yield* objects(item);
  } else if (value && typeof value === "object") {
    yield value;
    for (const item of Object.values(value)) yield* objects(item);
  }
}

/** The resources one parsed export holds, as native types. */
function* typesIn(doc) {
  // Terraform state (v4): managed resources, one per instance.
  if (Array.isArray(doc?.resources) && doc.terraform_version) {
    for (const r of doc.resources) if (r.mode === "managed") yield [r.type, Math.max(1, r.instances?.length ?? 1)];
    return;
  }
  // Terraform plan JSON: one per managed resource change.
  if (Array.isArray(doc?.resource_changes)) {
    for (const r of doc.resource_changes) if (r.mode === "managed") yield [r.type, 1];
    return;
  }
  for (const o of objects(doc)) {
    // AWS Config configuration item (not a relationship, which also names a resourceType).
    if (typeof o.resourceType === "string" && ("configuration" in o || "configurationItemCaptureTime" in o)) yield [o.resourceType, 1];
    // AWS Config ListDiscoveredResources identifiers.
    else if (typeof o.resourceType === "string" && typeof o.resourceId === "string" && !("relationshipName" in o)) yield [o.resourceType, 1];
    // Tagging API GetResources.
    else if (typeof o.ResourceARN === "string") {
      const type = arnType(o.ResourceARN);
      if (type) yield [type, 1];
    }
    // Resource Explorer search results.
    else if (typeof o.ResourceType === "string" && typeof o.Arn === "string") yield [o.ResourceType, 1];
    // Cloud Asset export / search.
    else if (typeof (o.asset_type ?? o.assetType) === "string") yield [o.asset_type ?? o.assetType, 1];
    // Resource Graph row.
    else if (typeof o.type === "string" && typeof o.id === "string" && /^\/subscriptions\//i.test(o.id)) yield [o.type, 1];
  }
}

function* filesUnder(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

const read = [];
for (const { dir, file, source } of CORPUS) {
  const root = join(corpus, dir);
  for (const path of filesUnder(root)) {
    const name = relative(root, path);
    if (file && !file.test(name)) continue;
    const text = readFileSync(path, "utf8");
    let found = 0;
    const docs = [];
    try {
      docs.push(JSON.parse(text));
    } catch {
      // JSON lines, JSON inside reStructuredText, or a truncated file: take what parses.
      for (const line of text.split("\n")) {
        try {
          docs.push(JSON.parse(line));
        } catch {
          /* not a JSON line */
        }
      }
    }
    for (const doc of docs) {
      for (const [type, count] of typesIn(doc)) {
        add(type, count, source);
        found += count;
      }
    }
    if (found === 0) {
      // Resource Explorer replies inside reStructuredText, or a truncated configuration item.
      for (const m of text.matchAll(/"ResourceType"\s*:\s*"([a-z0-9-]+:[A-Za-z0-9-]+)"/g)) {
        add(m[1], 1, source);
        found++;
      }
      const ci = /"resourceType"\s*:\s*"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"/.exec(text);
      if (found === 0 && ci) {
        add(ci[1], 1, source);
        found++;
      }
    }
    read.push(`${dir}/${name}: ${found}`);
  }
}

const code = readFileSync(join(here, "public-code.tsv"), "utf8");
for (const line of code.split("\n")) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [repo, commit, path, type, count] = line.split("\t");
  add(type, Number(count), `${repo}@${commit}:${path.replace(/ \(.*\)$/, "")}`);
}

for (const [provider, types] of Object.entries(lists)) {
  const rows = [...types.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const total = rows.reduce((n, [, e]) => n + e.count, 0);
  const sources = [...new Set(rows.flatMap(([, e]) => [...e.sources]))].sort();
  const header = [
    `# ${provider} resource types, weighted by how often they occur in public exports and infrastructure code.`,
    `# Generated by test/coverage/generate-types.mjs on ${date}; do not edit by hand (add sources and regenerate).`,
    `# ${rows.length} types, ${total} resources. Columns: type, count, sources (short names below).`,
    `# Exports count each resource once; code counts each declaration once (test/coverage/public-code.tsv).`,
    `# Sources (repository@commit:path; Apache-2.0 or MIT):`,
    ...sources.map((s, i) => `#   s${i + 1} ${s}`),
  ];
  const body = rows.map(([type, e]) => `${type}\t${e.count}\t${[...e.sources].map((s) => `s${sources.indexOf(s) + 1}`).sort().join(",")}`);
  writeFileSync(join(here, `${provider}-types.tsv`), `${header.join("\n")}\n${body.join("\n")}\n`);
  console.error(`${provider}: ${rows.length} types, ${total} resources`);
}
console.error(`dropped (no provider here): ${[...dropped.entries()].map(([t, n]) => `${t} ${n}`).join(", ") || "none"}`);
for (const line of read) console.error(`  ${line}`);
