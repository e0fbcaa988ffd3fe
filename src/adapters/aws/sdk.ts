/**
 * The AWS SDK v3 clients, imported on first use: they are optional peer
 * dependencies (each costs tens of milliseconds to load), so `import
 * "cloud-srm"` and even `import "cloud-srm/aws"` load none of them until an
 * inventory runs. A missing one is reported with the command that installs it.
 */
import type * as Sts from "@aws-sdk/client-sts";
import type * as Organizations from "@aws-sdk/client-organizations";
import type * as ResourceExplorer from "@aws-sdk/client-resource-explorer-2";
import type * as Tagging from "@aws-sdk/client-resource-groups-tagging-api";
import type * as ConfigService from "@aws-sdk/client-config-service";
import { CloudSrmError } from "../../errors.js";

export type { Sts, Organizations, ResourceExplorer, Tagging, ConfigService };

/** The SDK packages the adapter can use, by the short name clients are known by. */
export const AWS_PACKAGES = {
  sts: "@aws-sdk/client-sts",
  organizations: "@aws-sdk/client-organizations",
  resourceExplorer: "@aws-sdk/client-resource-explorer-2",
  tagging: "@aws-sdk/client-resource-groups-tagging-api",
  config: "@aws-sdk/client-config-service",
} as const;

/** sts | organizations | resourceExplorer | tagging | config */
export type AwsServiceName = keyof typeof AWS_PACKAGES;

export interface AwsSdk {
  sts: typeof Sts;
  organizations?: typeof Organizations;
  resourceExplorer?: typeof ResourceExplorer;
  tagging?: typeof Tagging;
  config?: typeof ConfigService;
}

// Literal specifiers (not a variable) so bundlers see them and keep them
// external, and so each is loaded only when asked for.
const LOADERS: { [K in AwsServiceName]: () => Promise<unknown> } = {
  sts: () => import("@aws-sdk/client-sts"),
  organizations: () => import("@aws-sdk/client-organizations"),
  resourceExplorer: () => import("@aws-sdk/client-resource-explorer-2"),
  tagging: () => import("@aws-sdk/client-resource-groups-tagging-api"),
  config: () => import("@aws-sdk/client-config-service"),
};

/** Loads the SDK clients a run needs; a missing package becomes one clear error naming the install command. */
export async function loadSdk(services: readonly AwsServiceName[]): Promise<AwsSdk> {
  const missing: string[] = [];
  const sdk: Partial<Record<AwsServiceName, unknown>> = {};
  await Promise.all(
    [...new Set<AwsServiceName>(["sts", ...services])].map(async (service) => {
      try {
        sdk[service] = await LOADERS[service]();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
        missing.push(AWS_PACKAGES[service]);
      }
    }),
  );
  if (missing.length) {
    missing.sort();
    throw new CloudSrmError(
      "MISSING_PEER_DEPENDENCY",
      `the AWS adapter needs ${missing.join(", ")} (optional peer dependenc${missing.length === 1 ? "y" : "ies"}): npm install ${missing.join(" ")}`,
    );
  }
  return sdk as unknown as AwsSdk;
}
