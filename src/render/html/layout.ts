import { attr, esc } from "./text.js";
import { HTML_STYLES } from "./styles.js";

/**
 * A strict policy in the document itself: no script, image, font, frame or
 * fetch may load, only the inline stylesheet applies. If some markup ever
 * slipped past escaping it would stay inert, and opening the file makes no
 * request that could leak that an auditor is reading it.
 * https://www.w3.org/TR/CSP3/#meta-element (base-uri and form-action do not
 * fall back to default-src, so they are named.)
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** One entry of the table of contents; `label` is plain text (escaped here). */
export interface TocEntry {
  id: string;
  label: string;
  children?: TocEntry[];
}

export interface HtmlDocumentParts {
  title: string;
  /** Label/value pairs under the title (plain text). */
  meta: readonly (readonly [string, string])[];
  toc: readonly TocEntry[];
  /** The document body, already escaped markup. */
  body: string;
}

/** A complete, self-contained HTML document: CSP, inline styles, header, table of contents, main. */
export function htmlDocument(parts: HtmlDocumentParts): string {
  return `${htmlDocumentStart(parts)}${parts.body}${HTML_DOCUMENT_END}`;
}

/** Everything before the body, for documents written in chunks (ends with "<main>\n"). */
export function htmlDocumentStart(parts: Omit<HtmlDocumentParts, "body">): string {
  const meta = parts.meta.map(([label, value]) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`).join("");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="cloud-srm">',
    `<title>${esc(parts.title)}</title>`,
    `<style>\n${HTML_STYLES}\n</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1 class="bidi">${esc(parts.title)}</h1>`,
    `<dl class="meta">${meta}</dl>`,
    "</header>",
    '<nav class="toc" aria-labelledby="toc-title">',
    '<h2 id="toc-title">Contents</h2>',
    tocList(parts.toc),
    "</nav>",
    "<main>",
    "",
  ].join("\n");
}

/** Everything after the body. */
export const HTML_DOCUMENT_END = "\n</main>\n</body>\n</html>\n";

function tocList(entries: readonly TocEntry[]): string {
  const items = entries.map((e) => {
    const children = e.children?.length ? `\n${tocList(e.children)}\n` : "";
    return `<li><a href="#${attr(e.id)}" class="bidi">${esc(e.label)}</a>${children}</li>`;
  });
  return `<ol>\n${items.join("\n")}\n</ol>`;
}
