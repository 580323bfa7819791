// Which format reads which file. A file no format claims is counted as not scanned, never dropped.
import type { Format } from "./format.ts";
import { pythonFacts } from "./python.ts";

export type { Format } from "./format.ts";

const PYTHON: Format = {
  name: "python",
  claims: (path) => /\.pyw?$/i.test(path),
  facts: (text) => pythonFacts(text),
};

/** Most specific first: the first format that claims a file reads it. */
const FORMATS: readonly Format[] = [PYTHON];

export function formatFor(path: string): Format | undefined {
  return FORMATS.find((f) => f.claims(path));
}
