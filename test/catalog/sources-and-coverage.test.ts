import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/index.js";
import { typeCoverage } from "../../src/catalog/coverage.js";
import { catalogSourcesMarkdown } from "../../src/render/catalog-sources.js";
import { runCli } from "../support/cli.js";

const catalog = builtinCatalog();

// Provider documentation and standards bodies: the only places a cell may cite.
const ALLOWED_DOMAINS = [
  "docs.aws.amazon.com",
  "aws.amazon.com",
  "learn.microsoft.com",
  "docs.microsoft.com",
  "cloud.google.com",
  "support.google.com",
  "firebase.google.com",
  "workspace.google.com",
  "help.salesforce.com",
  "developer.salesforce.com",
  "docs.github.com",
  "help.github.com",
  "github.blog",
  "slack.com",
  "support.atlassian.com",
  "help.okta.com",
  "support.okta.com",
  "support.zoom.com",
  "developers.zoom.us",
  "snowflake.com",
  "datadoghq.com",
  "cloudflare.com",
  "mongodb.com",
  "databricks.com",
  "box.com",
  "dropbox.com",
  "zendesk.com",
  "hubspot.com",
  "servicenow.com",
  "pagerduty.com",
  "docs.gitlab.com",
  "nist.gov",
  "csrc.nist.gov",
  "pages.nist.gov",
  "cisecurity.org",
  "cloudsecurityalliance.org",
];

function allCitations(): { where: string; url: string }[] {
  const out: { where: string; url: string }[] = [];
  for (const model of catalog.models) for (const url of Object.values(model.sources ?? {}).flat()) out.push({ where: `model ${model.id}`, url });
  for (const service of catalog.services) {
    if (service.docs) out.push({ where: `${service.id} docs`, url: service.docs });
    for (const [control, cell] of Object.entries(service.cells ?? {})) for (const url of cell.sources ?? []) out.push({ where: `${service.id} ${control}`, url });
  }
  return out;
}

describe("citations", () => {
  it("are well-formed https URLs on a provider or standards domain", () => {
    const citations = allCitations();
    expect(citations.length).toBeGreaterThan(500);
    for (const { where, url } of citations) {
      const parsed = new URL(url);
      expect(parsed.protocol, `${where}: ${url}`).toBe("https:");
      expect(parsed.username + parsed.password, `${where}: ${url}`).toBe("");
      expect(url, `${where}: no whitespace`).not.toMatch(/\s/);
      const allowed = ALLOWED_DOMAINS.some((d) => parsed.hostname === d || parsed.hostname.endsWith(`.${d}`));
      expect(allowed, `${where}: ${parsed.hostname} is not a provider or standards domain`).toBe(true);
    }
  });

  it("keep the Azure baseline attribution and MCSB evidence on Azure services", () => {
    // Entra ID and managed identities have no Azure security baseline in MCSB v3.
    const noBaseline = new Set(["azure.entra-id", "azure.managed-identities"]);
    const azure = catalog.services.filter((s) => s.provider === "azure" && !noBaseline.has(s.id));
    expect(azure.length).toBeGreaterThanOrEqual(25);
    for (const service of azure) {
      const text = readFileSync(`catalog/services/azure/${service.id.split(".")[1]}.yaml`, "utf8");
      expect(text, service.id).toContain("Microsoft Cloud Security Benchmark, Azure security baselines");
      expect(Object.values(service.cells ?? {}).some((c) => c.mcsb?.length), `${service.id} has no MCSB rows`).toBe(true);
    }
  });

  it("match the MCSB baseline CSV row for row", () => {
    const csv = readFileSync("test/reference/mcsb/azure-security-baselines-v3.features.csv", "utf8");
    const features = new Set(
      csv.split("\n").slice(1).map((line) => {
        const cells = line.split(",");
        return `${cells[6]}|${cells[8]}`; // control id | responsibility
      }),
    );
    for (const service of catalog.services) {
      for (const cell of Object.values(service.cells ?? {})) {
        for (const row of cell.mcsb ?? []) {
          expect(csv.includes(row.feature), `${service.id}: feature "${row.feature}" not in the baselines`).toBe(true);
          expect(features.has(`${row.control}|${row.responsibility}`), `${service.id}: ${row.control} ${row.responsibility}`).toBe(true);
        }
      }
    }
  });
});

describe("breadth", () => {
  it("has the services the catalog-breadth issue lists", () => {
    const count = (provider: string) => catalog.services.filter((s) => s.provider === provider).length;
    expect(count("aws")).toBeGreaterThanOrEqual(30);
    expect(count("azure")).toBeGreaterThanOrEqual(25);
    expect(count("gcp")).toBeGreaterThanOrEqual(20);
    expect(count("saas")).toBeGreaterThanOrEqual(8);
    for (const id of [
      "aws.ec2", "aws.ebs", "aws.s3", "aws.rds", "aws.aurora", "aws.dynamodb", "aws.lambda", "aws.ecs", "aws.ecs-fargate", "aws.eks", "aws.eks-fargate",
      "aws.elastic-beanstalk", "aws.api-gateway", "aws.cloudfront", "aws.elb", "aws.vpc", "aws.iam", "aws.kms", "aws.secrets-manager", "aws.cloudtrail",
      "aws.cloudwatch", "aws.sqs", "aws.sns", "aws.elasticache", "aws.redshift", "aws.opensearch", "aws.sagemaker", "aws.ecr", "aws.route53", "aws.efs",
      "aws.glue", "aws.step-functions",
      "azure.virtual-machines", "azure.vm-scale-sets", "azure.managed-disks", "azure.storage-accounts", "azure.sql-database", "azure.sql-managed-instance",
      "azure.cosmos-db", "azure.postgresql-flexible", "azure.mysql-flexible", "azure.functions", "azure.app-service", "azure.aks", "azure.container-apps",
      "azure.container-instances", "azure.container-registry", "azure.key-vault", "azure.virtual-network", "azure.load-balancer", "azure.application-gateway",
      "azure.front-door", "azure.monitor", "azure.entra-id", "azure.service-bus", "azure.event-hubs", "azure.cache-for-redis", "azure.data-factory",
      "gcp.compute-engine", "gcp.persistent-disk", "gcp.cloud-storage", "gcp.cloud-sql", "gcp.spanner", "gcp.firestore", "gcp.bigtable", "gcp.bigquery",
      "gcp.cloud-functions", "gcp.cloud-run", "gcp.app-engine", "gcp.gke", "gcp.gke-autopilot", "gcp.artifact-registry", "gcp.cloud-kms", "gcp.secret-manager",
      "gcp.vpc", "gcp.cloud-load-balancing", "gcp.pubsub", "gcp.cloud-logging", "gcp.iam",
      "saas.generic", "saas.microsoft-365", "saas.google-workspace", "saas.salesforce", "saas.slack", "saas.github", "saas.atlassian-cloud", "saas.okta", "saas.zoom",
    ]) {
      expect(catalog.getService(id), id).toBeDefined();
    }
  });

  it("gets the lines that differ from the model default right", () => {
    const owner = (service: string, control: string) => catalog.resolve(service).rows.find((r) => r.control === control)?.owner;
    // Managed Kubernetes: provider control plane, customer nodes; except Fargate / Autopilot.
    expect(owner("aws.eks", "platform.guest-os-patching")).not.toBe("provider");
    expect(owner("aws.eks-fargate", "platform.guest-os-patching")).toBe("provider");
    expect(owner("gcp.gke", "platform.guest-os-patching")).not.toBe("provider");
    expect(owner("gcp.gke-autopilot", "platform.guest-os-patching")).toBe("provider");
    expect(owner("aws.ecs", "platform.guest-os-patching")).not.toBe("provider");
    expect(owner("aws.ecs-fargate", "platform.guest-os-patching")).toBe("provider");
    // RDS versus a database on EC2.
    expect(owner("aws.ec2", "platform.guest-os-patching")).toBe("customer");
    expect(owner("aws.rds", "platform.guest-os-patching")).toBe("provider");
    // Default encryption settings: S3 on, RDS off (API), managed disks / persistent disks on.
    const def = (service: string, control: string) => catalog.resolve(service).rows.find((r) => r.control === control)?.default;
    expect(def("aws.s3", "data.encryption-at-rest")).toBe("on");
    expect(def("aws.rds", "data.encryption-at-rest")).toBe("off");
    expect(def("azure.managed-disks", "data.encryption-at-rest")).toBe("on");
    expect(def("gcp.persistent-disk", "data.encryption-at-rest")).toBe("on");
  });
});

describe("coverage", () => {
  it("maps at least 95% of the resources in typical real estates", () => {
    for (const estate of ["aws-config-webapp", "azure-enterprise", "gcp-data-platform"]) {
      const result = typeCoverage(catalog, readFileSync(`test/fixtures/estates/${estate}.txt`, "utf8"));
      expect(result.total, estate).toBeGreaterThan(1000);
      expect(result.ratio, `${estate}: unmapped ${result.unmapped.join(", ")}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("catalog coverage answers { total, mapped, unmapped } in JSON and names the unmapped types", async () => {
    const { code, stdout } = await runCli(["catalog", "coverage", "test/fixtures/types-sample.txt", "--format", "json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ total: 7, mapped: 5, unmapped: ["AWS::Made::Up", "made_up_thing"] });
    expect(result.types.find((t: { type: string }) => t.type === "microsoft.compute/virtualmachines").service).toBe("azure.virtual-machines");
    const text = await runCli(["catalog", "coverage", "test/fixtures/types-sample.txt"]);
    expect(text.stdout).toMatch(/^5 of 7 resources map to a service \(71\.4%\)/);
    expect(text.stdout).toMatch(/Unmapped \(2\):\n\s+AWS::Made::Up\s+1\n\s+made_up_thing\s+1/);
    const bad = await runCli(["catalog", "coverage", "/nonexistent/types.txt"]);
    expect(bad).toMatchObject({ code: 1, stderr: "cloud-srm: no such file: /nonexistent/types.txt\n(run with --debug for details)\n" });
  });

  it("keeps docs/catalog-sources.md generated from the catalog", () => {
    const committed = readFileSync("docs/catalog-sources.md", "utf8");
    expect(committed, "run: node dist/cli.js catalog sources --output docs/catalog-sources.md").toBe(catalogSourcesMarkdown(catalog));
  });
});
