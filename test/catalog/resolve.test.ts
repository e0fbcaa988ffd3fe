import { describe, expect, it } from "vitest";
import { builtinCatalog, CloudSrmError, diffMatrices, detectTypeSystem } from "../../src/index.js";

const catalog = builtinCatalog();

describe("resolve", () => {
  it("layers the service over its model and says where each row came from", () => {
    const rds = catalog.resolve("aws.rds");
    expect(rds.subject).toEqual({ kind: "service", id: "aws.rds", name: "Amazon RDS", model: "paas", provider: "aws" });
    const encryption = rds.rows.find((r) => r.control === "data.encryption-at-rest")!;
    expect(encryption).toMatchObject({ owner: "shared", default: "off", origin: "service" });
    expect(encryption.verify?.cli).toContain("StorageEncrypted");
    expect(encryption.sources[0]).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    const facilities = rds.rows.find((r) => r.control === "physical.facilities")!;
    expect(facilities).toMatchObject({ owner: "provider", origin: "model" });
    // A model-default row of an AWS service cites AWS's model page, not Azure's or Google's.
    expect(facilities.sources).toEqual(["https://aws.amazon.com/compliance/shared-responsibility-model/"]);
    expect(facilities.frameworks["nist-800-53"]).toContain("pe-3");
  });

  it("sends Azure resources to their own lines: variants by attribute, moved types by type", () => {
    const service = (type: string, attributes?: unknown, system?: "arm" | "terraform") => catalog.findServiceForResource(type, attributes, system)?.id;
    const os = (osType: string) => ({ properties: { storageProfile: { osDisk: { osType } } } });
    expect(service("Microsoft.Compute/virtualMachines", os("Windows"))).toBe("azure.virtual-machines-windows");
    expect(service("Microsoft.Compute/virtualMachines", os("Linux"))).toBe("azure.virtual-machines");
    expect(service("azurerm_windows_virtual_machine", {}, "terraform")).toBe("azure.virtual-machines-windows");
    expect(service("Microsoft.Network/virtualNetworkGateways", { properties: { gatewayType: "Vpn" } })).toBe("azure.vpn-gateway");
    expect(service("Microsoft.Network/virtualNetworkGateways", { properties: { gatewayType: "ExpressRoute" } })).toBe("azure.virtual-network");
    expect(service("azurerm_virtual_network_gateway", { type: "Vpn" }, "terraform")).toBe("azure.vpn-gateway");
    expect(service("Microsoft.Network/publicIPAddresses")).toBe("azure.public-ip");
    expect(service("Microsoft.Network/privateEndpoints")).toBe("azure.private-link");
    expect(service("Microsoft.Network/FrontDoorWebApplicationFirewallPolicies")).toBe("azure.web-application-firewall");
    expect(service("Microsoft.RecoveryServices/vaults/replicationPolicies")).toBe("azure.site-recovery");
    expect(service("Microsoft.RecoveryServices/vaults")).toBe("azure.backup");
    // The Windows line states what the shared VM line cannot: Windows Automatic Updates are on by default.
    const patching = (id: string) => catalog.resolve(id).rows.find((r) => r.control === "platform.guest-os-patching")?.default;
    expect(patching("azure.virtual-machines-windows")).toBe("on");
  });

  it("resolves a service model on its own", () => {
    const iaas = catalog.resolve("iaas");
    expect(iaas.subject).toMatchObject({ kind: "model", id: "iaas", model: "iaas" });
    expect(iaas.rows.every((r) => r.origin === "model")).toBe(true);
    expect(iaas.rows).toHaveLength(catalog.controls.length);
  });

  it("throws a clear error with a suggestion for an unknown id", () => {
    expect(() => catalog.resolve("aws.rsd")).toThrowError(CloudSrmError);
    expect(() => catalog.resolve("aws.rsd")).toThrowError(/unknown service or model "aws\.rsd" \(did you mean "aws\.rds"\?\)/);
  });

  it("finds services by native type in every type system", () => {
    expect(catalog.findServiceByType("AWS::RDS::DBInstance")?.id).toBe("aws.rds");
    expect(catalog.findServiceByType("rds:db")?.id).toBe("aws.rds");
    expect(catalog.findServiceByType("aws_db_instance")?.id).toBe("aws.rds");
    expect(catalog.findServiceByType("aws_db_instance", "terraform")?.id).toBe("aws.rds");
    expect(catalog.findServiceByType("AWS::Nope::Thing")).toBeUndefined();
    expect(catalog.findServiceByType("not a type")).toBeUndefined();
  });

  it("detects type systems from the shape of a type", () => {
    expect(detectTypeSystem("AWS::S3::Bucket")).toBe("cloudformation");
    expect(detectTypeSystem("aws_s3_bucket")).toBe("terraform");
    expect(detectTypeSystem("Microsoft.Compute/virtualMachines")).toBe("arm");
    expect(detectTypeSystem("microsoft.storage/storageaccounts")).toBe("arm");
    expect(detectTypeSystem("compute.googleapis.com/Instance")).toBe("gcp-asset");
    expect(detectTypeSystem("ec2:instance")).toBe("arn");
    expect(detectTypeSystem("???")).toBeUndefined();
  });
});

describe("diffMatrices", () => {
  it("says what a customer takes on and hands over between two matrices", () => {
    const diff = diffMatrices(catalog.resolve("iaas"), catalog.resolve("faas"));
    const handed = diff.handsOver.map((e) => e.control);
    expect(handed).toEqual(expect.arrayContaining(["platform.guest-os-patching", "platform.os-hardening", "data.encryption-at-rest"]));
    expect(diff.handsOver.find((e) => e.control === "platform.guest-os-patching")).toMatchObject({ from: "customer", to: "provider" });
    expect(diff.takesOn).toEqual([]);
    // Moving back takes the same duties on again.
    const back = diffMatrices(catalog.resolve("faas"), catalog.resolve("iaas"));
    expect(back.takesOn.map((e) => e.control).sort()).toEqual(handed.sort());
    expect(diff.unchanged).toContain("identity.mfa");
    expect(diff.takesOn.length + diff.handsOver.length + diff.changed.length + diff.unchanged.length).toBe(catalog.controls.length);
  });
});

describe("matrix rows", () => {
  it("keep every schema field, in one fixed key order", async () => {
    const { ROW_KEYS } = await import("../../src/catalog/resolve.js");
    const { MatrixRowSchema } = await import("../../src/schema/index.js");
    expect([...ROW_KEYS].sort()).toEqual(Object.keys(MatrixRowSchema.shape).sort());
    const row = catalog.resolve("aws.rds").rows.find((r) => r.control === "data.encryption-at-rest")!;
    expect(Object.keys(row)).toEqual(ROW_KEYS.filter((k) => row[k] !== undefined));
  });
});
