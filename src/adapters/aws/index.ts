/**
 * cloud-srm/aws: live, read-only inventory of AWS accounts, regions and
 * Organizations through the official AWS SDK v3 clients (optional peer
 * dependencies, loaded only when a run starts).
 *
 * ```ts
 * import { awsInventory } from "cloud-srm/aws";
 * const run = awsInventory({ regions: ["eu-west-1"], config: true });
 * for await (const resource of run) console.log(resource.uid);
 * const { errors } = await run.result;
 * ```
 */
export { awsInventory, AwsInventoryRun, AWS_DEFAULT_REGIONS, CONFIG_QUERY } from "./inventory.js";
export { AWS_PACKAGES } from "./sdk.js";
export type * from "./types.js";
