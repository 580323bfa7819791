// YAML files: compose, Kubernetes manifests and Helm templates, CI workflows, PaaS manifests,
// dynaconf settings and any other config. Each document is read on its own (`---`), its kind found
// by path and content (yaml-kinds.ts), its values bound with exact spans (yaml-tree.ts).
import { parseAllDocuments, type YAMLError } from "yaml";
import { LineIndex } from "../engine/positions.ts";
import type { FileFacts } from "../engine/types.ts";
import { type Format } from "./format.ts";
import { maskTemplates, type Masked } from "./template-mask.ts";
import { extract, kindOf } from "./yaml-kinds.ts";
import { Collector, YamlDoc } from "./yaml-tree.ts";

export const format: Format = {
  name: "yaml",
  files: "YAML (`*.yml`, `*.yaml`): docker compose `environment` (list and map, `${VAR:-default}` defaults), Kubernetes Secret `stringData` and base64 `data`, ConfigMap, container `env`, Helm templates, GitHub/GitLab/CircleCI workflow env, Render `render.yaml`, `heroku.yml`, dynaconf `settings.yaml`, any other YAML.",
  claims: (path) => /\.ya?ml$/i.test(path),
  facts: yamlFacts,
};

/** A chart template: under a `templates/` folder, with Go template syntax in it. */
const isChartTemplate = (path: string, text: string): boolean =>
  /(?:^|\/)templates\//i.test(path) && text.includes("{{");

export function yamlFacts(text: string, path: string): FileFacts {
  const lines = new LineIndex(text);
  if (isChartTemplate(path, text)) return read(maskTemplates(text), lines, path);
  const facts = read({ text, ranges: [] }, lines, path);
  // Template syntax elsewhere (a chart kept outside `templates/`, a Jinja-rendered manifest) can
  // break the YAML too: read it again with the expressions blanked, and keep that if it parses.
  if (facts.parseError !== undefined && text.includes("{{")) {
    const retry = read(maskTemplates(text), lines, path);
    if (retry.parseError === undefined) return retry;
  }
  return facts;
}

function read(source: Masked, lines: LineIndex, path: string): FileFacts {
  const c = new Collector(lines, source.ranges);
  let parseError: string | undefined;
  // The parser knows \r\n and \n but not a lone \r (old Mac line ends); one character for one keeps
  // every offset, and LineIndex counts a lone \r as a line end too.
  const text = source.text.includes("\r") ? source.text.replace(/\r(?!\n)/g, "\n") : source.text;
  try {
    // Duplicate keys lose nothing we read (and Helm if/else branches make them): not an error here.
    // No pretty errors: the library quotes each error's line, which costs the whole line per error
    // (quadratic on one long broken line); `message` names the line and column itself.
    const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
    if (!Array.isArray(docs)) return { bindings: [], notes: [] }; // nothing but comments
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        // The parser recovers, but the shape it recovers to is a guess: this document's facts are
        // dropped, and the engine's line scan reads the file instead.
        parseError ??= message(doc.errors[0]!, lines);
        continue;
      }
      c.y = new YamlDoc(text, doc);
      const root = c.y.root;
      extract(kindOf(path, c, root), c, root);
    }
  } catch (e) {
    // The parser throws on nothing we know of, but nesting deep enough can exhaust the stack.
    parseError ??= e instanceof Error ? `YAML could not be read: ${e.message.split("\n")[0]}` : "YAML could not be read";
  }
  return { bindings: c.bindings, notes: c.notes, ...(parseError === undefined ? {} : { parseError }) };
}

/** The parser's message and where it points, as the library's pretty errors word it (without the code excerpt). */
function message(e: YAMLError, lines: LineIndex): string {
  const at = e.pos[0];
  // Some messages end in the file's own text (`Unexpected scalar token in YAML stream: "..."`,
  // `Unresolved tag: !x`), which may be a value: notes reach the job summary, so that text goes.
  const text = e.message
    .split("\n")[0]!
    .replace(/: ".*"$/, "")
    .replace(/^(Not a YAML token|Block scalar header includes extra characters|Unresolved tag): .*$/, "$1");
  if (at < 0) return text;
  const { line, column } = lines.span(at, at);
  return `${text} at line ${line}, column ${column}`;
}
