/**
 * The one inline stylesheet of every HTML document. Inline because the file
 * must be self-contained (an auditor opens it offline, the CSP forbids every
 * fetch) and because no JavaScript is allowed to add it.
 *
 * Owners are told apart by three channels, so the page works in grayscale,
 * for colour-blind readers and on a black-and-white printer (WCAG 2.2 SC
 * 1.4.1 "Use of Color": https://www.w3.org/WAI/WCAG22/Understanding/use-of-color):
 * the owner's name in text, a glyph, and a border style (solid, double,
 * dashed, dotted, none); colour only reinforces them.
 */
export const HTML_STYLES = `
:root { color-scheme: light; --ink: #111; --muted: #4a4a4a; --rule: #8a8a8a; --soft: #f3f3f3; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; font-size: 15px; line-height: 1.45; color: var(--ink); background: #fff; }
body { margin: 0 auto; padding: 1.5rem 2rem 4rem; max-width: 110rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
p, ul, dl { margin: .4rem 0 .8rem; }
a { color: #0645ad; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; }
code { overflow-wrap: anywhere; }
.fw li { overflow-wrap: normal; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.meta dt { display: inline; font-weight: 600; }
.meta dd { display: inline; margin: 0 1.25rem 0 .25rem; }
.note { border-left: 4px solid var(--ink); padding: .4rem .8rem; background: var(--soft); }
.muted { color: var(--muted); }
.bidi { unicode-bidi: isolate; }
nav.toc { border: 1px solid var(--rule); padding: .5rem 1rem; margin: 1rem 0 1.5rem; }
nav.toc h2 { margin: .25rem 0 .5rem; border: 0; font-size: 1.15rem; }
nav.toc ol { margin: 0; padding-left: 1.5rem; }
nav.toc ol ol { columns: 18rem auto; column-gap: 2rem; }
nav.toc li { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--rule); padding: .35rem .5rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
/* Wide tables have fixed column shares: auto layout would size columns by their longest word, so one
   hostile 20 000-character tag value could push the table off the page. */
table.fixed { table-layout: fixed; }
table.fixed th, table.fixed td { overflow-wrap: break-word; }
table.matrix > thead th:nth-child(1) { width: 15%; }
table.matrix > thead th:nth-child(2) { width: 9%; }
table.matrix > thead th:nth-child(3) { width: 17%; }
table.matrix > thead th:nth-child(4) { width: 21%; }
table.matrix > thead th:nth-child(5) { width: 6.5%; }
table.matrix > thead th:nth-child(6) { width: 16.5%; }
table.matrix > thead th:nth-child(7) { width: 15%; }
table.resources > thead th:nth-child(1) { width: 24%; }
table.resources > thead th:nth-child(2) { width: 13%; }
table.resources > thead th:nth-child(3) { width: 12%; }
table.resources > thead th:nth-child(4) { width: 15%; }
table.resources > thead th:nth-child(5) { width: 12%; }
table.resources > thead th:nth-child(6) { width: 24%; }
table.not-met > thead th:nth-child(1) { width: 30%; }
table.not-met > thead th:nth-child(2) { width: 12%; }
table.not-met > thead th:nth-child(3) { width: 16%; }
table.not-met > thead th:nth-child(4) { width: 22%; }
table.not-met > thead th:nth-child(5) { width: 20%; }
table.compact { width: auto; min-width: 24rem; }
thead th { background: #e8e8e8; border-bottom: 2px solid var(--ink); }
tbody th[scope="rowgroup"] { background: #ececec; font-size: 1rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td ul, td ol { margin: 0; padding-left: 1.1rem; }
td p { margin: 0 0 .35rem; white-space: pre-line; }
td p:last-child { margin-bottom: 0; }
.fw { margin-top: .35rem; font-size: .82em; color: var(--muted); list-style: none; padding: 0; }
.title { font-weight: 600; }
.owner { display: inline-block; padding: .05rem .45rem; border-radius: .2rem; font-weight: 700; white-space: nowrap; color: var(--ink); }
.owner .glyph { font-weight: 400; margin-right: .25rem; }
.owner-provider { border: 2px solid #1d4ed8; background: #dbeafe; }
.owner-customer { border: 4px double #b45309; background: #fde68a; }
.owner-shared { border: 2px dashed #6d28d9; background: repeating-linear-gradient(135deg, #ede9fe 0 6px, #ddd6fe 6px 12px); }
.owner-third-party { border: 2px dotted #0f766e; background: #ccfbf1; }
.owner-not-applicable { border: none; padding: .1rem .5rem; background: #eeeeee; font-weight: 400; font-style: italic; }
tr.row-provider > :first-child { border-left: 6px solid #1d4ed8; }
tr.row-customer > :first-child { border-left: 6px double #b45309; }
tr.row-shared > :first-child { border-left: 6px dashed #6d28d9; }
tr.row-third-party > :first-child { border-left: 6px dotted #0f766e; }
.party { font-weight: 400; }
.legend { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; align-items: center; margin: .5rem 0 1rem; }
.legend dd { margin: 0; }
.status { font-weight: 700; white-space: nowrap; }
.status-not-met { text-decoration: underline; text-decoration-thickness: 2px; color: #9f1239; }
.status-met { color: #166534; }
.status-unknown { color: var(--muted); font-style: italic; }
.status-unchecked { color: #92400e; font-style: italic; }
.warn { border: 2px solid #9f1239; padding: .5rem .8rem; }
.tags { list-style: none; padding: 0; margin: 0; }
.tags li { display: inline; }
.tags li + li::before { content: " · "; color: var(--muted); }
@media (max-width: 50rem) { body { padding: 1rem; } nav.toc ol ol { columns: auto; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: underline; }
  section.part, section.service { break-before: page; }
  h2, h3, caption { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .legend, .note { break-inside: avoid; }
  nav.toc ol ol { columns: 2; }
  thead th, tbody th[scope="rowgroup"], .note { background: none; }
  .owner, .owner-shared { background: none; }
}
`.trim();
