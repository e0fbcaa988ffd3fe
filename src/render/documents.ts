import type { Matrix, Report, ReportResource } from "../types.js";
import type { RenderOptions } from "./options.js";
import type { ReportSource } from "./report-stream.js";

/** Document formats for matrices (one service, a model, several, or the whole catalog). */
export const MATRIX_DOCUMENT_FORMATS = ["md", "csv", "xlsx", "html", "oscal-ssp", "oscal-component"] as const;
/** Document formats for a report (an inventory joined to the catalog). */
export const REPORT_DOCUMENT_FORMATS = ["md", "csv", "xlsx", "html", "oscal-ssp", "oscal-component", "oscal-ar", "ocsf"] as const;
export type MatrixDocumentFormat = (typeof MATRIX_DOCUMENT_FORMATS)[number];
export type ReportDocumentFormat = (typeof REPORT_DOCUMENT_FORMATS)[number];

/** Options of every document renderer, plus the OSCAL version for the OSCAL ones. */
export interface DocumentOptions extends RenderOptions {
  oscalVersion?: "1.1.3" | "1.2.1";
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Renders matrices as a document. Each renderer is loaded on first use, so a
 * command that prints Markdown does not load the XLSX writer or OSCAL code.
 */
export async function renderMatrices(format: MatrixDocumentFormat, matrices: readonly Matrix[], options: DocumentOptions): Promise<string | Uint8Array> {
  switch (format) {
    case "md":
      return (await import("./report-markdown.js")).matricesMarkdown(matrices, options);
    case "csv":
      return (await import("./matrix-csv.js")).matricesCsv(matrices, options);
    case "xlsx":
      return (await import("./xlsx/documents.js")).matricesXlsx(matrices, options);
    case "html":
      return (await import("./html/matrix.js")).matricesHtml(matrices, options);
    case "oscal-ssp":
      return json((await import("./oscal/index.js")).matricesSsp(matrices, options));
    case "oscal-component":
      return json((await import("./oscal/index.js")).componentDefinition(matrices, options));
  }
}

/** Renders a report as a document (lazily loaded renderers, as for matrices). */
export async function renderReport(format: ReportDocumentFormat, report: Report, options: DocumentOptions): Promise<string | Uint8Array> {
  switch (format) {
    case "md":
      return (await import("./report-markdown.js")).reportMarkdown(report, options);
    case "csv":
      return (await import("./crm.js")).reportCsv(report, options);
    case "xlsx":
      return (await import("./xlsx/documents.js")).reportXlsx(report, options);
    case "html":
      return (await import("./html/report.js")).reportHtml(report, options);
    case "oscal-ssp":
      return json((await import("./oscal/index.js")).reportSsp(report, options));
    case "oscal-component":
      // The services the inventory uses, described as OSCAL components.
      return json((await import("./oscal/index.js")).componentDefinition(Object.values(report.services), { ...options, ...partialOf(report.problems) }));
    case "oscal-ar":
      return (await import("./oscal/assessment-results.js")).reportAssessmentResults(report, options);
    case "ocsf":
      return (await import("./ocsf.js")).reportOcsf(report, options);
  }
}

/**
 * A report document as chunks, for writing to a file or stdout without
 * holding the whole document (see reportDocumentChunks).
 */
export async function* renderReportChunks(format: ReportDocumentFormat, report: Report, options: DocumentOptions): AsyncGenerator<string | Uint8Array> {
  const { reportSource } = await import("./report-stream.js");
  yield* reportDocumentChunks(format, reportSource(report), options);
}

/** Streamed report formats: `json` plus the document formats. */
export type ReportStreamFormat = ReportDocumentFormat | "json";

/**
 * A report document in chunks from a streamed report (ReportSource: the head
 * and passes over the rows), so that no document is ever one string and the
 * rows are never all in memory.
 */
export async function* reportDocumentChunks(format: ReportStreamFormat, source: ReportSource, options: DocumentOptions): AsyncGenerator<string | Uint8Array> {
  switch (format) {
    case "json":
      yield* (await import("./report-json.js")).reportJsonChunks(source);
      return;
    case "md":
      yield* (await import("./report-markdown.js")).reportMarkdownChunks(source, options);
      return;
    case "html":
      yield* (await import("./html/report.js")).reportHtmlChunks(source, options);
      return;
    case "xlsx":
      yield* (await import("./xlsx/documents.js")).reportXlsxChunks(source, options);
      return;
    case "csv":
      yield* (await import("./crm.js")).reportCsvStream(source, options);
      return;
    case "ocsf":
      yield* (await import("./ocsf.js")).reportOcsfStream(source, options);
      return;
    case "oscal-ssp":
      yield* (await import("./oscal/index.js")).reportSspChunks(source, options);
      return;
    case "oscal-ar":
      yield* (await import("./oscal/assessment-results.js")).assessmentResultsChunks(source, options);
      return;
    case "oscal-component":
      // Only the services the inventory uses: the head has them, no pass over the rows.
      yield json((await import("./oscal/index.js")).componentDefinition(Object.values(source.head.services), { ...options, ...partialOf(source.head.problems) }));
      return;
    default: {
      const unknown: never = format;
      throw new Error(`unknown report format ${String(unknown)}`);
    }
  }
}

/** A report's problems as the OSCAL option: the component definition of a partial run's services may miss some (issue 11). */
function partialOf(problems: readonly unknown[]): { partialInventory?: number } {
  return problems.length ? { partialInventory: problems.length } : {};
}

/** The whole report in memory (every row): for tests and small reports; nothing in the CLI uses it. */
export async function gatherReport(source: ReportSource): Promise<Report> {
  const resources: ReportResource[] = [];
  for await (const row of source.rows("uid")) resources.push(row);
  const { problems, findings, drift, ...rest } = source.head;
  return { ...rest, resources, problems, ...(findings ? { findings } : {}), ...(drift ? { drift } : {}) };
}
