// JSON and JSON-with-comments config files to facts, through jsonc-parser's tree (comments and
// trailing commas allowed everywhere: tsconfig-style files break the strict grammar all the time).
// Every string member binds its key; Heroku app.json `env`, `name`/`value` pairs (ECS, Kubernetes
// JSON) and `"NAME=value"` list items (docker `Env`) bind the variable they set. Strings are kept
// as they are: JSON has no interpolation of its own, so `${VAR}` or `{{ x }}` reach the engine as
// text, whose placeholder detection marks them as templates.
import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Binding, Construct, Context, FileFacts } from "../engine/types.ts";
import { baseName, type Format } from "./format.ts";

// --- shared with the notebook and TOML formats ---------------------------------------------

/** A parsed JSON(C) document: the tree (partial when the text is broken) and the first error. */
export interface ParsedJson {
  root?: Node;
  parseError?: string;
}

/** Parses JSON with comments and trailing commas; never throws (a stack overflow on absurd nesting becomes a parse error). */
export function parseJson(text: string, lines: LineIndex): ParsedJson {
  // A byte-order mark is no JSON symbol; a space keeps every offset where it was.
  const source = text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text;
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { allowTrailingComma: true });
  } catch {
    return { parseError: "Invalid JSON: nested too deeply to read." };
  }
  const first = errors[0];
  if (!first) return { ...(root ? { root } : {}) };
  const at = lines.span(first.offset, first.offset + Math.max(first.length, 1));
  return {
    ...(root ? { root } : {}),
    parseError: `Invalid JSON at line ${at.line}, column ${at.column}: ${printParseErrorCode(first.error)}.`,
  };
}

/** The value node of `key` in an object node, when there is one. */
export function member(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== "object") return undefined;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key && v) return v;
  }
  return undefined;
}

/** A string token's decoded text and, for each decoded UTF-16 unit, its offset in the file. */
export interface DecodedString {
  value: string;
  /** offsets[i] is where decoded unit i starts in the file; offsets[value.length] is the closing quote. */
  offsets: number[];
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Decodes a string node of `text` with the offset of every character, so a position inside the
 * decoded value maps back to the exact source characters. Undefined for a token that is not a
 * complete, valid JSON string (unterminated, a bad escape): jsonc-parser has only guessed its value.
 */
export function decodeJsonString(text: string, node: Node): DecodedString | undefined {
  if (node.type !== "string" || !isCompleteString(text, node)) return undefined;
  const end = node.offset + node.length - 1;
  const units: string[] = [];
  const offsets: number[] = [];
  let i = node.offset + 1;
  while (i < end) {
    const c = text[i]!;
    if (c !== "\\") {
      units.push(c);
      offsets.push(i);
      i += 1;
      continue;
    }
    const e = text[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined && i + 1 < end) {
      units.push(simple);
      offsets.push(i);
      i += 2;
    } else if (e === "u" && i + 5 < end && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      units.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)));
      offsets.push(i);
      i += 6;
    } else {
      return undefined;
    }
  }
  offsets.push(end);
  const value = units.join("");
  return value === node.value ? { value, offsets } : undefined;
}

/** Both quotes present and the closing one not escaped: the parser read the whole token. */
function isCompleteString(text: string, node: Node): boolean {
  const end = node.offset + node.length - 1;
  if (node.length < 2 || text[node.offset] !== '"' || text[end] !== '"') return false;
  let backslashes = 0;
  for (let i = end - 1; i > node.offset && text[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * `NAME=value` as docker `Env`, ECS-style and pytest-env lists write one environment variable
 * (pytest-env may prefix `D:` or `R:` flags): the name and where it and the value start.
 */
export function envAssignment(text: string): { name: string; nameStart: number; valueStart: number } | undefined {
  const m = /^((?:[DR]{1,2}:)?)([A-Za-z_][A-Za-z0-9_]*)=/.exec(text);
  return m ? { name: m[2]!, nameStart: m[1]!.length, valueStart: m[0].length } : undefined;
}

// --- the format ----------------------------------------------------------------------------

/**
 * Generated lock files: thousands of integrity hashes and URLs, never a setting someone typed.
 * (`composer.lock`, `Pipfile.lock` and friends do not end in .json and are not claimed at all.)
 */
const LOCK_FILE = /(^|[-.])lock\.json$|^npm-shrinkwrap\.json$/;

/** What a walk step stands for: a string with the name it binds, or a container to open. */
interface Frame {
  node: Node;
  /** The key the node is the value of (or, for array items, the nearest enclosing key). */
  key?: Node;
  construct: Construct;
}

class JsonFacts {
  readonly bindings: Binding[] = [];
  private readonly text: string;
  private readonly lines: LineIndex;
  /** Heroku app.json `env` objects, with the `environments.<name>` section they belong to. */
  private readonly herokuEnv = new Map<Node, string | undefined>();

  constructor(text: string, lines: LineIndex) {
    this.text = text;
    this.lines = lines;
  }

  run(root: Node, path: string): void {
    if (baseName(path) === "app.json") this.findHerokuEnv(root);
    // An explicit stack: a tree as deep as the parser could read must not overflow ours. Children
    // go on in reverse so bindings come out in document order.
    const stack: Frame[] = [{ node: root, construct: "entry" }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const { node } = frame;
      if (node.type === "string") this.stringAt(frame);
      else if (node.type === "object" && this.herokuEnv.has(node)) this.herokuEntries(node, this.herokuEnv.get(node));
      else if (node.type === "object") this.object(node, stack);
      else if (node.type === "array") {
        const items = node.children ?? [];
        for (let i = items.length - 1; i >= 0; i--) {
          stack.push({ node: items[i]!, construct: "item", ...(frame.key ? { key: frame.key } : {}) });
        }
      }
    }
  }

  private object(node: Node, stack: Frame[]): void {
    const pairs = (node.children ?? []).map((p) => p.children ?? []).filter((kv) => kv[0] && kv[1]) as [Node, Node][];
    // {"name": "X", "value": "Y"} (ECS environment, Kubernetes env in JSON) binds X, not "value".
    const named = pairs.find(([k, v]) => /^name$/i.test(String(k.value)) && v.type === "string");
    const valued = pairs.find(([k, v]) => /^value$/i.test(String(k.value)) && v.type === "string");
    if (named && valued) this.bindString(String(named[1].value), "entry", "config", valued[1], named[1]);
    for (let i = pairs.length - 1; i >= 0; i--) {
      const [k, v] = pairs[i]!;
      if (named && valued && (pairs[i] === named || pairs[i] === valued)) continue;
      stack.push({ node: v, key: k, construct: "entry" });
    }
  }

  private stringAt(frame: Frame): void {
    const { node, key } = frame;
    if (frame.construct === "item") {
      const assignment = typeof node.value === "string" ? envAssignment(node.value) : undefined;
      const decoded = assignment && decodeJsonString(this.text, node);
      if (assignment && decoded) {
        const { offsets } = decoded;
        this.bindings.push({
          name: assignment.name, construct: "entry", context: "config",
          value: {
            kind: "string",
            secret: new Secret(decoded.value.slice(assignment.valueStart)),
            span: this.lines.span(offsets[assignment.valueStart]!, offsets[decoded.value.length]!),
          },
          nameSpan: this.lines.span(offsets[assignment.nameStart]!, offsets[assignment.valueStart - 1]!),
        });
        return;
      }
    }
    if (key) this.bindString(String(key.value), frame.construct, "config", node, key);
  }

  /** Binds `name` to a string node; the span is the characters between its quotes, as written. */
  private bindString(name: string, construct: Construct, context: Context, node: Node, nameNode: Node, section?: string): void {
    if (typeof node.value !== "string" || !isCompleteString(this.text, node)) return;
    this.bindings.push({
      name, construct, context,
      value: { kind: "string", secret: new Secret(node.value), span: this.inner(node) },
      ...(isCompleteString(this.text, nameNode) ? { nameSpan: this.inner(nameNode) } : {}),
      ...(section !== undefined ? { section } : {}),
    });
  }

  private inner(node: Node) {
    return this.lines.span(node.offset + 1, node.offset + node.length - 1);
  }

  /** app.json: `env` at the top and `environments.<name>.env` (Heroku CI, review apps). */
  private findHerokuEnv(root: Node): void {
    const env = member(root, "env");
    if (env?.type === "object") this.herokuEnv.set(env, undefined);
    const environments = member(root, "environments");
    for (const prop of environments?.type === "object" ? environments.children ?? [] : []) {
      const [k, v] = prop.children ?? [];
      const inner = member(v, "env");
      if (k && inner?.type === "object") this.herokuEnv.set(inner, String(k.value));
    }
  }

  /**
   * `"NAME": "value"` and `"NAME": {"value": "..."}` are committed values. `{"generator": "secret"}`
   * makes Heroku generate the value at deploy time: nothing is committed, so no binding. Entries'
   * other fields (description, required) are documentation, not values.
   */
  private herokuEntries(env: Node, section: string | undefined): void {
    for (const prop of env.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const valueNode = v.type === "object" ? member(v, "value") : v;
      if (valueNode?.type === "string") this.bindString(String(k.value), "entry", "paas", valueNode, k, section);
    }
  }
}

export const format: Format = {
  name: "json",
  files: "JSON and JSONC (`*.json`, `.vscode/*.json`, `*.code-workspace`; not lock files): Heroku `app.json` `env` (`\"generator\": \"secret\"` is clean), settings kept as JSON, VS Code launch/env maps, `\"NAME=value\"` lists.",
  claims(path) {
    const base = baseName(path);
    if (LOCK_FILE.test(base)) return false;
    return /\.(json|jsonc|code-workspace)$/.test(base);
  },
  facts(text, path) {
    const facts: FileFacts = { bindings: [], notes: [] };
    // Nothing to read (trim also drops a byte-order mark): no facts, and no error to report.
    if (text.trim() === "") return facts;
    const lines = new LineIndex(text);
    const parsed = parseJson(text, lines);
    if (parsed.parseError) facts.parseError = parsed.parseError;
    if (parsed.root) {
      const json = new JsonFacts(text, lines);
      json.run(parsed.root, path);
      facts.bindings = json.bindings;
    }
    return facts;
  },
};
