import type { Paint } from "../render/text-table.js";
import { useColor, type CliIo } from "./io.js";

const CODES: Record<string, string> = { customer: "33", shared: "36", provider: "32", "third-party": "35", "not-applicable": "90" };

/** Colours the owner column by owner on a colour terminal; the text itself always names the owner. */
export function ownerPaint(io: CliIo): Paint | undefined {
  if (!useColor(io)) return undefined;
  return (text) => {
    const code = CODES[text.trim().split(" ")[0] ?? ""];
    return code ? `\u001b[${code}m${text}\u001b[0m` : text;
  };
}
