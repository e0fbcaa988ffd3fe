import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

const WORLD = new Set(["0.0.0.0/0", "::/0", "*"]);

/** What a source says about a Kubernetes API endpoint: private only, and the ranges allowed on a public one. */
interface EndpointFacts {
  /** true: reachable only privately; false: a public endpoint exists; undefined: the source does not say. */
  privateOnly?: boolean;
  /** CIDRs allowed to reach the public endpoint; undefined when the source does not say. */
  ranges?: string[];
}

const strings = (value: unknown): string[] => asList(value).filter((v): v is string => typeof v === "string");

/**
 * Reads the endpoint settings of the shapes that carry them: EKS (Terraform
 * `vpc_config`, AWS Config item `ResourcesVpcConfig`), AKS (Terraform `private_cluster_enabled` and
 * `api_server_access_profile`, ARM `properties.apiServerAccessProfile`) and GKE
 * (Terraform `private_cluster_config` / `master_authorized_networks_config`,
 * Cloud Asset `privateClusterConfig` / `masterAuthorizedNetworksConfig`).
 */
function endpointFacts(a: Record<string, unknown>): EndpointFacts | undefined {
  // EKS, Terraform: endpoint_public_access false means private only; public_access_cidrs limits a public one.
  const eks = asRecord(asList(a.vpc_config)[0]);
  if (eks && "endpoint_public_access" in eks) {
    if (typeof eks.endpoint_public_access !== "boolean") return {};
    return { privateOnly: !eks.endpoint_public_access, ranges: Array.isArray(eks.public_access_cidrs) ? strings(eks.public_access_cidrs) : undefined };
  }
  // EKS, AWS Config item: CloudFormation-style names (configuration.ResourcesVpcConfig.EndpointPublicAccess,
  // .PublicAccessCidrs in the AWS Config resource schema, github.com/awslabs/aws-config-resource-schema).
  const eksItem = asRecord(a.ResourcesVpcConfig);
  if (eksItem && "EndpointPublicAccess" in eksItem) {
    if (typeof eksItem.EndpointPublicAccess !== "boolean") return {};
    return { privateOnly: !eksItem.EndpointPublicAccess, ranges: Array.isArray(eksItem.PublicAccessCidrs) ? strings(eksItem.PublicAccessCidrs) : undefined };
  }
  // AKS, Terraform.
  if ("private_cluster_enabled" in a) {
    const profile = asRecord(asList(a.api_server_access_profile)[0]);
    // Newer providers: api_server_access_profile[0].authorized_ip_ranges; older ones: a top-level list.
    // An empty block list in state means no profile, so no authorized ranges.
    const ranges = [...strings(profile?.authorized_ip_ranges), ...strings(a.api_server_authorized_ip_ranges)];
    const stated = Array.isArray(a.api_server_access_profile) || Array.isArray(a.api_server_authorized_ip_ranges);
    return {
      privateOnly: typeof a.private_cluster_enabled === "boolean" ? a.private_cluster_enabled : undefined,
      ranges: stated ? ranges : undefined,
    };
  }
  // AKS, ARM / Resource Graph (the profile is omitted when nothing in it is set: unknown, not met).
  const properties = asRecord(a.properties);
  const aks = asRecord(properties?.apiServerAccessProfile);
  if (aks) {
    return {
      privateOnly: typeof aks.enablePrivateCluster === "boolean" ? aks.enablePrivateCluster : undefined,
      ranges: Array.isArray(aks.authorizedIPRanges) ? strings(aks.authorizedIPRanges) : undefined,
    };
  }
  // GKE, Terraform: the state records an absent block as an empty list, so [] means "not configured".
  if (Array.isArray(a.private_cluster_config) && Array.isArray(a.master_authorized_networks_config)) {
    const privateConfig = asRecord(a.private_cluster_config[0]);
    const networks = asRecord(a.master_authorized_networks_config[0]);
    return {
      privateOnly: privateConfig ? privateConfig.enable_private_endpoint === true : false,
      ranges: networks ? asList(networks.cidr_blocks).map((b) => String(asRecord(b)?.cidr_block ?? "")) : [],
    };
  }
  // GKE, Cloud Asset (the Cluster resource of the GKE API).
  const gkePrivate = asRecord(a.privateClusterConfig);
  const gkeNetworks = asRecord(a.masterAuthorizedNetworksConfig);
  if (gkePrivate || gkeNetworks) {
    return {
      privateOnly: typeof gkePrivate?.enablePrivateEndpoint === "boolean" ? gkePrivate.enablePrivateEndpoint : undefined,
      ranges:
        gkeNetworks?.enabled === true ? asList(gkeNetworks.cidrBlocks).map((b) => String(asRecord(b)?.cidrBlock ?? "")) : gkeNetworks?.enabled === false ? [] : undefined,
    };
  }
  return undefined;
}

/**
 * A managed Kubernetes API endpoint is not open to the whole internet: it is
 * private only, or its public endpoint admits only listed ranges, none of
 * them 0.0.0.0/0. Unknown when the source does not carry the setting.
 */
export function noWorldOpenClusterEndpoint(attributes: Record<string, unknown>): TestResult {
  const facts = endpointFacts(attributes);
  if (!facts) return unknown("the source does not show the API endpoint's access settings");
  if (facts.privateOnly === true) return met("the API endpoint is private only");
  const open = (facts.ranges ?? []).filter((r) => WORLD.has(r.trim()));
  // Listed ranges, none world-open, restrict the endpoint whatever the private flag says (or omits).
  if (facts.ranges && facts.ranges.length > 0 && open.length === 0) return met(`public API endpoint limited to ${facts.ranges.length} authorized range(s)`);
  if (facts.privateOnly === undefined) return unknown("the source does not show whether the API endpoint is public");
  if (facts.ranges === undefined) return unknown("public API endpoint; the source does not show its authorized ranges");
  if (open.length > 0) return notMet(`public API endpoint open to ${open.join(", ")}`);
  return notMet("public API endpoint with no authorized ranges");
}
