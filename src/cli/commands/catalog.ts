import { mkdir, stat, readdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { validateOverlays } from "../../catalog/load.js";
import { readBuiltinCatalogData } from "../../catalog/builtin.js";
import { typeCoverage } from "../../catalog/coverage.js";
import { catalogSourcesMarkdown } from "../../render/catalog-sources.js";
import { readAllText } from "../../inventory/input.js";
import { CloudSrmError } from "../../errors.js";
import { formatProblem, type Problem } from "../../errors.js";
import { wrapTable } from "../../render/text-table.js";
import { csvRow } from "../../render/escape.js";
import { parse, pickFormat } from "../args.js";
import { catalogFrom, OVERLAY_OPTION } from "../catalog-option.js";
import { emit, UsageError, type CliIo } from "../io.js";
import type { Backlog } from "../../validate/lint-examined.js";

export const CATALOG_HELP = `Usage: cloud-srm catalog <command> [options]

Commands:
  list                  list services (--format table|json|csv, --model M, --provider P)
  show <id>             show a service, service model or control as JSON
  validate <file|dir>   check overlay files, a service file, or a catalog source directory;
                        one line per problem (file:line:column: field: reason), exit 1 on problems
  lint [dir]            validate a catalog source directory (default ./catalog) and report
                        the backlog of cells not yet examined (no stated default, inherited
                        unexamined); --prune removes backlog entries whose cells were fixed
  stats [dir]           per-provider figures (services, cells, cited and confirmed cells,
                        defaults stated, backlog, and weighted type coverage with --coverage
                        FILE, repeatable) as Markdown; --update FILE rewrites the generated
                        block in FILE (docs/catalog.md)
  build [dir]           validate a catalog source directory (default ./catalog) and
                        write the compiled catalog JSON (--output FILE, default stdout)
  coverage <file...>    how many native types in the files map to a service, and which do not
                        (one type per line, optionally "type count", further columns ignored);
                        weighted by the counts, per provider; --format text|json
  sources               the catalog's services, native types and cited documents as
                        Markdown (generates docs/catalog-sources.md)
  schemas --out-dir D   write the JSON Schemas for catalog, overlay and matrix files

Options:
  --catalog <file>  use a compiled catalog JSON instead of the built-in one (list, show)
  --overlay <file>  apply an overlay file (list, show; repeatable)
  -h, --help        show this help
`;

export async function catalogCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "list":
      return list(rest, io);
    case "show":
      return show(rest, io);
    case "validate":
      return validate(rest, io);
    case "build":
      return build(rest, io);
    case "lint":
      return lint(rest, io);
    case "stats":
      return stats(rest, io);
    case "schemas":
      return schemas(rest, io);
    case "coverage":
      return coverage(rest, io);
    case "sources":
      return sources(rest, io);
    case undefined:
    case "-h":
    case "--help":
      io.stdout.write(CATALOG_HELP);
      return sub === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown catalog command "${sub}" (expected list, show, validate, lint, stats, build, coverage, sources, schemas)`);
  }
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...OVERLAY_OPTION,
    format: { type: "string" },
    output: { type: "string" },
    model: { type: "string" },
    provider: { type: "string" },
  });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length > 0) throw new UsageError(`catalog list takes no arguments (got "${positionals[0]}")`);
  const format = pickFormat(values.format, ["table", "json", "csv"] as const, "table");
  const catalog = await catalogFrom(values);
  const services = catalog.services
    .filter((s) => !values.model || s.model === values.model)
    .filter((s) => !values.provider || s.provider === values.provider)
    .map((s) => ({
      id: s.id,
      name: s.name,
      provider: s.provider,
      model: s.model,
      ...(s.vendor ? { vendor: s.vendor } : {}),
      types: Object.values(s.types ?? {}).reduce((n, list) => n + (list?.length ?? 0), 0),
    }));
  let text: string;
  if (format === "json") text = `${JSON.stringify(services, null, 2)}\n`;
  else if (format === "csv") {
    text = csvRow(["id", "name", "provider", "model", "native_types"]);
    for (const s of services) text += csvRow([s.id, s.name, s.provider, s.model, String(s.types)]);
  } else {
    text =
      wrapTable(
        ["Service", "Name", "Provider", "Model", "Types"],
        services.map((s) => [s.id, s.name, s.provider, s.model, String(s.types)]),
        { width: 120, minWidths: [10, 10, 8, 5, 5], weights: [0, 0, 0, 0, 0] },
      ) + `\n${services.length} services\n`;
  }
  await emit(io, text, values.output);
  return 0;
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...OVERLAY_OPTION, output: { type: "string" } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length !== 1) throw new UsageError("catalog show takes one id, e.g. cloud-srm catalog show aws.rds");
  const id = positionals[0]!;
  const catalog = await catalogFrom(values);
  const found = catalog.getService(id) ?? catalog.getModel(id) ?? catalog.getControl(id);
  if (!found) {
    // resolve() throws the same "unknown id, did you mean" error the matrix command gives.
    catalog.resolve(id);
  }
  await emit(io, `${JSON.stringify(found, null, 2)}\n`, values.output);
  return 0;
}

async function validate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length === 0) throw new UsageError("catalog validate takes a file or directory");
  const problems: Problem[] = [];
  let checked = 0;
  for (const target of positionals) {
    const info = await stat(target).catch(() => undefined);
    if (!info) {
      problems.push({ file: target, message: "no such file or directory" });
      continue;
    }
    if (info.isDirectory() && (await isCatalogSource(target))) {
      const { compileCatalogDir } = await import("../../validate/compile-catalog.js");
      const result = await compileCatalogDir(target);
      problems.push(...result.problems);
      checked += result.files;
      continue;
    }
    const files = info.isDirectory() ? await overlayFiles(target) : [target];
    if (files.length === 0) problems.push({ file: target, message: "no .yaml, .yml or .json files found" });
    // A file with a top-level `id` is a catalog service file (a contributor's); the rest are overlays.
    const { readSourceFile } = await import("../../validate/source-file.js");
    const overlays: string[] = [];
    for (const file of files) {
      const source = await readSourceFile(file);
      const value = source.value as Record<string, unknown> | undefined;
      if (value && typeof value === "object" && "id" in value && !("overlay" in value)) {
        const { validateServiceFile } = await import("../../validate/service-file.js");
        problems.push(...validateServiceFile(source, readBuiltinCatalogData(), await backlogBeside(file, problems)));
      } else overlays.push(file);
    }
    if (overlays.length) problems.push(...(await validateOverlays(overlays)));
    checked += files.length;
  }
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  if (problems.length > 0) {
    io.stderr.write(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${checked} file${checked === 1 ? "" : "s"}\n`);
    return 1;
  }
  io.stderr.write(`ok: ${checked} file${checked === 1 ? "" : "s"} valid\n`);
  return 0;
}

async function build(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { output: { type: "string" } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length > 1) throw new UsageError("catalog build takes at most one directory");
  const dir = positionals[0] ?? "catalog";
  const { compileCatalogDir } = await import("../../validate/compile-catalog.js");
  const result = await compileCatalogDir(dir);
  if (!result.catalog) {
    for (const problem of result.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    io.stderr.write(`catalog build failed: ${result.problems.length} problem(s) in ${dir}\n`);
    return 1;
  }
  await emit(io, `${JSON.stringify(result.catalog)}\n`, values.output);
  const { controls, services } = result.catalog;
  io.stderr.write(`built ${services.length} services x ${controls.length} controls from ${result.files} files${values.output ? ` -> ${values.output}` : ""}\n`);
  return 0;
}

async function lint(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { prune: { type: "boolean" } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length > 1) throw new UsageError("catalog lint takes at most one directory");
  const dir = positionals[0] ?? "catalog";
  if (!(await isCatalogSource(dir))) throw new UsageError(`${dir} is not a catalog source directory (no controls.yaml)`);
  const { compileCatalogDir } = await import("../../validate/compile-catalog.js");
  let result = await compileCatalogDir(dir);
  if (values.prune && result.backlog) {
    // Only removes entries whose cells no longer violate; it never adds one.
    const { formatBacklog } = await import("../../validate/lint-examined.js");
    await writeFile(join(dir, "backlog.yaml"), formatBacklog(result.backlog.pruned));
    result = await compileCatalogDir(dir);
  }
  for (const problem of result.problems) io.stderr.write(`${formatProblem(problem)}\n`);
  const counts = result.backlog?.counts ?? { noDefault: 0, inherited: 0, services: 0 };
  io.stdout.write(
    `backlog: ${counts.noDefault} customer or shared cells without a stated default, ` +
      `${counts.inherited} inherited cells not examined, in ${counts.services} services\n`,
  );
  if (result.problems.length > 0) {
    io.stderr.write(`catalog lint: ${result.problems.length} problem(s) in ${dir}\n`);
    return 1;
  }
  io.stderr.write(`ok: ${result.files} files\n`);
  return 0;
}

async function stats(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { update: { type: "string" }, output: { type: "string" }, coverage: { type: "string", multiple: true } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length > 1) throw new UsageError("catalog stats takes at most one directory");
  const dir = positionals[0] ?? "catalog";
  if (!(await isCatalogSource(dir))) throw new UsageError(`${dir} is not a catalog source directory (no controls.yaml)`);
  const { compileCatalogDir } = await import("../../validate/compile-catalog.js");
  const { catalogStats, catalogStatsMarkdown, replaceStatsBlock } = await import("../../catalog/stats.js");
  const result = await compileCatalogDir(dir);
  if (!result.catalog) {
    for (const problem of result.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    io.stderr.write(`catalog stats: ${result.problems.length} problem(s) in ${dir}; run catalog lint\n`);
    return 1;
  }
  // Weighted type coverage per provider from frequency-weighted type lists (catalog coverage).
  let coverage = {};
  if (values.coverage?.length) {
    const { Catalog } = await import("../../catalog/catalog.js");
    const text = (await Promise.all(values.coverage.map((file) => readAllText(file, io.stdin as never)))).join("\n");
    try {
      coverage = typeCoverage(new Catalog(result.catalog), text).byProvider;
    } catch (error) {
      throw new CloudSrmError("INVALID_INPUT", `${values.coverage.join(", ")}: ${(error as Error).message}`);
    }
  }
  const block = catalogStatsMarkdown(catalogStats(result.catalog, result.backlog?.pruned, coverage));
  if (values.update) {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(values.update, "utf8");
    let next: string;
    try {
      next = replaceStatsBlock(text, block);
    } catch (error) {
      throw new CloudSrmError("INVALID_INPUT", `${values.update}: ${(error as Error).message}`);
    }
    await writeFile(values.update, next);
    io.stderr.write(`updated the catalog figures in ${values.update}\n`);
    return 0;
  }
  await emit(io, block, values.output);
  return 0;
}

async function schemas(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { "out-dir": { type: "string" } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  const dir = values["out-dir"];
  if (!dir) throw new UsageError("catalog schemas needs --out-dir DIR");
  const { jsonSchemas } = await import("../../validate/json-schemas.js");
  await mkdir(dir, { recursive: true });
  const all = jsonSchemas();
  for (const [name, schema] of Object.entries(all)) await writeFile(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  io.stderr.write(`wrote ${Object.keys(all).length} schemas to ${dir}\n`);
  return 0;
}

async function coverage(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...OVERLAY_OPTION, format: { type: "string" }, output: { type: "string" } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  if (positionals.length === 0) throw new UsageError("catalog coverage takes one or more files of native types (or - for stdin)");
  const format = pickFormat(values.format, ["text", "json"] as const, "text");
  const catalog = await catalogFrom(values);
  const texts: string[] = [];
  for (const file of positionals) {
    const text = await readAllText(file, io.stdin as never);
    try {
      typeCoverage(catalog, text); // checks this file alone, so a problem names the file it is in
    } catch (error) {
      throw new CloudSrmError("INVALID_INPUT", `${file}: ${(error as Error).message}`);
    }
    texts.push(text);
  }
  const result = typeCoverage(catalog, texts.join("\n"));
  let out: string;
  if (format === "json") out = `${JSON.stringify(result, null, 2)}\n`;
  else {
    const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
    out = `${result.mapped} of ${result.total} resources map to a service (${percent(result.ratio)}).\n`;
    const providers = Object.entries(result.byProvider);
    if (providers.length > 1) {
      out += `Weighted coverage per provider:\n${providers.map(([p, c]) => `  ${p.padEnd(8)} ${percent(c.ratio).padStart(6)}  (${c.mapped} of ${c.total})`).join("\n")}\n`;
    }
    const byService = new Map<string, number>();
    for (const t of result.types) if (t.service) byService.set(t.service, (byService.get(t.service) ?? 0) + t.count);
    out += [...byService.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s, n]) => `  ${s.padEnd(32)} ${n}`).join("\n");
    out += `\n${result.unmapped.length ? `Unmapped (${result.unmapped.length}):\n${result.types.filter((t) => !t.service).map((t) => `  ${t.type.padEnd(48)} ${t.count}`).join("\n")}` : "Unmapped: none"}\n`;
  }
  await emit(io, out, values.output);
  return 0;
}

async function sources(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { ...OVERLAY_OPTION, output: { type: "string" } });
  if (values.help) return io.stdout.write(CATALOG_HELP), 0;
  const catalog = await catalogFrom(values);
  await emit(io, catalogSourcesMarkdown(catalog), values.output);
  return 0;
}

/**
 * The backlog of the catalog source tree a service file sits in
 * (<catalog>/services/<provider>/<name>.yaml -> <catalog>/backlog.yaml), or
 * none: a file outside a catalog tree is a new service and must comply fully.
 */
async function backlogBeside(file: string, problems: Problem[]): Promise<Backlog> {
  const path = join(dirname(dirname(dirname(file))), "backlog.yaml");
  if (basename(dirname(dirname(file))) !== "services" || !(await stat(path).catch(() => undefined))) return {};
  const { readSourceFile } = await import("../../validate/source-file.js");
  const { parseWith } = await import("../../validate/compile-catalog.js");
  const { BacklogSchema } = await import("../../schema/index.js");
  return parseWith(await readSourceFile(path), BacklogSchema, problems) ?? {};
}

async function isCatalogSource(dir: string): Promise<boolean> {
  return stat(join(dir, "controls.yaml")).then(
    () => true,
    () => false,
  );
}

async function overlayFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}
