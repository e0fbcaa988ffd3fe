/**
 * cloud-srm/gcp: live, read-only inventory of Google Cloud projects, folders
 * and organizations through Cloud Asset Inventory (`@google-cloud/asset`, an
 * optional peer dependency loaded only when a run starts).
 *
 * ```ts
 * import { gcpInventory } from "cloud-srm/gcp";
 * const run = gcpInventory({ scope: "organizations/123456789", quotaProject: "my-admin-project" });
 * for await (const resource of run) console.log(resource.uid);
 * const { scopes, errors } = await run.result;
 * ```
 */
export { gcpInventory, GcpInventoryRun, ORGANIZATION_TYPE, FOLDER_TYPE, PROJECT_TYPE } from "./inventory.js";
export { parseScope } from "./scope.js";
export { catalogAssetTypes } from "./asset-types.js";
export { GCP_PACKAGES } from "./sdk.js";
export type * from "./types.js";
