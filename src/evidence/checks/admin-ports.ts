import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * No inbound rule lets the whole internet reach SSH (22) or RDP (3389): the
 * classic open-security-group breach. Reads the rule shapes of AWS Config
 * (ipPermissions), Terraform (ingress blocks, aws_security_group_rule,
 * aws_vpc_security_group_ingress_rule), Azure NSGs (securityRules) and GCP
 * firewall rules (sourceRanges + allowed).
 */
const ADMIN_PORTS = [22, 3389];
const WORLD = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any"]);

interface Rule {
  from: number;
  to: number;
  sources: string[];
}

export function noWorldOpenAdminPorts(attributes: Record<string, unknown>): TestResult {
  const rules = collectRules(attributes);
  if (!rules) return unknown("no inbound rules in the source data");
  for (const rule of rules) {
    const world = rule.sources.find((s) => WORLD.has(s.toLowerCase()));
    if (!world) continue;
    const port = ADMIN_PORTS.find((p) => p >= rule.from && p <= rule.to);
    if (port !== undefined) return notMet(`port ${port} open to ${world}`);
  }
  return met(`${rules.length} inbound rule(s), none open ${ADMIN_PORTS.join("/")} to the internet`);
}

function collectRules(a: Record<string, unknown>): Rule[] | undefined {
  // AWS Config AWS::EC2::SecurityGroup
  if (Array.isArray(a.ipPermissions)) {
    return a.ipPermissions.map((p) => {
      const r = asRecord(p) ?? {};
      const sources = [
        ...asList(r.ipv4Ranges).map((x) => String(asRecord(x)?.cidrIp ?? "")),
        ...asList(r.ipv6Ranges).map((x) => String(asRecord(x)?.cidrIpv6 ?? "")),
        ...asList(r.ipRanges).map((x) => (typeof x === "string" ? x : String(asRecord(x)?.cidrIp ?? ""))),
      ];
      return portRange(r.ipProtocol, r.fromPort, r.toPort, sources);
    });
  }
  // Terraform aws_security_group (inline ingress blocks)
  if (Array.isArray(a.ingress)) {
    return a.ingress.map((i) => {
      const r = asRecord(i) ?? {};
      return portRange(r.protocol, r.from_port, r.to_port, [...asList(r.cidr_blocks), ...asList(r.ipv6_cidr_blocks)].map(String));
    });
  }
  // Terraform aws_security_group_rule
  if (a.type === "ingress" && ("cidr_blocks" in a || "ipv6_cidr_blocks" in a)) {
    return [portRange(a.protocol, a.from_port, a.to_port, [...asList(a.cidr_blocks), ...asList(a.ipv6_cidr_blocks)].map(String))];
  }
  if (a.type === "egress" && "cidr_blocks" in a) return [];
  // Terraform aws_vpc_security_group_ingress_rule
  if ("cidr_ipv4" in a || "cidr_ipv6" in a) {
    return [portRange(a.ip_protocol, a.from_port, a.to_port, [a.cidr_ipv4, a.cidr_ipv6].filter((x) => typeof x === "string") as string[])];
  }
  // Azure NSG (ARM properties.securityRules, Terraform security_rule blocks)
  const properties = asRecord(a.properties);
  const azureRules = properties?.securityRules ?? a.security_rule;
  if (Array.isArray(azureRules)) return azureRules.flatMap((rule) => azureRule(asRecord(rule) ?? {}));
  // A single Azure rule (azurerm_network_security_rule, .../securityRules)
  if ((properties && "direction" in properties && "access" in properties) || ("direction" in a && "access" in a)) return azureRule(a);
  // GCP firewall (asset data and Terraform google_compute_firewall)
  if ("sourceRanges" in a || "source_ranges" in a) return gcpRules(a);
  return undefined;
}

function portRange(protocol: unknown, from: unknown, to: unknown, sources: string[]): Rule {
  const all = protocol === "-1" || protocol === -1 || protocol === "all" || protocol === "*";
  const f = Number(from);
  const t = Number(to);
  // -1 / missing ports with an all-protocol rule mean every port.
  if (all || !Number.isFinite(f) || f < 0) return { from: 0, to: 65535, sources };
  return { from: f, to: Number.isFinite(t) && t >= f ? t : f, sources };
}

function azureRule(rule: Record<string, unknown>): Rule[] {
  const p = asRecord(rule.properties) ?? rule;
  const direction = String(p.direction ?? "").toLowerCase();
  const access = String(p.access ?? "").toLowerCase();
  if (direction !== "inbound" || access !== "allow") return [];
  const sources = [p.sourceAddressPrefix, ...asList(p.sourceAddressPrefixes), p.source_address_prefix, ...asList(p.source_address_prefixes)]
    .filter((x) => typeof x === "string")
    .map(String);
  const ranges = [p.destinationPortRange, ...asList(p.destinationPortRanges), p.destination_port_range, ...asList(p.destination_port_ranges)]
    .filter((x) => typeof x === "string")
    .map(String);
  return ranges.map((range) => parseRange(range, sources));
}

function gcpRules(a: Record<string, unknown>): Rule[] {
  const direction = String(a.direction ?? "INGRESS").toUpperCase();
  if (direction !== "INGRESS" || a.disabled === true) return [];
  const sources = asList(a.sourceRanges ?? a.source_ranges).map(String);
  return asList(a.allowed ?? a.allow).flatMap((entry) => {
    const e = asRecord(entry) ?? {};
    const protocol = String(e.IPProtocol ?? e.ip_protocol ?? e.protocol ?? "");
    const ports = asList(e.ports).map(String);
    if (protocol === "all" || ports.length === 0) return [{ from: 0, to: 65535, sources }];
    return ports.map((range) => parseRange(range, sources));
  });
}

function parseRange(range: string, sources: string[]): Rule {
  if (range === "*") return { from: 0, to: 65535, sources };
  const [from, to] = range.split("-").map((n) => Number(n));
  return { from: from ?? 0, to: to ?? from ?? 0, sources };
}
