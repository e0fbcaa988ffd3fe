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
import { s3ServerAccessLogging } from "./s3-access-logging.js";
import { dataAccessAuditLogs } from "./audit-log-config.js";
import { noDefaultServiceAccount } from "./default-service-account-any.js";
import { osLoginEnabled } from "./os-login.js";
import { noWorldOpenAuthorizedNetworks } from "./authorized-networks.js";
import { listenerEncrypted } from "./listener-encrypted.js";
import { eksAuditLog } from "./eks-audit-log.js";
import { noPublicTrustPolicy, requiresSecureTransport } from "./policy-statements.js";
import { noBasicRoles } from "./basic-roles.js";
import { noPrivilegedContainers } from "./privileged-containers.js";
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
  "s3-server-access-logging": s3ServerAccessLogging,
  "data-access-audit-logs": dataAccessAuditLogs,
  "no-default-service-account": noDefaultServiceAccount,
  "os-login-enabled": osLoginEnabled,
  "no-world-open-authorized-networks": noWorldOpenAuthorizedNetworks,
  "listener-encrypted": listenerEncrypted,
  "eks-audit-log": eksAuditLog,
  "no-public-trust-policy": noPublicTrustPolicy,
  "requires-secure-transport": requiresSecureTransport,
  "no-basic-roles": noBasicRoles,
  "no-privileged-containers": noPrivilegedContainers,
};
