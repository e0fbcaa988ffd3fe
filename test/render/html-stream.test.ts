// The report HTML written in chunks from a ReportSource (issue 14); the
// browser checks of the same document are in html.test.ts.
import { describe, expect, it } from "vitest";
import { collectText } from "../../src/render/chunk-buffer.js";
import { AnchorIds } from "../../src/render/html/anchors.js";
import { reportHtml, reportHtmlChunks } from "../../src/render/html/report.js";
import { ResourceAnchors } from "../../src/render/html/resource-anchors.js";
import { reportSource, type ReportRow } from "../../src/render/report-stream.js";
import { exampleReport, hostileReport, NOW } from "./documents-fixtures.js";
import { streamLag, syntheticSource } from "./stream-fixtures.js";

/** What AnchorIds gives each row when it sees the whole list at once (the document before streaming). */
function referenceAnchors(rows: readonly ReportRow[]): Map<ReportRow, string> {
  const ids = new AnchorIds();
  return new Map(rows.map((r) => [r, ids.next("res", r.uid)]));
}

async function anchorsOf(rows: readonly ReportRow[]): Promise<{ uid: Map<ReportRow, string>; service: Map<ReportRow, string> }> {
  const { resources: _, ...head } = await hostileReport();
  const source = reportSource({ ...head, resources: [...rows] });
  const anchors = new ResourceAnchors();
  for await (const r of source.rows("uid")) anchors.observe(r);
  if (anchors.needsIndex) await anchors.index(source.rows("uid"));
  const uid = new Map<ReportRow, string>();
  const byUid = anchors.uidPass();
  for await (const r of source.rows("uid")) uid.set(r, byUid.anchor(r));
  const service = new Map<ReportRow, string>();
  const byService = anchors.servicePass();
  for await (const r of source.rows("service")) service.set(r, byService(r));
  return { uid, service };
}

describe("report HTML in chunks", () => {
  it("the chunked document is the wrapper's document", async () => {
    const report = await exampleReport().then((e) => e.report);
    const hostile = await hostileReport();
    for (const [r, options] of [
      [report, { now: NOW }],
      [report, { now: NOW, framework: "soc2" as const }],
      [hostile, { now: NOW, title: "<b>" }],
    ] as const) {
      expect(await collectText(reportHtmlChunks(reportSource(r), options))).toBe(await reportHtml(r, options));
    }
  });

  it("repeated uids keep the anchors a whole-list pass gives, in uid and in service order, sorted or not", async () => {
    const { resources } = await hostileReport();
    const [a, b, c] = resources as [ReportRow, ReportRow, ReportRow];
    // The same uid three times, in two services and unmapped; another uid twice in one service.
    const rows: ReportRow[] = [
      { ...a, uid: "dup" },
      { ...b, uid: "dup", service: "aws.s3" },
      { ...c, uid: "dup", service: null },
      { ...a, uid: "dup", service: "aws.s3" },
      { ...a, uid: "twice" },
      { ...b, uid: "twice" },
      { ...c, uid: "unique" },
    ];
    for (const list of [rows, [...rows].reverse(), [rows[4]!, rows[0]!, rows[6]!, rows[1]!, rows[5]!, rows[2]!, rows[3]!]]) {
      const expected = referenceAnchors(list);
      const { uid, service } = await anchorsOf(list);
      for (const r of list) {
        expect(uid.get(r), r.uid).toBe(expected.get(r));
        expect(service.get(r), r.uid).toBe(expected.get(r));
      }
      expect(new Set(expected.values()).size).toBe(list.length);
    }
  });

  it("streams 20,000 rows: each chunk shows the rows just read, in a bounded number of passes", async () => {
    const { report } = await exampleReport();
    const source = syntheticSource(report, 20_000);
    const { text, largestLag, chunksWithRows, passes } = await streamLag(source, reportHtmlChunks(source, { now: NOW }));
    // Count, evidence not met, unmapped resources (uid order), service sections (service order).
    expect(passes).toBe(report.resources.some((r) => r.service === null) ? 4 : 3);
    expect(chunksWithRows).toBeGreaterThan(20);
    // A 256 Ki-character chunk holds a few hundred resource rows; a renderer holding rows would lag by up to 20,000.
    expect(largestLag).toBeLessThan(2_000);
    // Every row has its table row, with its anchor, exactly once.
    const rowIds = [...text.matchAll(/<tr id="res-(synthetic-\d{8})">/g)].map((m) => m[1]!);
    expect(rowIds).toHaveLength(20_000);
    expect(new Set(rowIds).size).toBe(20_000);
    expect(text.endsWith("</html>\n")).toBe(true);
  });
});
