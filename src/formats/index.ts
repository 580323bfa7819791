// Which format reads which file. Every text file is read by some format: the last one, a line scan
// for key shapes, takes whatever no parser claims.
import type { Format } from "./format.ts";
import { pythonFacts } from "./python.ts";
import { format as notebook } from "./notebook.ts";
import { format as json } from "./json.ts";
import { format as toml } from "./toml.ts";
import { format as yaml } from "./yaml.ts";
import { format as dockerfile } from "./dockerfile.ts";
import { format as procfile } from "./procfile.ts";
import { format as systemd } from "./systemd.ts";
import { format as ini } from "./ini.ts";
import { format as dotenv } from "./dotenv.ts";
import { format as shell } from "./shell.ts";
import { format as text } from "./text.ts";

export type { Format } from "./format.ts";

const python: Format = {
  name: "python",
  files: "Python (`*.py`): settings modules parsed with a real syntax tree: assignments, annotated and attribute assignments, implicit concatenation, dicts, `settings.configure(...)` and other keyword arguments, environment look-ups with defaults (os, django-environ, python-decouple, getattr, pydantic BaseSettings), per-process random keys, `SECRET_KEY_FALLBACKS`, SimpleJWT `SIGNING_KEY`, database and other credentials.",
  claims: (path) => /\.pyw?$/i.test(path),
  facts: (source) => pythonFacts(source),
};

/** Most specific first: the first format that claims a file reads it. */
export const FORMATS: readonly Format[] = [notebook, json, toml, yaml, dockerfile, procfile, systemd, ini, dotenv, shell, python, text];

/** The last answer: one file is asked about in turn by the prefilter, the scan and the suppression reader. */
let last: { path: string; format: Format } | undefined;

export function formatFor(path: string): Format {
  if (last?.path !== path) last = { path, format: FORMATS.find((f) => f.claims(path)) ?? text };
  return last.format;
}
