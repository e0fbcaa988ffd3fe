/**
 * Which asset types a GCP run lists. By default those the catalog knows
 * (every service's `gcp-asset` types: a resource of any other type would
 * only be reported as an unknown service) plus the containers (organization,
 * folders, projects), so a large organization is not paged through for
 * assets no evidence can use. `"all"` asks Cloud Asset for every type.
 */
export const ORGANIZATION_TYPE = "cloudresourcemanager.googleapis.com/Organization";
export const FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder";
export const PROJECT_TYPE = "cloudresourcemanager.googleapis.com/Project";
export const CONTAINER_TYPES: readonly string[] = [ORGANIZATION_TYPE, FOLDER_TYPE, PROJECT_TYPE];

/** The part of a catalog the type list comes from (a `Catalog`, with or without overlays). */
export interface AssetTypeCatalog {
  readonly services: readonly { readonly types?: { readonly "gcp-asset"?: readonly string[] } | undefined }[];
}

/** The catalog's GCP asset types and the containers, sorted, each once. */
export function catalogAssetTypes(catalog: AssetTypeCatalog): string[] {
  const types = new Set<string>(CONTAINER_TYPES);
  for (const service of catalog.services) for (const type of service.types?.["gcp-asset"] ?? []) types.add(type);
  return [...types].sort();
}

/**
 * The `assetTypes` of a ListAssets request for a project: `[]` (every type)
 * for "all"; the types asked for plus the project itself; or the catalog's
 * (the built-in one unless a catalog is given, read only when a run starts).
 */
export async function resolveAssetTypes(assetTypes: readonly string[] | "all" | undefined, catalog: AssetTypeCatalog | undefined): Promise<string[]> {
  if (assetTypes === "all") return [];
  if (assetTypes?.length) return [...new Set([...assetTypes, PROJECT_TYPE])];
  if (catalog) return catalogAssetTypes(catalog);
  const { builtinCatalog } = await import("../../catalog/builtin.js");
  return catalogAssetTypes(builtinCatalog());
}
