/**
 * The Azure SDK packages, imported on first use: they are optional peer
 * dependencies, so `import "cloud-srm"` and `import "cloud-srm/azure"` load
 * none of them until an inventory runs. A missing one is reported in one line
 * with the command that installs it.
 */
import type * as Identity from "@azure/identity";
import type * as ResourceGraph from "@azure/arm-resourcegraph";
import type * as Resources from "@azure/arm-resources";
import type * as Subscriptions from "@azure/arm-resources-subscriptions";
import type * as ManagementGroups from "@azure/arm-managementgroups";
import { CloudSrmError } from "../../errors.js";

export type { Identity, ResourceGraph, Resources, Subscriptions, ManagementGroups };

/** The SDK packages the adapter can use, by short name. */
export const AZURE_PACKAGES = {
  identity: "@azure/identity",
  resourceGraph: "@azure/arm-resourcegraph",
  resources: "@azure/arm-resources",
  subscriptions: "@azure/arm-resources-subscriptions",
  managementGroups: "@azure/arm-managementgroups",
} as const;

export type AzurePackageName = keyof typeof AZURE_PACKAGES;

export interface AzureSdk {
  identity?: typeof Identity;
  resourceGraph: typeof ResourceGraph;
  resources: typeof Resources;
  subscriptions: typeof Subscriptions;
  managementGroups?: typeof ManagementGroups;
}

// Literal specifiers (not a variable) so bundlers see them and keep them external.
const LOADERS: { [K in AzurePackageName]: () => Promise<unknown> } = {
  identity: () => import("@azure/identity"),
  resourceGraph: () => import("@azure/arm-resourcegraph"),
  resources: () => import("@azure/arm-resources"),
  subscriptions: () => import("@azure/arm-resources-subscriptions"),
  managementGroups: () => import("@azure/arm-managementgroups"),
};

/** Loads the packages a run needs; missing ones become one error naming the install command. */
export async function loadAzureSdk(names: readonly AzurePackageName[]): Promise<AzureSdk> {
  const missing: string[] = [];
  const sdk: Partial<Record<AzurePackageName, unknown>> = {};
  await Promise.all(
    [...new Set(names)].map(async (name) => {
      try {
        sdk[name] = await LOADERS[name]();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
        missing.push(AZURE_PACKAGES[name]);
      }
    }),
  );
  if (missing.length) {
    missing.sort();
    throw new CloudSrmError(
      "MISSING_PEER_DEPENDENCY",
      `the Azure adapter needs ${missing.join(", ")} (optional peer dependenc${missing.length === 1 ? "y" : "ies"}): npm install ${missing.join(" ")}`,
    );
  }
  return sdk as unknown as AzureSdk;
}
