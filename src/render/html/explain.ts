import type { Framework } from "../../types.js";
import { esc } from "./text.js";
import { FRAMEWORK_NAMES } from "../options.js";
import { ownerLegend } from "./owners.js";

/** The "how to read" section shared by matrix and report documents: owner legend, basis, framework view. */
export function howToRead(id: string, framework: Framework | undefined): string {
  const view = framework
    ? `<p>Rows are grouped by <strong>${esc(FRAMEWORK_NAMES[framework])}</strong> ids; a control appears under every id it maps to, and controls with no id in that framework come last.</p>`
    : "<p>Each row is one control of the cloud-srm control taxonomy, with its mapping to the frameworks it supports (NIST SP 800-53, CSA CCM, CIS, ISO/IEC 27001, SOC 2, PCI DSS, MCSB).</p>";
  return [
    `<section class="part" id="${id}">`,
    "<h2>How to read this document</h2>",
    "<p>Every control is marked with its owner by a label, a symbol and a border style; colour only reinforces them, so the marks survive grayscale printing.</p>",
    ownerLegend(),
    "<p><strong>Basis</strong> says which layer decided a row: the service model default (IaaS, PaaS, FaaS, SaaS), a service-specific cell that cites the provider's own documentation, or an overlay (your organization's own layer). Sources that are web addresses are links; other sources (contract clauses, policy ids) are shown as text.</p>",
    "<p><strong>Secure by default</strong> says whether the secure setting is on when the resource is created (<code>on</code>, <code>off</code>, <code>n/a</code>).</p>",
    view,
    "</section>",
  ].join("\n");
}
