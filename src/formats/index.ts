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
  claims: (path) => /\.pyw?$/i.test(path),
  facts: (source) => pythonFacts(source),
};

/** Most specific first: the first format that claims a file reads it. */
export const FORMATS: readonly Format[] = [notebook, json, toml, yaml, dockerfile, procfile, systemd, ini, dotenv, shell, python, text];

export function formatFor(path: string): Format {
  return FORMATS.find((f) => f.claims(path)) ?? text;
}
