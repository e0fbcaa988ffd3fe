import { FRAMEWORKS } from "../schema/constants.js";
import type { DocumentOptions } from "../render/documents.js";
import type { Framework } from "../types.js";
import { UsageError, type CliIo } from "./io.js";

/** The package version, set at build time (tsup and vitest define it). */
declare const __CLOUD_SRM_VERSION__: string;

/** `--framework`, `--oscal-version` and `--title`, shared by matrix and report. */
export const DOCUMENT_OPTIONS = {
  framework: { type: "string" },
  "oscal-version": { type: "string" },
  title: { type: "string" },
} as const;

export const DOCUMENT_OPTIONS_HELP = `  --framework <f>    group rows by a framework's ids (md, html, csv, xlsx):
                     ${FRAMEWORKS.join(", ")}
  --oscal-version <v>  1.2.1 (default) or 1.1.3 (oscal-ssp, oscal-component,
                     oscal-ar)
  --title <text>     document title`;

export function documentOptions(
  values: { framework?: string | undefined; "oscal-version"?: string | undefined; title?: string | undefined },
  now: Date,
): DocumentOptions {
  const options: DocumentOptions = { now, toolVersion: __CLOUD_SRM_VERSION__ };
  if (values.framework !== undefined) {
    if (!(FRAMEWORKS as readonly string[]).includes(values.framework)) throw new UsageError(`unknown --framework "${values.framework}" (expected ${FRAMEWORKS.join(", ")})`);
    options.framework = values.framework as Framework;
  }
  const version = values["oscal-version"];
  if (version !== undefined) {
    if (version !== "1.1.3" && version !== "1.2.1") throw new UsageError(`unknown --oscal-version "${version}" (expected 1.2.1 or 1.1.3)`);
    options.oscalVersion = version;
  }
  if (values.title !== undefined) options.title = values.title;
  return options;
}

/** XLSX is binary: refuse to spray it on a terminal. */
export function checkBinaryTarget(format: string, output: string | undefined, io: CliIo): void {
  if ((format === "xlsx" || format === "parquet") && !output && io.stdout.isTTY) {
    throw new UsageError(`${format} is a binary format: use --output FILE (or redirect stdout)`);
  }
}
