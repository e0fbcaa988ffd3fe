import type { Report, ReportResource } from "../../types.js";
import { attr, esc } from "./text.js";
import { FRAMEWORK_NAMES, type RenderOptions } from "../options.js";
import { AnchorIds } from "./anchors.js";
import { howToRead } from "./explain.js";
import { htmlDocument, type TocEntry } from "./layout.js";
import { matrixSection } from "./matrix.js";
import { notMetTable, resourcesTable } from "./report-resources.js";
import { findingsTables } from "./report-findings.js";
import { accountsTable, controlsTable, coverageTables, problemsTable, servicesOverview, summaryTable } from "./report-tables.js";

/** Unchecked and unknown duties are named next to the failures: they are not evidence of compliance. */
function uncheckedNote(report: Report): string {
  const { unchecked, unknown } = report.summary.evidence;
  if (!unchecked && !unknown) return "";
  return `<p class="warn">${unchecked} duties are <strong>unchecked</strong> (no rule or finding covers them) and ${unknown} <strong>unknown</strong> (a rule applies, the data is missing): neither is evidence that the duty is done. Evidence coverage: ${(report.coverage.evidence.ratio * 100).toFixed(1)}%.</p>\n`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A joined inventory as one self-contained HTML document for an auditor:
 * summary, evidence not met, coverage (with every unmapped type), overviews,
 * then a section per service with its matrix and its resources. No script and
 * no external resource; a strict CSP keeps any injected markup inert.
 */
export function reportHtml(report: Report, options: RenderOptions): string {
  const ids = new AnchorIds();
  const serviceIds = Object.keys(report.services).sort(cmp);
  const serviceAnchors = new Map(serviceIds.map((s) => [s, ids.next("svc", s)]));
  const anchors = new Map<ReportResource, string>(report.resources.map((r) => [r, ids.next("res", r.uid)]));
  const serviceLink = (service: string) => {
    const id = serviceAnchors.get(service);
    return id ? `<a href="#${attr(id)}"><code>${esc(service)}</code></a>` : `<code>${esc(service)}</code>`;
  };

  const unmapped = report.resources.filter((r) => r.service === null);
  // Resources whose service has no matrix in the report (a hand-edited or partial report) still get listed.
  const orphans = report.resources.filter((r) => r.service !== null && !serviceAnchors.has(r.service));
  const notMet = report.summary.evidence.notMet;

  const parts: { id: string; label: string; body: string }[] = [
    { id: "summary", label: "Summary", body: summaryTable(report) },
    {
      id: "evidence-not-met",
      label: `Evidence not met (${notMet} duties)`,
      body: `<p>Customer or shared duties whose evidence, read from the resource's configuration, shows they are not done.</p>\n${uncheckedNote(report)}${notMetTable(report.resources, anchors, (s) => serviceAnchors.get(s))}`,
    },
    {
      id: "coverage",
      label: "Coverage",
      body: coverageTables(report, serviceLink) + (unmapped.length ? `\n<h3>Unmapped resources</h3>\n${resourcesTable(unmapped, anchors)}` : ""),
    },
    { id: "services-overview", label: "Services", body: servicesOverview(report, serviceLink) },
    { id: "accounts", label: "Accounts", body: accountsTable(report) },
    { id: "controls", label: "Controls", body: controlsTable(report, options.framework) },
    { id: "problems", label: `Input problems (${report.problems.length})`, body: problemsTable(report) },
  ];
  if (report.findings) parts.splice(2, 0, { id: "findings", label: "Imported findings", body: findingsTables(report.findings) });
  if (orphans.length) parts.push({ id: "other-resources", label: "Resources of services without a matrix", body: resourcesTable(orphans, anchors) });

  const serviceSections = serviceIds.map((service) => {
    const matrix = report.services[service]!;
    const resources = report.resources.filter((r) => r.service === service);
    return matrixSection(matrix, serviceAnchors.get(service)!, options, `<h3>Resources of <span class="bidi">${esc(matrix.subject.name)}</span></h3>\n${resourcesTable(resources, anchors, matrix)}`);
  });

  const toc: TocEntry[] = [
    ...parts.map(({ id, label }) => ({ id, label })),
    { id: "how-to-read", label: "How to read the matrices" },
    {
      id: "services",
      label: `Services in detail (${serviceIds.length})`,
      children: serviceIds.map((s) => ({ id: serviceAnchors.get(s)!, label: `${report.services[s]!.subject.name} (${s})` })),
    },
  ];
  const body = [
    ...parts.map(({ id, label, body }) => `<section class="part" id="${id}">\n<h2>${esc(label)}</h2>\n${body}\n</section>`),
    howToRead("how-to-read", options.framework),
    '<div id="services">',
    ...serviceSections,
    "</div>",
  ].join("\n");
  const meta: [string, string][] = [
    ["Inventory joined", report.generatedAt],
    ["Document generated", options.now.toISOString()],
    ["Resources", String(report.summary.resources)],
    ["Services", String(report.summary.services)],
  ];
  if (options.framework) meta.push(["Grouped by", FRAMEWORK_NAMES[options.framework]]);
  return htmlDocument({ title: options.title ?? "Shared-responsibility report", meta, toc, body });
}
