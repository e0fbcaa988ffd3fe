import type { Catalog } from "./catalog.js";
import { detectTypeSystem } from "./type-system.js";

/** How much of a list of native types the catalog maps, and to what. */
export interface TypeCoverage {
  /** Resources (lines, or the counts given on them). */
  total: number;
  /** Resources whose type maps to a service. */
  mapped: number;
  /** mapped / total (1 for an empty list). */
  ratio: number;
  /** Distinct types that map to no service, most frequent first. */
  unmapped: string[];
  /** Each distinct type with its provider, service (null when unmapped) and count. */
  types: { type: string; typeSystem: string | null; provider: string | null; service: string | null; count: number }[];
  /** The same figures per provider (aws, azure, gcp, ...): weighted coverage of each cloud. */
  byProvider: Record<string, { total: number; mapped: number; ratio: number }>;
}

/**
 * The provider a native type belongs to, from its shape: CloudFormation and ARN
 * types are AWS, ARM types Azure, Cloud Asset types GCP; Terraform types by
 * their provider prefix (aws_, azurerm_/azuread_, google_). Null when unknown.
 */
export function providerOfType(type: string): string | null {
  const system = detectTypeSystem(type);
  if (system === "cloudformation" || system === "arn") return "aws";
  if (system === "arm") return "azure";
  if (system === "gcp-asset") return "gcp";
  if (system === "terraform") {
    const prefix = type.slice(0, type.indexOf("_"));
    return TERRAFORM_PROVIDERS[prefix] ?? null;
  }
  return null;
}

const TERRAFORM_PROVIDERS: Record<string, string> = { aws: "aws", azurerm: "azure", azuread: "azure", google: "gcp" };

/**
 * Coverage of a type list: one native type per line, optionally followed by a
 * count ("AWS::EC2::Instance 40") and further columns that are ignored (the
 * weighted lists in test/coverage/ carry their sources there); blank lines and
 * # comments are ignored. Coverage is weighted: a type counts as often as its count.
 */
export function typeCoverage(catalog: Catalog, text: string): TypeCoverage {
  const counts = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [type, countText] = line.split(/\s+/);
    const count = countText === undefined ? 1 : Number(countText);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`"${line}": the count after the type must be a whole number`);
    counts.set(type!, (counts.get(type!) ?? 0) + count);
  }
  let total = 0;
  let mapped = 0;
  const types: TypeCoverage["types"] = [];
  const byProvider: TypeCoverage["byProvider"] = {};
  for (const [type, count] of counts) {
    const found = catalog.findServiceByType(type);
    const service = found?.id ?? null;
    // A mapped type belongs to its service's provider (saas types included); an unmapped one to its shape's.
    const provider = found?.provider ?? providerOfType(type);
    total += count;
    if (service) mapped += count;
    types.push({ type, typeSystem: detectTypeSystem(type) ?? null, provider, service, count });
    if (provider) {
      const p = (byProvider[provider] ??= { total: 0, mapped: 0, ratio: 1 });
      p.total += count;
      if (service) p.mapped += count;
    }
  }
  for (const p of Object.values(byProvider)) p.ratio = p.total === 0 ? 1 : p.mapped / p.total;
  types.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
  return {
    total,
    mapped,
    ratio: total === 0 ? 1 : mapped / total,
    unmapped: types.filter((t) => !t.service).map((t) => t.type),
    types,
    byProvider: Object.fromEntries(Object.entries(byProvider).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}
