import { describe, expect, it } from "vitest";
import { NAMED_TESTS } from "../../src/evidence/checks/index.js";

// Shapes of no-world-open-cluster-endpoint that the report fixtures do not carry:
// older azurerm providers' top-level api_server_authorized_ip_ranges, IPv6 world
// ranges, EKS without public_access_cidrs, GKE authorized networks switched off.
const test = NAMED_TESTS["no-world-open-cluster-endpoint"];

describe("no-world-open-cluster-endpoint", () => {
  it.each([
    ["AKS, older provider, ranges at top level", { private_cluster_enabled: false, api_server_authorized_ip_ranges: ["198.51.100.0/24"] }, "met"],
    ["AKS, older provider, no ranges", { private_cluster_enabled: false, api_server_authorized_ip_ranges: [] }, "not-met"],
    ["AKS, newer provider, profile with a world range", { private_cluster_enabled: false, api_server_access_profile: [{ authorized_ip_ranges: ["10.0.0.0/8", "::/0"] }] }, "not-met"],
    ["AKS, private flag null", { private_cluster_enabled: null, api_server_access_profile: [] }, "unknown"],
    ["EKS, public without public_access_cidrs in the data", { vpc_config: [{ endpoint_public_access: true }] }, "unknown"],
    ["EKS, public access flag null", { vpc_config: [{ endpoint_public_access: null, public_access_cidrs: [] }] }, "unknown"],
    ["GKE asset, authorized networks off", { privateClusterConfig: { enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: { enabled: false } }, "not-met"],
    ["GKE asset, authorized networks on", { privateClusterConfig: { enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: { enabled: true, cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }] } }, "met"],
    ["GKE asset, no private cluster config, narrow networks", { masterAuthorizedNetworksConfig: { enabled: true, cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }] } }, "met"],
    ["GKE asset, no private cluster config, networks off", { masterAuthorizedNetworksConfig: { enabled: false } }, "unknown"],
    ["ARM, profile without the private flag, narrow ranges", { properties: { apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24"] } } }, "met"],
    ["ARM, profile without the private flag, world range", { properties: { apiServerAccessProfile: { authorizedIPRanges: ["0.0.0.0/0"] } } }, "unknown"],
  ])("%s: %s", (_name, attributes, status) => {
    expect(test(attributes as Record<string, unknown>).status).toBe(status);
  });
});
