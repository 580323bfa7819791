// Which format reads which file. A file no format claims is counted as not scanned, never dropped.
import type { FileFacts } from "../engine/types.ts";
import { pythonFacts } from "./python.ts";

export interface Format {
  name: string;
  facts(text: string): FileFacts;
}

const PYTHON: Format = { name: "python", facts: pythonFacts };

export function formatFor(path: string): Format | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".py") || lower.endsWith(".pyw")) return PYTHON;
  return undefined;
}
