import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/index.js";
import { Joiner } from "../../src/join/joiner.js";
import { noWorldOpenAdminPorts } from "../../src/evidence/checks/admin-ports.js";
import { noWildcardIamAction } from "../../src/evidence/checks/iam-wildcard.js";
import { noExternalIp } from "../../src/evidence/checks/external-ip.js";
import { allPublicAccessBlocked } from "../../src/evidence/checks/public-access-block.js";
import { resource } from "../support/resources.js";

const joiner = new Joiner(builtinCatalog());
const statusOf = (r: Parameters<typeof resource>[0], rule: string) =>
  joiner.join(resource(r)).evidence.find((e) => e.rule === rule)?.status;

describe("evidence rules in the catalog", () => {
  it("RDS: storage encryption, public accessibility, backup retention (AWS Config and Terraform shapes)", () => {
    const config = { type: "AWS::RDS::DBInstance", typeSystem: "cloudformation" as const };
    expect(statusOf({ ...config, attributes: { storageEncrypted: true } }, "aws.rds.storage-encrypted")).toBe("met");
    expect(statusOf({ ...config, attributes: { storageEncrypted: false } }, "aws.rds.storage-encrypted")).toBe("not-met");
    expect(statusOf({ ...config, attributes: {} }, "aws.rds.storage-encrypted")).toBe("unknown");
    expect(statusOf(config, "aws.rds.storage-encrypted")).toBe("unknown");
    const tf = { type: "aws_db_instance", typeSystem: "terraform" as const };
    expect(statusOf({ ...tf, attributes: { publicly_accessible: true } }, "aws.rds.not-publicly-accessible")).toBe("not-met");
    expect(statusOf({ ...tf, attributes: { publicly_accessible: false } }, "aws.rds.not-publicly-accessible")).toBe("met");
    expect(statusOf({ ...tf, attributes: { backup_retention_period: 1 } }, "aws.rds.backup-retention")).toBe("not-met");
    expect(statusOf({ ...tf, attributes: { backup_retention_period: 14 } }, "aws.rds.backup-retention")).toBe("met");
  });

  it("never claims met without data: a resource listing with no configuration is unknown", () => {
    const joined = joiner.join(resource({ type: "rds:db", typeSystem: "arn" }));
    expect(joined.service?.id).toBe("aws.rds");
    // ARN listings carry no configuration; the rules name CloudFormation/Terraform types only.
    expect(joined.evidence.every((e) => e.status !== "met")).toBe(true);
  });

  it("S3 Block Public Access and default encryption", () => {
    const bucket = { type: "AWS::S3::Bucket", typeSystem: "cloudformation" as const };
    const all = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    expect(statusOf({ ...bucket, attributes: { supplementaryConfiguration: { PublicAccessBlockConfiguration: all } } }, "aws.s3.public-access-blocked")).toBe("met");
    expect(
      statusOf({ ...bucket, attributes: { supplementaryConfiguration: { PublicAccessBlockConfiguration: { ...all, blockPublicPolicy: false } } } }, "aws.s3.public-access-blocked"),
    ).toBe("not-met");
    expect(statusOf({ ...bucket, attributes: { supplementaryConfiguration: {} } }, "aws.s3.public-access-blocked")).toBe("unknown");
    const pab = { type: "aws_s3_bucket_public_access_block", typeSystem: "terraform" as const };
    expect(statusOf({ ...pab, attributes: { block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: false } }, "aws.s3.public-access-blocked")).toBe("not-met");
    expect(
      statusOf({ ...bucket, attributes: { supplementaryConfiguration: { ServerSideEncryptionConfiguration: { rules: [{}] } } } }, "aws.s3.default-encryption"),
    ).toBe("met");
  });

  it("Azure storage, Azure SQL and GCP storage and compute", () => {
    const sa = { type: "Microsoft.Storage/storageAccounts", typeSystem: "arm" as const, provider: "azure" };
    expect(statusOf({ ...sa, attributes: { properties: { allowBlobPublicAccess: true } } }, "azure.storage.no-anonymous-blob-access")).toBe("not-met");
    expect(statusOf({ ...sa, attributes: { properties: { minimumTlsVersion: "TLS1_0" } } }, "azure.storage.minimum-tls-1-2")).toBe("not-met");
    expect(statusOf({ ...sa, attributes: { properties: { minimumTlsVersion: "TLS1_2" } } }, "azure.storage.minimum-tls-1-2")).toBe("met");
    // Resource Graph lower-cases types; ARM matching is case-insensitive.
    expect(statusOf({ ...sa, type: "microsoft.storage/storageaccounts", attributes: { properties: { allowBlobPublicAccess: false } } }, "azure.storage.no-anonymous-blob-access")).toBe("met");
    expect(statusOf({ type: "Microsoft.Sql/servers", typeSystem: "arm", attributes: { properties: { publicNetworkAccess: "Enabled" } } }, "azure.sql.public-network-access-disabled")).toBe("not-met");
    expect(statusOf({ type: "azurerm_mssql_server", typeSystem: "terraform", attributes: { public_network_access_enabled: false } }, "azure.sql.public-network-access-disabled")).toBe("met");
    const gcs = { type: "storage.googleapis.com/Bucket", typeSystem: "gcp-asset" as const };
    expect(statusOf({ ...gcs, attributes: { iamConfiguration: { publicAccessPrevention: "inherited" } } }, "gcp.storage.public-access-prevention")).toBe("not-met");
    expect(statusOf({ ...gcs, attributes: { iamConfiguration: { uniformBucketLevelAccess: { enabled: true } } } }, "gcp.storage.uniform-bucket-level-access")).toBe("met");
    expect(statusOf({ type: "google_compute_instance", typeSystem: "terraform", attributes: { network_interface: [{ access_config: [{ nat_ip: "" }] }] } }, "gcp.compute.no-external-ip")).toBe("not-met");
  });

  it("maps variants by attributes (ECS on Fargate, GKE Autopilot, Azure Functions)", () => {
    const catalog = builtinCatalog();
    expect(catalog.findServiceForResource("AWS::ECS::Service", { LaunchType: "FARGATE" })?.id).toBe("aws.ecs-fargate");
    expect(catalog.findServiceForResource("AWS::ECS::Service", { LaunchType: "EC2" })?.id).toBe("aws.ecs");
    expect(catalog.findServiceForResource("aws_ecs_service", { launch_type: "FARGATE" })?.id).toBe("aws.ecs-fargate");
    expect(catalog.findServiceForResource("container.googleapis.com/Cluster", { autopilot: { enabled: true } })?.id).toBe("gcp.gke-autopilot");
    expect(catalog.findServiceForResource("container.googleapis.com/Cluster", {})?.id).toBe("gcp.gke");
    expect(catalog.findServiceForResource("Microsoft.Web/sites", { kind: "functionapp" })?.id).toBe("azure.functions");
    expect(catalog.findServiceForResource("Microsoft.Web/sites", { kind: "app" })?.id).toBe("azure.app-service");
  });
});

describe("named evidence tests", () => {
  it("finds SSH/RDP open to the internet in every rule shape", () => {
    expect(noWorldOpenAdminPorts({ ipPermissions: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [{ cidrIp: "0.0.0.0/0" }] }] }).status).toBe("not-met");
    expect(noWorldOpenAdminPorts({ ipPermissions: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [{ cidrIp: "10.0.0.0/8" }] }] }).status).toBe("met");
    expect(noWorldOpenAdminPorts({ ipPermissions: [{ ipProtocol: "-1", ipv6Ranges: [{ cidrIpv6: "::/0" }] }] })).toMatchObject({ status: "not-met", detail: "port 22 open to ::/0" });
    expect(noWorldOpenAdminPorts({ ipPermissions: [] }).status).toBe("met");
    expect(noWorldOpenAdminPorts({ ingress: [{ from_port: 3000, to_port: 4000, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] })).toMatchObject({ status: "not-met", detail: "port 3389 open to 0.0.0.0/0" });
    expect(noWorldOpenAdminPorts({ ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] }).status).toBe("met");
    expect(noWorldOpenAdminPorts({ type: "ingress", from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }).status).toBe("not-met");
    expect(noWorldOpenAdminPorts({ cidr_ipv4: "0.0.0.0/0", from_port: 3389, to_port: 3389, ip_protocol: "tcp" }).status).toBe("not-met");
    expect(
      noWorldOpenAdminPorts({ properties: { securityRules: [{ properties: { direction: "Inbound", access: "Allow", sourceAddressPrefix: "Internet", destinationPortRange: "3389" } }] } }).status,
    ).toBe("not-met");
    expect(
      noWorldOpenAdminPorts({ properties: { securityRules: [{ properties: { direction: "Inbound", access: "Deny", sourceAddressPrefix: "*", destinationPortRange: "*" } }] } }).status,
    ).toBe("met");
    expect(noWorldOpenAdminPorts({ direction: "INGRESS", sourceRanges: ["0.0.0.0/0"], allowed: [{ IPProtocol: "tcp", ports: ["20-30"] }] }).status).toBe("not-met");
    expect(noWorldOpenAdminPorts({ direction: "EGRESS", sourceRanges: ["0.0.0.0/0"], allowed: [{ IPProtocol: "all" }] }).status).toBe("met");
    expect(noWorldOpenAdminPorts({ name: "no rules here" }).status).toBe("unknown");
  });

  it("finds Action * in IAM policy documents, URL-encoded or not", () => {
    const admin = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    const read = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] });
    expect(noWildcardIamAction({ policy: admin }).status).toBe("not-met");
    expect(noWildcardIamAction({ policy: read }).status).toBe("met");
    expect(noWildcardIamAction({ policyVersionList: [{ isDefaultVersion: true, document: encodeURIComponent(admin) }] }).status).toBe("not-met");
    expect(noWildcardIamAction({ rolePolicyList: [], attachedManagedPolicies: [{ policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }] }).status).toBe("not-met");
    expect(noWildcardIamAction({ inline_policy: [{ policy: read }] }).status).toBe("met");
    expect(noWildcardIamAction({ policy: "%%%not json" }).status).toBe("unknown");
    expect(noWildcardIamAction({ name: "role" }).status).toBe("unknown");
    expect(noWildcardIamAction({ policy: JSON.stringify({ Statement: { Effect: "Deny", Action: "*" } }) }).status).toBe("met");
  });

  it("finds external IPs and S3 public access settings", () => {
    expect(noExternalIp({ networkInterfaces: [{ accessConfigs: [{ natIP: "34.1.2.3" }] }] }).status).toBe("not-met");
    expect(noExternalIp({ networkInterfaces: [{ network: "default" }] }).status).toBe("met");
    expect(noExternalIp({}).status).toBe("unknown");
    expect(allPublicAccessBlocked({ block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true }).status).toBe("met");
  });
});
