import type { Report } from "../../types.js";
import { ChunkBuffer, collectText } from "../chunk-buffer.js";
import { reportSource, type ReportHead, type ReportRow, type ReportSource } from "../report-stream.js";
import { attr, esc } from "./text.js";
import { FRAMEWORK_NAMES, type RenderOptions } from "../options.js";
import { AnchorIds } from "./anchors.js";
import { howToRead } from "./explain.js";
import { HTML_DOCUMENT_END, htmlDocumentStart, type TocEntry } from "./layout.js";
import { MATRIX_SECTION_END, matrixSectionStart } from "./matrix.js";
import { matrixOwners, NO_NOT_MET, NO_RESOURCES, notMetResults, notMetRows, notMetTableFrame, resourceRow, resourcesTableFrame } from "./report-resources.js";
import { ResourceAnchors } from "./resource-anchors.js";
import { findingsTables } from "./report-findings.js";
import { driftTables } from "./report-drift.js";
import { accountsTable, controlsTable, coverageTables, problemsTable, servicesOverview, summaryTable } from "./report-tables.js";

/** Unchecked and unknown duties are named next to the failures: they are not evidence of compliance. */
function uncheckedNote(report: ReportHead): string {
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
 * Collects {@link reportHtmlChunks}.
 */
export async function reportHtml(report: Report, options: RenderOptions): Promise<string> {
  return collectText(reportHtmlChunks(reportSource(report), options));
}

/** What the document states before it lists rows, counted in one pass over them. */
interface RowCounts {
  notMet: number;
  unmapped: number;
  /** Resources whose service has no matrix in the report (a hand-edited or partial report). */
  orphans: number;
  byService: Map<string, number>;
}

async function countRows(source: ReportSource, hasMatrix: (service: string) => boolean, anchors: ResourceAnchors): Promise<RowCounts> {
  const counts: RowCounts = { notMet: 0, unmapped: 0, orphans: 0, byService: new Map() };
  for await (const r of source.rows("uid")) {
    anchors.observe(r);
    counts.notMet += notMetResults(r);
    if (r.service === null) counts.unmapped++;
    else if (!hasMatrix(r.service)) counts.orphans++;
    else counts.byService.set(r.service, (counts.byService.get(r.service) ?? 0) + 1);
  }
  if (anchors.needsIndex) await anchors.index(source.rows("uid"));
  return counts;
}

/**
 * The report HTML in chunks (issue 14). The head gives the summary, coverage,
 * overviews and the table of contents; a count pass gives the counts that
 * captions state; evidence not met, unmapped resources and resources of
 * services without a matrix are each a pass in uid order (taken only when
 * there are any), and the service sections one pass in service order. Linear
 * in resources; no pass keeps more than one row.
 */
export async function* reportHtmlChunks(source: ReportSource, options: RenderOptions): AsyncGenerator<string> {
  const report = source.head;
  const ids = new AnchorIds();
  const serviceIds = Object.keys(report.services).sort(cmp);
  const serviceAnchors = new Map(serviceIds.map((s) => [s, ids.next("svc", s)]));
  const serviceAnchor = (s: string) => serviceAnchors.get(s);
  const serviceLink = (service: string) => {
    const id = serviceAnchors.get(service);
    return id ? `<a href="#${attr(id)}"><code>${esc(service)}</code></a>` : `<code>${esc(service)}</code>`;
  };
  const anchors = new ResourceAnchors();
  const counts = await countRows(source, (s) => serviceAnchors.has(s), anchors);
  const notMet = report.summary.evidence.notMet;

  /** One part: its body is head markup, or written from a pass over rows. */
  interface Part {
    id: string;
    label: string;
    body: string | (() => AsyncGenerator<string>);
  }
  const buffer = new ChunkBuffer();

  /** A pass in uid order listing the rows `keep` selects as a resources table. */
  async function* resourcesPass(keep: (r: ReportRow) => boolean, count: number, prefix: string): AsyncGenerator<string> {
    buffer.push(prefix);
    const table = resourcesTableFrame(count);
    const anchor = anchors.uidPass();
    const owners = matrixOwners();
    buffer.push(table.start);
    let first = true;
    for await (const r of source.rows("uid")) {
      if (!keep(r)) {
        anchor.skip(r);
        continue;
      }
      if (buffer.push(`${first ? "" : "\n"}${resourceRow(table, r, anchor.anchor(r), owners)}`)) yield buffer.take();
      first = false;
    }
    buffer.push(table.end);
  }

  async function* notMetPass(): AsyncGenerator<string> {
    buffer.push(`<p>Customer or shared duties whose evidence, read from the resource's configuration, shows they are not done.</p>\n${uncheckedNote(report)}`);
    if (!counts.notMet) {
      buffer.push(NO_NOT_MET);
      return;
    }
    const table = notMetTableFrame(counts.notMet);
    const anchor = anchors.uidPass();
    buffer.push(table.start);
    let first = true;
    for await (const r of source.rows("uid")) {
      if (!notMetResults(r)) {
        anchor.skip(r);
        continue;
      }
      for (const row of notMetRows(table, r, anchor.anchor(r), serviceAnchor)) {
        if (buffer.push(`${first ? "" : "\n"}${row}`)) yield buffer.take();
        first = false;
      }
    }
    buffer.push(table.end);
  }

  const parts: Part[] = [
    { id: "summary", label: "Summary", body: summaryTable(report) },
    { id: "evidence-not-met", label: `Evidence not met (${notMet} duties)`, body: notMetPass },
    {
      id: "coverage",
      label: "Coverage",
      body: counts.unmapped
        ? () => resourcesPass((r) => r.service === null, counts.unmapped, `${coverageTables(report, serviceLink)}\n<h3>Unmapped resources</h3>\n`)
        : coverageTables(report, serviceLink),
    },
    { id: "services-overview", label: "Services", body: servicesOverview(report, serviceLink) },
    { id: "accounts", label: "Accounts", body: accountsTable(report) },
    { id: "controls", label: "Controls", body: controlsTable(report, options.framework) },
    { id: "problems", label: `Input problems (${report.problems.length})`, body: problemsTable(report) },
  ];
  if (report.findings) parts.splice(2, 0, { id: "findings", label: "Imported findings", body: findingsTables(report.findings) });
  if (report.drift) parts.splice(2, 0, { id: "drift", label: "Changes since the baseline", body: driftTables(report.drift) });
  if (counts.orphans) {
    parts.push({
      id: "other-resources",
      label: "Resources of services without a matrix",
      body: () => resourcesPass((r) => r.service !== null && !serviceAnchors.has(r.service), counts.orphans, ""),
    });
  }

  const toc: TocEntry[] = [
    ...parts.map(({ id, label }) => ({ id, label })),
    { id: "how-to-read", label: "How to read the matrices" },
    {
      id: "services",
      label: `Services in detail (${serviceIds.length})`,
      children: serviceIds.map((s) => ({ id: serviceAnchors.get(s)!, label: `${report.services[s]!.subject.name} (${s})` })),
    },
  ];
  const meta: [string, string][] = [
    ["Inventory joined", report.generatedAt],
    ["Document generated", options.now.toISOString()],
    ...(options.toolVersion ? [["Generated by", `cloud-srm ${options.toolVersion}`] as [string, string]] : []),
    ...(options.catalogVersion ? [["Catalog", options.catalogVersion] as [string, string]] : []),
    ["Resources", String(report.summary.resources)],
    ["Services", String(report.summary.services)],
  ];
  if (options.framework) meta.push(["Grouped by", FRAMEWORK_NAMES[options.framework]]);
  buffer.push(htmlDocumentStart({ title: options.title ?? "Shared-responsibility report", meta, toc }));

  for (const { id, label, body } of parts) {
    buffer.push(`<section class="part" id="${id}">\n<h2>${esc(label)}</h2>\n`);
    if (typeof body === "string") buffer.push(body);
    else yield* body();
    buffer.push("\n</section>\n");
    if (buffer.full) yield buffer.take();
  }
  buffer.push(`${howToRead("how-to-read", options.framework)}\n<div id="services">`);

  // Service sections: one pass in service order, merged with the sorted service ids.
  const rows = source.rows("service")[Symbol.asyncIterator]();
  const anchor = anchors.servicePass();
  let next = await rows.next();
  for (const service of serviceIds) {
    const matrix = report.services[service]!;
    buffer.push(`\n${matrixSectionStart(matrix, serviceAnchors.get(service)!, options)}<h3>Resources of <span class="bidi">${esc(matrix.subject.name)}</span></h3>\n`);
    const count = counts.byService.get(service) ?? 0;
    const table = resourcesTableFrame(count);
    const owners = matrixOwners(matrix);
    buffer.push(count ? table.start : NO_RESOURCES);
    let first = true;
    while (!next.done && next.value.service !== null && next.value.service < service) next = await rows.next();
    while (!next.done && next.value.service === service) {
      if (buffer.push(`${first ? "" : "\n"}${resourceRow(table, next.value, anchor(next.value), owners)}`)) yield buffer.take();
      first = false;
      next = await rows.next();
    }
    if (count) buffer.push(table.end);
    buffer.push(MATRIX_SECTION_END);
    if (buffer.full) yield buffer.take();
  }
  await rows.return?.();
  buffer.push(`\n</div>${HTML_DOCUMENT_END}`);
  yield buffer.take();
}
