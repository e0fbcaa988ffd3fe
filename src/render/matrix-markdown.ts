import type { Matrix } from "../types.js";
import { markdownCell, markdownText } from "./escape.js";

/** A Markdown document for one matrix: a heading, a legend and one table row per control. */
export function matrixMarkdown(matrix: Matrix): string {
  const { subject } = matrix;
  const lines = [
    `## ${markdownText(subject.name)} (\`${subject.id}\`)`,
    "",
    `Service model: **${subject.model}**${subject.provider ? `, provider: **${markdownText(subject.provider)}**` : ""}.`,
    "",
    "| Control | Owner | Provider responsibility | Customer responsibility | How to verify | Basis |",
    "|---|---|---|---|---|---|",
  ];
  for (const row of matrix.rows) {
    const verify = [row.verify?.cli && `\`${row.verify.cli.replace(/`/g, "'")}\``, row.verify?.console && `Console: ${row.verify.console}`]
      .filter(Boolean)
      .join("<br>");
    const basis =
      row.origin === "model"
        ? `${subject.model} default`
        : row.origin === "service"
          ? "service"
          : `overlay ${row.overlay ?? ""}`.trim();
    const sources = row.sources.map((s, i) => `[${i + 1}](${s.replace(/[()\s|]/g, encodeURIComponent)})`).join(" ");
    lines.push(
      `| ${[
        `\`${row.control}\` ${markdownCell(row.title)}`,
        `**${row.owner}**${row.party ? ` (${markdownCell(row.party)})` : ""}`,
        markdownCell(row.provider),
        markdownCell(row.customer),
        verify ? verify.split("<br>").map((v) => (v.startsWith("`") ? v.replace(/\|/g, "\\|") : markdownCell(v))).join("<br>") : "",
        `${markdownCell(basis)}${sources ? ` ${sources}` : ""}`,
      ].join(" | ")} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
