import type { EvidenceCheck } from "../../types.js";
import { noWorldOpenAdminPorts } from "./admin-ports.js";
import { noExternalIp } from "./external-ip.js";
import { noWorldOpenClusterEndpoint } from "./cluster-endpoint.js";
import { automaticRotationPolicy } from "./rotation-policy.js";
import { noWildcardIamAction } from "./iam-wildcard.js";
import { allPublicAccessBlocked } from "./public-access-block.js";
import { noDefaultServiceAccountFullScope } from "./default-service-account.js";
import { noPublicMembers } from "./public-members.js";
import { noSecretEnvVars } from "./secret-env-vars.js";
import type { TestResult } from "../result.js";

type NamedTest = NonNullable<EvidenceCheck["test"]>;

/** The named evidence tests a catalog check can use with `test:`. */
export const NAMED_TESTS: Record<NamedTest, (attributes: Record<string, unknown>) => TestResult> = {
  "no-world-open-admin-ports": noWorldOpenAdminPorts,
  "no-wildcard-iam-action": noWildcardIamAction,
  "no-external-ip": noExternalIp,
  "all-public-access-blocked": allPublicAccessBlocked,
  "no-secret-env-vars": noSecretEnvVars,
  "no-default-service-account-full-scope": noDefaultServiceAccountFullScope,
  "no-public-members": noPublicMembers,
  "no-world-open-cluster-endpoint": noWorldOpenClusterEndpoint,
  "automatic-rotation-policy": automaticRotationPolicy,
};
