import type { Importer } from "../importer.js";

/** The export formats `cloud-srm inventory import <kind>` understands. */
export const IMPORT_KINDS = ["terraform", "aws-config", "aws-resources", "azure", "gcp"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * The importer for a kind, loaded on demand so that using one format does not
 * load the others.
 */
export async function importerFor(kind: ImportKind): Promise<Importer> {
  switch (kind) {
    case "terraform":
      return (await import("./terraform.js")).importTerraform;
    case "aws-config":
      return (await import("./aws-config.js")).importAwsConfig;
    case "aws-resources":
      return (await import("./aws-resources.js")).importAwsResources;
    case "azure":
      return (await import("./azure.js")).importAzure;
    case "gcp":
      return (await import("./gcp.js")).importGcp;
  }
}

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
