import { marked, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { collectText } from "../../src/render/chunk-buffer.js";
import { matricesMarkdown, reportMarkdown, reportMarkdownChunks } from "../../src/render/report-markdown.js";
import { reportSource } from "../../src/render/report-stream.js";
import { streamLag, syntheticSource } from "./stream-fixtures.js";
import { exampleReport, golden, HOSTILE, hostileMatrix, hostileReport, modelMatrix, NOW } from "./documents-fixtures.js";

// A real CommonMark/GFM parser (marked, in the dev tree through @arethetypeswrong/cli) checks structure.
function tables(markdown: string): Tokens.Table[] {
  return marked.lexer(markdown).filter((t): t is Tokens.Table => t.type === "table");
}

function headings(markdown: string): Tokens.Heading[] {
  return marked.lexer(markdown).filter((t): t is Tokens.Heading => t.type === "heading");
}

/** Links the rendered HTML would carry. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!);
}

describe("matrices Markdown", () => {
  it("title, contents, summary and one section per matrix (golden)", () => {
    const matrix = modelMatrix();
    const md = matricesMarkdown([matrix, structuredClone(matrix)], { now: NOW });
    golden("matrix-aws-rds.md", matricesMarkdown([matrix], { now: NOW }));
    expect(headings(md).map((h) => `${h.depth} ${h.text}`)).toEqual([
      "1 Cloud shared-responsibility matrix",
      "2 Contents",
      "2 Summary",
      "2 Amazon RDS (aws.rds)",
      "2 Amazon RDS (aws.rds)",
    ]);
    // The same subject twice still gets two distinct anchors, each linked from the contents.
    expect(md).toContain('<a id="matrix-aws-rds"></a>');
    expect(md).toContain('<a id="matrix-aws-rds-2"></a>');
    expect(md).toContain("](#matrix-aws-rds-2)");
    const [summary, ...sections] = tables(md);
    expect(summary!.rows).toHaveLength(2);
    for (const t of sections) {
      expect(t.rows).toHaveLength(matrix.rows.length);
      expect(t.header.map((h) => h.text)).toEqual(["Control", "Owner", "Provider responsibility", "Customer responsibility", "How to verify", "Basis"]);
    }
  });

  it("framework view: a leading id column, a row under each id", () => {
    const matrix = modelMatrix();
    const md = matricesMarkdown([matrix], { now: NOW, framework: "iso27001" });
    const table = tables(md)[1]!;
    expect(table.header[0]!.text).toBe("ISO/IEC 27001:2022 Annex A id");
    expect(table.rows).toHaveLength(matrix.rows.reduce((n, r) => n + Math.max(1, r.frameworks.iso27001?.length ?? 0), 0));
  });

  it("hostile overlay text cannot break a row, inject HTML or make a link", async () => {
    const matrix = hostileMatrix();
    const md = matricesMarkdown([matrix], { now: NOW, title: "[x](javascript:alert(1)) <script>" });
    const table = tables(md)[1]!;
    expect(table.rows).toHaveLength(matrix.rows.length);
    for (const row of table.rows) expect(row).toHaveLength(6);
    const html = await marked.parse(md);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    // Only anchors and http(s) URLs (GFM autolinks bare URLs in text; those stay http links).
    for (const href of hrefs(html)) expect(href).toMatch(/^(#|https?:\/\/)/);
    expect(html).not.toMatch(/href="javascript:/i);
    // The one http(s) source is a link, with its parentheses and pipe percent-encoded.
    expect(hrefs(html)).toContain("https://example.com/a%28b%29%7Cc");
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    // Text survives as text: the rendered cell shows the original characters.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("[click](javascript:alert(1))");
  });
});

describe("report Markdown", () => {
  it("title, contents, summary, coverage, evidence not met, a section per service (golden, example report)", async () => {
    const { report } = await exampleReport();
    const md = await reportMarkdown(report, { now: NOW });
    golden("example-report.md", md);
    const titles = headings(md).map((h) => `${h.depth} ${h.text}`);
    expect(titles.slice(0, 8)).toEqual([
      "1 Cloud shared-responsibility report",
      "2 Contents",
      "2 Summary",
      "3 By service",
      "3 By account",
      "2 Coverage",
      "2 Evidence not met",
      "2 Services",
    ]);
    expect(titles.filter((t) => t.startsWith("3 ")).length - 2).toBe(report.summary.services);
    for (const id of Object.keys(report.services)) {
      const anchor = `service-${id.replace(/[^a-z0-9]+/g, "-")}`;
      expect(md).toContain(`<a id="${anchor}"></a>`);
      expect(md).toContain(`](#${anchor})`);
    }
    const notMet = tables(md).find((t) => t.header.map((h) => h.text).join() === "Resource,Type,Account,Control,Check,Finding")!;
    expect(notMet.rows).toHaveLength(report.summary.evidence.notMet);
  });

  it("framework view groups each service's table", async () => {
    const { report } = await exampleReport();
    const md = await reportMarkdown(report, { now: NOW, framework: "nist-800-53", title: "Audit pack" });
    expect(headings(md)[0]!.text).toBe("Audit pack");
    expect(md).toContain("| NIST SP 800-53 rev5 id | Control |");
  });

  it("hostile names, tags and findings stay inert", async () => {
    const report = await hostileReport();
    const md = await reportMarkdown(report, { now: NOW });
    const html = await marked.parse(md);
    expect(html).not.toMatch(/<script/i);
    for (const href of hrefs(html)) expect(href).toMatch(/^(#|https?:\/\/)/);
    const notMet = tables(md).find((t) => t.header[0]!.text === "Resource" && t.header.length === 6)!;
    expect(notMet.rows).toHaveLength(HOSTILE.length);
    for (const row of notMet.rows) expect(row).toHaveLength(6);
    const resources = tables(md).find((t) => t.header.map((h) => h.text).join() === "Resource,Account,Region,Not met,Unknown,Unchecked,Met")!;
    expect(resources.rows).toHaveLength(HOSTILE.length);
    expect(md).toContain("Custom::Thing");
  });

  it("the chunked document is the wrapper's document", async () => {
    const { report } = await exampleReport();
    for (const options of [{ now: NOW }, { now: NOW, framework: "soc2" as const }]) {
      expect(await collectText(reportMarkdownChunks(reportSource(report), options))).toBe(await reportMarkdown(report, options));
    }
  });

  it("streams 20,000 rows: each chunk shows the rows just read, in three passes", async () => {
    const { report } = await exampleReport();
    const source = syntheticSource(report, 20_000);
    const { text, largestLag, chunksWithRows, passes } = await streamLag(source, reportMarkdownChunks(source, { now: NOW }));
    // Count, evidence not met (uid order), resources per service (service order): never a pass per service.
    expect(passes).toBe(3);
    expect(chunksWithRows).toBeGreaterThan(10);
    // A 256 Ki-character chunk holds a few thousand table lines; a renderer that held the rows would lag by up to 20,000.
    expect(largestLag).toBeLessThan(4_000);
    // Every mapped row is listed once under its service, in service order.
    const services = text.slice(text.indexOf("\n## Services\n"));
    const listed = [...services.matchAll(/`(synthetic-\d{8})`/g)].map((m) => m[1]!);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length).toBe(20_000 - unmappedShare(report, 20_000));
  });
});

/** How many of `count` synthetic rows copy an unmapped resource (those are listed in no service section). */
function unmappedShare(report: Awaited<ReturnType<typeof exampleReport>>["report"], count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (!report.resources[i % report.resources.length]!.service) n++;
  return n;
}

