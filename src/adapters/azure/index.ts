/**
 * cloud-srm/azure: live, read-only inventory of Azure subscriptions,
 * management groups and whole tenants through Resource Graph and Azure
 * Resource Manager, with the official Azure SDK (optional peer dependencies,
 * loaded only when a run starts).
 *
 * ```ts
 * import { azureInventory } from "cloud-srm/azure";
 * const run = azureInventory({ managementGroup: "contoso" });
 * for await (const resource of run) console.log(resource.uid);
 * const { scopes, errors } = await run.result;
 * ```
 */
export { azureInventory, AzureInventoryRun, MAX_BATCH, RESOURCES_QUERY, GROUPS_QUERY } from "./inventory.js";
export { AZURE_CLOUDS } from "./clouds.js";
export { AZURE_PACKAGES } from "./sdk.js";
export type * from "./types.js";
export type { ScopeStatus, ScopeSummary, ScopeError } from "../core/types.js";
