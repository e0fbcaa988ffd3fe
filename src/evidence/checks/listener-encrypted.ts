import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

const ENCRYPTED = new Set(["HTTPS", "TLS"]);

/**
 * A load balancer listener encrypts traffic: its protocol is HTTPS or TLS, or it is an HTTP
 * listener whose default action redirects to HTTPS. Reads Terraform `aws_lb_listener`
 * (`protocol`, `default_action[] {type, redirect[] {protocol}}`) and the AWS Config item of
 * `AWS::ElasticLoadBalancingV2::Listener` (CloudFormation-style names in the AWS Config resource schema:
 * `Protocol`, `DefaultActions[] {Type, RedirectConfig {Protocol}}`).
 * Gateway Load Balancer listeners (GENEVE) carry no protocol to judge: unknown.
 */
export function listenerEncrypted(attributes: Record<string, unknown>): TestResult {
  const protocol = attributes.protocol ?? attributes.Protocol;
  if (typeof protocol !== "string" || protocol === "") return unknown("no listener protocol in the source data");
  const p = protocol.toUpperCase();
  if (ENCRYPTED.has(p)) return met(`listener protocol ${p}`);
  if (p !== "HTTP") return p === "GENEVE" ? unknown("a GENEVE listener forwards packets; encryption is the appliance's") : notMet(`listener protocol ${p} is not encrypted`);
  const actions = asList(attributes.default_action ?? attributes.DefaultActions).map(asRecord);
  const redirects = actions.some((a) => {
    if (!a || String(a.type ?? a.Type).toLowerCase() !== "redirect") return false;
    const target = asRecord(asList(a.redirect)[0]) ?? asRecord(a.RedirectConfig);
    return String(target?.protocol ?? target?.Protocol ?? "").toUpperCase() === "HTTPS";
  });
  return redirects ? met("HTTP listener redirects to HTTPS") : notMet("HTTP listener serves plain HTTP (no redirect to HTTPS)");
}
