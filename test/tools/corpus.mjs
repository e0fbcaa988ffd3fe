#!/usr/bin/env node
// Imports every file under a folder and prints, per file: the importer kind
// that read it best, records seen in the source (imported + skipped +
// rejected), imported, mapped to a catalog service, skipped (deleted items,
// notifications), rejected (with the first reason), and secrets found in the
// output (must be 0: a value that redaction would still change, or a secret
// pattern anywhere in the NDJSON or the problem messages).
//
// Usage: npm run build && npm run corpus -- DIR [--markdown]
//   (node test/tools/corpus.mjs DIR [--markdown] [--dist PATH] for another build)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const distIndex = args.indexOf("--dist");
const dist = distIndex >= 0 ? args.splice(distIndex, 2)[1] : new URL("../../dist/", import.meta.url).pathname;
const markdown = args.includes("--markdown");
const dir = args.find((a) => !a.startsWith("--"));
if (!dir) {
  process.stderr.write("usage: npm run corpus -- DIR [--markdown]\n");
  process.exit(2);
}

const lib = await import(pathToFileURL(join(dist, "index.js")).href);
const { importInventory, builtinCatalog, IMPORT_KINDS } = lib;
// The checks always come from this repository's build, so an older build (--dist) is measured by today's rules.
const own = await import(new URL("../../dist/index.js", import.meta.url).href).catch(() => ({}));
const redact = own.countSecrets ? own : lib.countSecrets ? lib : undefined;
const catalog = builtinCatalog();
const now = new Date("2026-01-01T00:00:00Z");

function* files(path) {
  for (const name of readdirSync(path).sort()) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (!/\.(md|rst|txt)$/i.test(name)) yield full;
  }
}

async function importAs(kind, file) {
  const resources = [];
  const problems = [];
  for await (const r of importInventory(kind, await inputOf(file), { now: () => now, onProblem: (p) => problems.push(p) })) resources.push(r);
  return { kind, resources, problems };
}

/**
 * Test harnesses keep API payloads in an envelope (Cloud Custodian's placebo
 * `{status_code, data}`, VCR cassettes' `interactions[].response.body`, GCP
 * flights' `{headers, body}`). The importers read the payload, not the
 * envelope: this command unwraps it (and says so in the kind column).
 */
const envelopes = new Map();
async function inputOf(file) {
  let value;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return file;
  }
  const body = (b) => (typeof b === "string" ? JSON.parse(b) : b?.string !== undefined ? JSON.parse(b.string) : (b?.data ?? b));
  let payload;
  if (value && typeof value === "object" && "status_code" in value && "data" in value) {
    payload = [value.data];
    envelopes.set(file, "placebo");
  } else if (Array.isArray(value?.interactions)) {
    payload = value.interactions.map((i) => body(i.response?.body));
    envelopes.set(file, "cassette");
  } else if (value && typeof value === "object" && "headers" in value && "body" in value) {
    payload = [body(value.body)];
    envelopes.set(file, "flight");
  }
  if (!payload) return file;
  return { text: payload.map((p) => JSON.stringify(p)).join("\n"), name: file };
}

/** The kind that imports the most records with the fewest problems (the folder name breaks ties). */
async function bestImport(file) {
  let best;
  for (const kind of IMPORT_KINDS) {
    const result = await importAs(kind, file);
    const score = result.resources.length * 1000 - result.problems.length + (file.includes(kind) ? 0.5 : 0);
    if (!best || score > best.score) best = { ...result, score };
  }
  return best;
}

function secretsIn(resources, problems) {
  if (!redact) return "n/a";
  let count = 0;
  for (const r of resources) {
    count += redact.countSecrets(r);
    count += redact.findSecretPatterns(JSON.stringify(r)).length;
  }
  for (const p of problems) count += redact.findSecretPatterns(p.message).length;
  return count;
}

const rows = [];
const totals = { files: 0, seen: 0, imported: 0, mapped: 0, skipped: 0, rejected: 0, secrets: 0 };
for (const file of files(dir)) {
  const { kind, resources, problems } = await bestImport(file);
  const mapped = resources.filter((r) => catalog.findServiceForResource(r.type, r.attributes, r.typeSystem)).length;
  const rejected = problems.length;
  const secrets = secretsIn(resources, problems);
  const reason = problems[0] ? `${problems[0].position}: ${problems[0].message}`.slice(0, 140) : "";
  rows.push({ file: relative(dir, file), kind: envelopes.has(file) ? `${kind} (in ${envelopes.get(file)} envelope)` : kind, seen: resources.length + rejected, imported: resources.length, mapped, rejected, secrets, reason });
  totals.files++;
  totals.seen += resources.length + rejected;
  totals.imported += resources.length;
  totals.mapped += mapped;
  totals.rejected += rejected;
  if (typeof secrets === "number") totals.secrets += secrets;
}

if (markdown) {
  const esc = (s) => String(s).replace(/\|/g, "\\|");
  console.log("| file | kind | records | imported | mapped | rejected | secrets in output | first problem |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${esc(r.file)} | ${r.kind} | ${r.seen} | ${r.imported} | ${r.mapped} | ${r.rejected} | ${r.secrets} | ${esc(r.reason)} |`);
  console.log(`| **${totals.files} files** | | ${totals.seen} | ${totals.imported} | ${totals.mapped} | ${totals.rejected} | ${totals.secrets} | |`);
} else {
  for (const r of rows) console.log([r.file, r.kind, r.seen, r.imported, r.mapped, r.rejected, r.secrets, r.reason].join("\t"));
  console.log(["TOTAL", `${totals.files} files`, totals.seen, totals.imported, totals.mapped, totals.rejected, totals.secrets].join("\t"));
}
process.exitCode = totals.secrets > 0 ? 1 : 0;
