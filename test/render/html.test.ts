import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, exampleInventory, importInventory, loadCatalog } from "../../src/index.js";
import { httpUrl, revealControls } from "../../src/render/escape.js";
import { anchorId } from "../../src/render/html/anchors.js";
import { CONTENT_SECURITY_POLICY } from "../../src/render/html/layout.js";
import { matricesHtml } from "../../src/render/html/matrix.js";
import { reportHtml } from "../../src/render/html/report.js";
import { HTML_STYLES } from "../../src/render/html/styles.js";
import type { Catalog, ImportProblem, Overlay, Report } from "../../src/index.js";
import { chooseChromium, launchBrowser, openHtml, type Browser } from "../support/browser.js";
import { resource } from "../support/resources.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN_DIR = join(REPO, "test/golden/html");
const ARTIFACTS = join(REPO, "test/artifacts");
const NOW = new Date("2026-01-15T09:30:00.000Z");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Compares byte for byte with test/golden/html/<name>; UPDATE_GOLDEN=1 rewrites it. */
async function expectGolden(name: string, actual: string): Promise<void> {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE) {
    await mkdir(GOLDEN_DIR, { recursive: true });
    await writeFile(file, actual);
  }
  const expected = await readFile(file, "utf8").catch(() => {
    throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/render/html.test.ts`);
  });
  if (actual === expected) return;
  // Report the first differing line: a whole-document diff of a 2 MB file helps nobody.
  const a = actual.split("\n");
  const e = expected.split("\n");
  const line = a.findIndex((l, i) => l !== e[i]);
  expect.fail(`${name} differs from the golden file at line ${line + 1}:\n  expected: ${e[line]?.slice(0, 300)}\n  actual:   ${a[line]?.slice(0, 300)}\n(UPDATE_GOLDEN=1 rewrites it after review)`);
}

/** The bundled example inventory joined with a fixed clock; file paths made relative so the bytes do not depend on the checkout. */
async function exampleReport(): Promise<Report> {
  const problems: ImportProblem[] = [];
  async function* all() {
    for (const input of exampleInventory()) yield* importInventory(input.kind, input.file, { now: () => NOW, onProblem: (p) => problems.push(p) });
  }
  const report = await buildReport(all(), { now: NOW });
  report.problems.push(...problems);
  for (const r of report.resources) if (r.source.file) r.source.file = relative(REPO, r.source.file).split(sep).join("/");
  return report;
}

// ---- hostile input ------------------------------------------------------------------------

const H = {
  script: "<script>alert(1)</script>",
  img: '"><img src=x onerror=alert(1)>',
  attr: "' onmouseover='alert(1)' x='",
  js: "javascript:alert(1)",
  rtl: "\u202egnp.exe\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u{1f600}",
  long: `${"A".repeat(20_000)}<b>bold</b>`,
  entity: "&lt;script&gt; &amp; &#x3C;svg onload=alert(1)&#x3E;",
  comment: "<!-- --><style>body{display:none}</style><![CDATA[x]]>",
  template: "${alert(1)} {{constructor.constructor('alert(1)')()}}",
};
const HOSTILE_SOURCES = [
  H.js,
  "JaVaScRiPt:alert(2)",
  "java\nscript:alert(3)",
  " javascript:alert(4)",
  "data:text/html,<script>alert(5)</script>",
  "vbscript:msgbox(6)",
  'https://example.com/"><svg/onload=alert(7)>',
  'https://example.com/"><img src=x onerror=alert(9)>',
  "https://example.com/policy?a=1&b=<2>",
  "MSA-2024-17 clause 7",
];

const HOSTILE_OVERLAY: Overlay = {
  overlay: H.img,
  services: {
    "internal.hostile": {
      name: H.script,
      provider: "internal",
      model: "paas",
      description: H.img,
      types: { terraform: ["acme_hostile"] },
      cells: {
        "platform.runtime-patching": {
          owner: "third-party",
          party: `${H.img} ${H.rtl}`,
          provider: H.long,
          customer: `${H.script}\n${H.template}`,
          notes: H.comment,
          verify: { cli: "echo '</code><script>alert(1)</script>'", console: H.attr },
          sources: HOSTILE_SOURCES,
          evidence: [{ id: "internal.hostile-check", title: H.script, checks: [{ types: ["acme_hostile"], path: "setting", equals: "<script>alert(8)</script>" }] }],
        },
      },
    },
    "aws.rds": { cells: { "identity.mfa": { owner: "third-party", party: H.entity, sources: [H.js, "https://example.com/mfa"] } } },
  },
};

async function hostileReport(catalog: Catalog): Promise<Report> {
  const resources = [
    resource({
      uid: H.img,
      name: H.script,
      type: "acme_hostile",
      typeSystem: "terraform",
      provider: "internal",
      account: { uid: H.attr, type: "aws-account" },
      region: H.rtl,
      tags: { [H.script]: H.img, env: H.long, note: H.entity, rtl: H.rtl },
      source: { kind: "test", file: H.comment, ref: H.js },
      attributes: { setting: "x" },
    }),
    resource({ uid: `${H.img}`, type: "acme_hostile", typeSystem: "terraform", source: { kind: "test", ref: "duplicate uid" }, attributes: { setting: "y" } }),
    resource({ uid: "arn:aws:rds:eu-west-1:123456789012:db:prod", name: H.template, type: "aws_db_instance", typeSystem: "terraform", attributes: { publicly_accessible: true } }),
    resource({ uid: H.js, name: H.long, type: H.img, typeSystem: "terraform", tags: { [H.img]: H.script } }),
  ];
  const report = await buildReport(resources, { catalog, now: NOW });
  report.problems.push({ source: H.script, position: H.img, message: H.comment });
  report.summary.problems = 1;
  return report;
}

/** toContain without a multi-megabyte diff on failure. */
function has(doc: string, part: string): void {
  if (!doc.includes(part)) expect.fail(`document does not contain ${JSON.stringify(part.slice(0, 300))}`);
}
function hasNot(doc: string, part: string): void {
  const at = doc.indexOf(part);
  if (at !== -1) expect.fail(`document contains ${JSON.stringify(part)} at ${at}: ${JSON.stringify(doc.slice(Math.max(0, at - 100), at + 200))}`);
}

// ---- markup checks ---------------------------------------------------------------------------

const ALLOWED_TAGS = new Set(
  "html head meta title style body header h1 h2 h3 dl dt dd nav ol ul li a main section div p table caption thead tbody tr th td code span br wbr strong".split(" "),
);
const ALLOWED_ATTRIBUTES = new Set("lang charset http-equiv content name class id href rel scope colspan aria-hidden aria-label aria-labelledby".split(" "));
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/y;
const ATTRIBUTE = /\s+([a-z-]+)="([^"<>]*)"/g;

/**
 * An allow-list scan of the markup, independent of any browser: every "<"
 * starts an allowed tag whose attributes are allowed, quoted and free of
 * markup; every href is an in-document fragment or http(s); every fragment
 * link has a target and ids are unique. Injected markup fails one of these.
 */
function checkMarkup(doc: string): { tags: Map<string, number>; hrefs: string[]; ids: Set<string> } {
  expect(doc.startsWith("<!DOCTYPE html>\n")).toBe(true);
  const styles = doc.split("<style>");
  expect(styles).toHaveLength(2);
  has(doc, `<style>\n${HTML_STYLES}\n</style>`);
  const body = doc.slice("<!DOCTYPE html>\n".length).replace(`<style>\n${HTML_STYLES}\n</style>`, "<style></style>");
  const tags = new Map<string, number>();
  const hrefs: string[] = [];
  const ids = new Set<string>();
  for (let at = body.indexOf("<"); at !== -1; at = body.indexOf("<", at + 1)) {
    TAG.lastIndex = at;
    const match = TAG.exec(body);
    if (!match) expect.fail(`"<" that does not start an allowed tag at ${at}: ${JSON.stringify(body.slice(at, at + 80))}`);
    const [, , name, attributes] = match;
    const tag = name!.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) expect.fail(`tag <${tag}> is not allowed: ${match[0].slice(0, 120)}`);
    tags.set(tag, (tags.get(tag) ?? 0) + 1);
    for (const [, attr, value] of attributes!.matchAll(ATTRIBUTE)) {
      if (!ALLOWED_ATTRIBUTES.has(attr!)) expect.fail(`attribute ${attr} is not allowed on <${tag}>`);
      if (attr === "href") {
        hrefs.push(value!);
        const target = value!.replace(/&amp;/g, "&");
        if (!/^#[A-Za-z0-9._-]+$/.test(target) && httpUrl(target) !== target) expect.fail(`href is neither a fragment nor an http(s) URL: ${value}`);
      }
      if (attr === "id") {
        if (ids.has(value!)) expect.fail(`duplicate id ${value}`);
        ids.add(value!);
      }
    }
  }
  for (const href of hrefs) if (href.startsWith("#")) expect(ids.has(href.slice(1)), `link ${href} has no target`).toBe(true);
  return { tags, hrefs, ids };
}

/** Counts of elements a rendered DOM must never contain, and the attributes that would run script. */
const DOM_DANGER = `(() => {
  const bad = document.querySelectorAll("script, img, svg, iframe, object, embed, form, input, link, base, template, math, video, audio");
  const handlers = [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => e.tagName + "@" + a.name));
  const links = [...document.querySelectorAll("a[href]")].map((a) => a.href).filter((h) => !/^(https?:|file:)/.test(h));
  return { bad: [...bad].map((e) => e.tagName), handlers, links };
})()`;

// ---- tests ---------------------------------------------------------------------------------------

describe("HTML matrices", () => {
  const catalog = builtinCatalog();

  it("matches the golden files for a service matrix and for a model matrix grouped by NIST SP 800-53", async () => {
    await expectGolden("matrix-aws-rds.html", matricesHtml([catalog.resolve("aws.rds")], { now: NOW }));
    await expectGolden("matrix-paas-nist-800-53.html", matricesHtml([catalog.resolve("paas")], { now: NOW, framework: "nist-800-53" }));
  });

  it("is deterministic and self-contained: same input and clock, same bytes; no script or external resource", () => {
    const matrices = [catalog.resolve("aws.ec2"), catalog.resolve("saas")];
    const one = matricesHtml(matrices, { now: NOW });
    expect(matricesHtml(matrices, { now: NOW })).toBe(one);
    expect(matricesHtml(matrices, { now: new Date("2027-01-01T00:00:00Z") })).not.toBe(one);
    const { tags, hrefs, ids } = checkMarkup(one);
    expect(tags.has("script")).toBe(false);
    has(one, `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    expect(/@import|url\(|@font-face/.test(one)).toBe(false);
    // TOC: one entry per matrix, pointing at its section.
    expect(ids.has("svc-aws.ec2") && ids.has("svc-saas")).toBe(true);
    expect(hrefs.filter((h) => h === "#svc-aws.ec2" || h === "#svc-saas")).toHaveLength(2);
    // Sources are links; every row carries an owner badge with its text label.
    expect(hrefs.some((h) => h.startsWith("https://docs.aws.amazon.com/"))).toBe(true);
    const rows = (one.match(/<tr class="row-/g) ?? []).length;
    expect(rows).toBe(matrices.reduce((n, m) => n + m.rows.length, 0));
    for (const label of ["Provider", "Customer", "Shared", "Third party", "Not applicable"]) has(one, `</span>${label}</span>`);
  });

  it("groups rows by a framework's ids, naturally sorted, a row under each id it maps to", () => {
    const rds = catalog.resolve("aws.rds");
    const doc = matricesHtml([rds], { now: NOW, framework: "nist-800-53" });
    checkMarkup(doc);
    const groups = [...doc.matchAll(/<tbody id="svc-aws\.rds-fw-([^"]+)">/g)].map((m) => m[1]!);
    const expected = [...new Set(rds.rows.flatMap((r) => r.frameworks["nist-800-53"] ?? []))];
    expect(new Set(groups)).toEqual(new Set(expected.map((id) => anchorId("x", id).slice(2))));
    expect(groups.indexOf("ac-2")).toBeLessThan(groups.indexOf("ac-10") === -1 ? Infinity : groups.indexOf("ac-10"));
    const rowCount = (doc.match(/<tr class="row-/g) ?? []).length;
    expect(rowCount).toBe(rds.rows.reduce((n, r) => n + Math.max(1, (r.frameworks["nist-800-53"] ?? []).length), 0));
    has(doc, "Grouped by</dt><dd>NIST SP 800-53 rev5");
  });
});

describe("HTML report", () => {
  let example: Report;
  beforeAll(async () => {
    example = await exampleReport();
  });

  it("matches the golden file for the bundled example with a fixed clock", async () => {
    await expectGolden("report-example.html", await reportHtml(example, { now: NOW }));
  });

  it("has a table of contents, summary, evidence not met near the top, coverage with unmapped types, and a section per service", async () => {
    const doc = await reportHtml(example, { now: NOW });
    const { ids, hrefs } = checkMarkup(doc);
    for (const part of ["summary", "evidence-not-met", "coverage", "services-overview", "accounts", "controls", "problems", "how-to-read", "services"]) {
      expect(ids.has(part), part).toBe(true);
      expect(hrefs).toContain(`#${part}`);
    }
    // Evidence not met comes before coverage and the per-service detail.
    expect(doc.indexOf('id="evidence-not-met"')).toBeLessThan(doc.indexOf('id="coverage"'));
    const notMetSection = doc.slice(doc.indexOf('id="evidence-not-met"'), doc.indexOf('id="coverage"'));
    expect((notMetSection.match(/<tr>/g) ?? []).length - 1).toBe(example.summary.evidence.notMet);
    expect(example.summary.evidence.notMet).toBeGreaterThan(0);
    // Unmapped types are listed, not dropped.
    expect(example.coverage.unmapped.length).toBeGreaterThan(0);
    for (const u of example.coverage.unmapped) has(doc, `<code>${u.type}</code>`);
    // One section per service, with its matrix and its resources.
    for (const [id, matrix] of Object.entries(example.services)) {
      const start = doc.indexOf(`<section class="service" id="${anchorId("svc", id)}">`);
      expect(start, id).toBeGreaterThan(0);
      const section = doc.slice(start, doc.indexOf("</section>", start));
      expect((section.match(/<tr class="row-/g) ?? []).length).toBe(matrix.rows.length);
      const count = example.resources.filter((r) => r.service === id).length;
      has(section, `<caption>Resources (${count})</caption>`);
    }
  });

  it("groups the matrices and the controls table by framework when asked", async () => {
    const doc = await reportHtml(example, { now: NOW, framework: "soc2" });
    checkMarkup(doc);
    has(doc, '<th scope="rowgroup" colspan="3">SOC 2 Trust Services Criteria <code>CC6.1</code></th>');
    has(doc, '<tbody id="svc-aws.rds-fw-CC6.1">');
  });
});

describe("hostile names, tag values and sources", () => {
  let catalog: Catalog;
  let report: Report;
  beforeAll(async () => {
    catalog = await loadCatalog({ overlays: [HOSTILE_OVERLAY] });
    report = await hostileReport(catalog);
  });

  it("escapes every user-controlled string: only allowed tags and attributes, no script URL as a link", async () => {
    const docs = [
      await reportHtml(report, { now: NOW, title: H.img }),
      await reportHtml(report, { now: NOW, framework: "ccm" }),
      matricesHtml([catalog.resolve("internal.hostile"), catalog.resolve("aws.rds")], { now: NOW, title: H.script, framework: "nist-800-53" }),
    ];
    for (const doc of docs) {
      const { tags, hrefs } = checkMarkup(doc);
      expect(tags.get("script")).toBeUndefined();
      expect(hrefs.some((h) => /script:|data:/i.test(h))).toBe(false);
      hasNot(doc, "<script>");
      hasNot(doc, "<img");
    }
    const [doc] = docs as [string];
    // The hostile strings are all there, as escaped text.
    has(doc, "&lt;script&gt;alert(1)&lt;/script&gt;");
    has(doc, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    has(doc, "&amp;lt;script&amp;gt; &amp;amp; &amp;#x3C;svg");
    has(doc, `<span class="bidi">javascript:alert(1)</span>`);
    // Very long words get break opportunities (<wbr>), not truncation.
    has(doc, `${`${"A".repeat(100)}<wbr>`.repeat(200)}&lt;b&gt;bold&lt;/b&gt;`);
    // Bidi overrides are shown, not obeyed (Trojan Source); right-to-left scripts are kept.
    has(doc, "[U+202E]gnp.exe[U+202C] \u05e9\u05dc\u05d5\u05dd");
    hasNot(doc, "\u202e");
    // A source that is an http(s) URL stays a link even when it carries markup: escaped inside the attribute.
    has(doc, '<a href="https://example.com/%22%3E%3Csvg/onload=alert(7)%3E" rel="noopener noreferrer">https://example.com/&quot;&gt;&lt;svg/onload=alert(7)&gt;</a>');
    // ... unless it has whitespace, which no real URL has: then it is text.
    has(doc, '<span class="bidi">https://example.com/&quot;&gt;&lt;img src=x onerror=alert(9)&gt;</span>');
    // The hostile resource with a duplicate uid keeps a distinct anchor.
    has(doc, `id="${anchorId("res", H.img)}--2"`);
  });

  it("the markup check itself catches injected markup, handlers and script links", () => {
    const doc = matricesHtml([catalog.resolve("aws.rds")], { now: NOW });
    for (const injected of ["<img src=x onerror=alert(1)>", '<span onclick="alert(1)">x</span>', '<a href="javascript:alert(1)">x</a>', "<svg/onload=alert(1)>", '<a href="#nowhere">x</a>']) {
      expect(() => checkMarkup(doc.replace("<main>", `<main>${injected}`)), injected).toThrow();
    }
  });

  it("httpUrl accepts only absolute http(s) URLs", () => {
    for (const bad of HOSTILE_SOURCES.slice(0, 6).concat(HOSTILE_SOURCES[7]!)) expect(httpUrl(bad), bad).toBeUndefined();
    expect(httpUrl("/relative")).toBeUndefined();
    expect(httpUrl("https://docs.aws.amazon.com/x")).toBe("https://docs.aws.amazon.com/x");
    expect(httpUrl("http://example.com/a b")).toBeUndefined();
  });
});

describe("the browser the HTML tests use", () => {
  it("comes from the npm registry when there is no system Chromium, and a bad CHROMIUM_PATH fails in one line", async () => {
    const saved = { CHROMIUM_PATH: process.env.CHROMIUM_PATH, PATH: process.env.PATH };
    try {
      process.env.CHROMIUM_PATH = join(tmpdir(), "no-such-chromium");
      const error = (await chooseChromium().catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^CHROMIUM_PATH=.*no-such-chromium does not exist: run `npm install`/);
      expect(error.message).not.toContain("\n");
      delete process.env.CHROMIUM_PATH;
      process.env.PATH = "";
      expect(await chooseChromium()).toMatchObject({ source: "@sparticuz/chromium" });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe("in headless Chromium", () => {
  let browser: Browser;
  let dir: string;
  let example: Report;
  let hostile: { catalog: Catalog; report: Report };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cloud-srm-html-"));
    browser = await launchBrowser();
    console.info(`HTML tests: Chromium from ${browser.choice.source} (${browser.choice.executablePath})`);
    example = await exampleReport();
    const catalog = await loadCatalog({ overlays: [HOSTILE_OVERLAY] });
    hostile = { catalog, report: await hostileReport(catalog) };
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("renders the example report without requests, errors or script; TOC and sections exist; screenshot saved", async () => {
    const { page, log } = await openHtml(browser, await reportHtml(example, { now: NOW }), dir, "report.html");
    expect(log.requests).toEqual([log.url]);
    expect(log).toMatchObject({ failedRequests: [], dialogs: [], consoleErrors: [], pageErrors: [] });
    expect(await page.evaluate(DOM_DANGER)).toEqual({ bad: [], handlers: [], links: [] });
    const tocLinks = (await page.evaluate(`[...document.querySelectorAll("nav.toc a")].map((a) => a.getAttribute("href"))`)) as string[];
    expect(tocLinks.length).toBe(9 + Object.keys(example.services).length);
    const missing = await page.evaluate(`${JSON.stringify(tocLinks)}.filter((h) => !document.getElementById(h.slice(1)))`);
    expect(missing).toEqual([]);
    expect(await page.locator("section.service").count()).toBe(Object.keys(example.services).length);
    expect(await page.locator("h1").textContent()).toBe("Shared-responsibility report");
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "html-report.png") });
    await page.close();
  });

  it("marks owners by text and border style, distinct without colour (the legend works in grayscale)", async () => {
    const { page } = await openHtml(browser, matricesHtml([hostile.catalog.resolve("aws.rds")], { now: NOW }), dir, "legend.html");
    const legend = (await page.evaluate(
      `[...document.querySelectorAll(".legend dt .owner")].map((e) => ({ text: e.textContent, border: getComputedStyle(e).borderTopStyle }))`,
    )) as { text: string; border: string }[];
    expect(legend.map((l) => l.text)).toEqual(["\u25a0Provider", "\u25b2Customer", "\u25d0Shared", "\u25c6Third party", "\u2013Not applicable"]);
    expect(new Set(legend.map((l) => l.border)).size).toBe(5);
    await page.close();
  });

  it("applies the print stylesheet: a page per section, repeated table headers, no reliance on backgrounds", async () => {
    const doc = matricesHtml([example.services["aws.rds"]!, example.services["aws.s3"]!], { now: NOW });
    const { page } = await openHtml(browser, doc, dir, "print.html");
    const probe = `(() => {
      const s = (sel) => getComputedStyle(document.querySelector(sel));
      return { breakBefore: s("section.service").breakBefore, thead: s("thead").display, shared: s(".owner-shared").backgroundImage, border: s(".owner-shared").borderTopStyle };
    })()`;
    const screen = (await page.evaluate(probe)) as Record<string, string>;
    expect(screen.breakBefore).not.toBe("page");
    expect(screen.shared).toMatch(/repeating-linear-gradient/);
    await page.emulateMedia({ media: "print" });
    expect(await page.evaluate(probe)).toEqual({ breakBefore: "page", thead: "table-header-group", shared: "none", border: "dashed" });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(4); // contents + legend + one page or more per matrix
    await page.close();
  });

  it("the harness sees a payload that runs, and the CSP blocks it", async () => {
    const doc = matricesHtml([example.services["aws.rds"]!], { now: NOW });
    const payload = doc.replace("<main>", "<main><script>alert('ran')</script>");
    const bare = await openHtml(browser, payload.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, ""), dir, "payload-no-csp.html");
    expect(bare.log.dialogs).toEqual(["alert: ran"]);
    await bare.page.close();
    const guarded = await openHtml(browser, payload, dir, "payload-csp.html");
    expect(guarded.log.dialogs).toEqual([]);
    expect(guarded.log.consoleErrors.join("\n")).toMatch(/Content Security Policy/);
    expect(((await guarded.page.evaluate(DOM_DANGER)) as { bad: string[] }).bad).toEqual(["SCRIPT"]);
    await guarded.page.close();
  });

  it("a hostile document stays inert, with and without its Content-Security-Policy", async () => {
    const doc = await reportHtml(hostile.report, { now: NOW, title: H.img });
    // Without the CSP, escaping alone must keep the payloads from running.
    const withoutCsp = doc.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, "");
    expect(withoutCsp).not.toBe(doc);
    for (const [name, html] of [["hostile.html", doc], ["hostile-no-csp.html", withoutCsp]] as const) {
      const { page, log } = await openHtml(browser, html, dir, name);
      // Sweep the pointer over the page: an injected onmouseover would fire.
      for (let y = 10; y < 1000; y += 60) await page.mouse.move(700, y, { steps: 2 });
      expect(log.requests, name).toEqual([log.url]);
      expect(log, name).toMatchObject({ failedRequests: [], dialogs: [], consoleErrors: [], pageErrors: [] });
      expect(await page.evaluate(DOM_DANGER)).toEqual({ bad: [], handlers: [], links: [] });
      // A 20 000-character word wraps inside its cell instead of widening the page.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1400);
      // The strings come back as text, character for character.
      expect(await page.locator("h1").textContent()).toBe(H.img);
      expect(await page.locator("section.service h2").allTextContents()).toEqual(expect.arrayContaining([H.script]));
      const tagText = await page.evaluate(`[...document.querySelectorAll(".tags li")].map((li) => li.textContent)`);
      expect(tagText).toEqual(expect.arrayContaining([`${H.script}=${H.img}`, `env=${H.long}`, `note=${H.entity}`, `rtl=${revealControls(H.rtl)}`]));
      await page.close();
    }
  });
});
