// TOML files to facts, through toml-eslint-parser's tree: every string value at any depth binds
// the last part of its key, with the top-level table as its section. The file name and the tables
// tell what kind of file it is: dynaconf settings, a fly.toml with its `[env]`, or plain config.
import { parseTOML, type AST } from "toml-eslint-parser";
import { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Binding, Construct, Context, FileFacts } from "../engine/types.ts";
import { baseName, type Format } from "./format.ts";
import { envAssignment } from "./json.ts";

/** Files dynaconf reads by default, and their git-ignored `.local` / `.secrets` companions. */
const DYNACONF_FILE = /^(settings|\.?secrets)(\.local)?\.toml$/;
/** fly.toml, and the per-app copies deployed with `fly deploy -c fly.staging.toml`. */
const FLY_FILE = /^fly(\.[\w-]+)?\.toml$/;
/** dynaconf's environments (`environments=True`): a top-level table of these names is one. */
const DYNACONF_ENVS = new Set(["default", "development", "production", "global", "testing"]);
/** Lower-case names dynaconf users give Django settings (dynaconf keys are case-insensitive). */
const DJANGO_SETTINGS = new Set([
  "secret_key", "secret_key_fallbacks", "debug", "allowed_hosts", "databases", "database_url", "installed_apps",
  "middleware", "caches", "email_host_password", "csrf_trusted_origins",
]);
/** A settings name: Django's UPPER_CASE convention, or a known setting in lower case. */
const settingsLike = (key: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(key) || DJANGO_SETTINGS.has(key);

type Path = (string | number)[];

/** A string found in the walk, before the file's kind (and so its context) is known. */
interface Found {
  path: Path;
  construct: Construct;
  node: AST.TOMLStringValue;
  nameNode?: AST.TOMLBare | AST.TOMLQuoted;
}

const keyName = (k: AST.TOMLBare | AST.TOMLQuoted): string => (k.type === "TOMLBare" ? k.name : k.value);

/** Where a string's characters start and end: inside the quotes, after a multi-line string's first newline. */
function innerRange(text: string, node: AST.TOMLStringValue): [number, number] {
  const [s, e] = node.range;
  if (!node.multiline) return [s + 1, e - 1];
  let from = s + 3;
  // TOML drops a newline right after the opening delimiter.
  if (text[from] === "\n") from += 1;
  else if (text[from] === "\r" && text[from + 1] === "\n") from += 2;
  return [from, e - 3];
}

const TOML_ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", e: "\x1b", '"': '"', "\\": "\\" };

/**
 * The file offset of each decoded UTF-16 unit of a string (one more entry for its end), so a part
 * of the value maps to the characters as written. Undefined when the decoding disagrees with the
 * parser's value: the caller then falls back to the whole string's span.
 */
function decodedOffsets(text: string, node: AST.TOMLStringValue): number[] | undefined {
  const [from, to] = innerRange(text, node);
  const units: string[] = [];
  const offsets: number[] = [];
  // Every UTF-16 unit of what one source character or escape stands for starts where it does.
  const push = (s: string, at: number) => {
    for (let k = 0; k < s.length; k++) {
      units.push(s[k]!);
      offsets.push(at);
    }
  };
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === "\r" && text[i + 1] === "\n") {
      // The parser reads a CRLF inside a multi-line string as one newline.
      push("\n", i);
      i += 2;
    } else if (c !== "\\" || node.style === "literal") {
      push(c, i);
      i += 1;
    } else {
      const e = text[i + 1] ?? "";
      const hex = e === "u" ? 4 : e === "U" ? 8 : e === "x" ? 2 : 0;
      if (TOML_ESCAPES[e] !== undefined) {
        push(TOML_ESCAPES[e], i);
        i += 2;
      } else if (hex > 0 && /^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= to) {
        const code = parseInt(text.slice(i + 2, i + 2 + hex), 16);
        if (code > 0x10ffff) return undefined;
        push(String.fromCodePoint(code), i);
        i += 2 + hex;
      } else if (node.multiline && endsLine(text, i + 1)) {
        // A line-ending backslash drops the newline and all whitespace after it.
        i += 1;
        while (i < to && /[ \t\r\n]/.test(text[i]!)) i++;
      } else {
        return undefined;
      }
    }
  }
  offsets.push(to);
  return units.join("") === node.value ? offsets : undefined;
}

/** Only blanks, then a newline, from `i` on: the backslash before it ends the line. */
function endsLine(text: string, i: number): boolean {
  while (text[i] === " " || text[i] === "\t") i++;
  return text[i] === "\n" || (text[i] === "\r" && text[i + 1] === "\n");
}

/** Walks every key/value at any depth, keeping each string with its full key path. */
function collect(top: AST.TOMLTopLevelTable): { found: Found[]; dynaconfTables: boolean } {
  const found: Found[] = [];
  let dynaconfTables = false;
  // An explicit stack: inline arrays nest as deep as the parser allows, deeper than a recursion should.
  type Item = { kv: AST.TOMLKeyValue; prefix: Path } | { value: AST.TOMLContentNode; path: Path; nameNode: AST.TOMLBare | AST.TOMLQuoted; construct: Construct };
  const stack: Item[] = [];
  const pushBody = (body: AST.TOMLKeyValue[], prefix: Path) => {
    for (let i = body.length - 1; i >= 0; i--) stack.push({ kv: body[i]!, prefix });
  };
  for (let i = top.body.length - 1; i >= 0; i--) {
    const entry = top.body[i]!;
    if (entry.type === "TOMLTable") pushBody(entry.body, entry.resolvedKey);
    else stack.push({ kv: entry, prefix: [] });
  }
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("kv" in item) {
      const keys = item.kv.key.keys;
      const path = [...item.prefix, ...keys.map(keyName)];
      if (path.length >= 2 && DYNACONF_ENVS.has(String(path[0])) && settingsLike(String(path[1]))) dynaconfTables = true;
      stack.push({ value: item.kv.value, path, nameNode: keys[keys.length - 1]!, construct: "entry" });
      continue;
    }
    const { value, path, nameNode, construct } = item;
    if (value.type === "TOMLValue") {
      if (value.kind === "string") found.push({ path, construct, node: value, nameNode });
    } else if (value.type === "TOMLInlineTable") {
      pushBody(value.body, path);
    } else {
      // Array items bind the array's key, one "item" each (SECRET_KEY_FALLBACKS = ["...", "..."]).
      for (let i = value.elements.length - 1; i >= 0; i--) stack.push({ value: value.elements[i]!, path, nameNode, construct: "item" });
    }
  }
  return { found, dynaconfTables };
}

function contextFor(base: string, dynaconfTables: boolean): (path: Path) => Context {
  if (DYNACONF_FILE.test(base) || dynaconfTables) return () => "dynaconf";
  // fly.toml: only `[env]` becomes the app's environment; the rest configures the platform.
  if (FLY_FILE.test(base)) return (path) => (path.length === 2 && path[0] === "env" ? "paas" : "config");
  return () => "config";
}

export const format: Format = {
  name: "toml",
  files: "TOML (`*.toml`): dynaconf `settings.toml` / `.secrets.toml` by environment section, `fly.toml` `[env]`, `pyproject.toml` (pytest-env).",
  claims: (path) => baseName(path).endsWith(".toml"),
  facts(text, path) {
    const facts: FileFacts = { bindings: [], notes: [] };
    let program: AST.TOMLProgram;
    try {
      // 1.1 is the lenient grammar (newlines in inline tables, \e and \x escapes): read what people write.
      program = parseTOML(text, { tomlVersion: "1.1" });
    } catch (e) {
      const err = e as { message?: string; lineNumber?: number; column?: number };
      const where = typeof err.lineNumber === "number" ? ` at line ${err.lineNumber}, column ${(err.column ?? 0) + 1}` : "";
      facts.parseError = `Invalid TOML${where}: ${err.message ?? String(e)}.`;
      return facts;
    }
    const lines = new LineIndex(text);
    const { found, dynaconfTables } = collect(program.body[0]);
    const contextOf = contextFor(baseName(path), dynaconfTables);
    for (const f of found) facts.bindings.push(binding(text, lines, f, contextOf(f.path)));
    return facts;
  },
};

function binding(text: string, lines: LineIndex, f: Found, context: Context): Binding {
  const name = String(f.path[f.path.length - 1] ?? "");
  const section = f.path.length >= 2 ? { section: String(f.path[0]) } : {};
  const nameSpan = f.nameNode ? lines.span(...nameRange(f.nameNode)) : undefined;
  const assignment = f.construct === "item" ? envAssignment(f.node.value) : undefined;
  const offsets = assignment && decodedOffsets(text, f.node);
  if (assignment && offsets) {
    // pytest-env's `env = ["SECRET_KEY=..."]`: the item sets the variable it names.
    return {
      name: assignment.name, construct: "entry", context, ...section,
      value: {
        kind: "string",
        secret: new Secret(f.node.value.slice(assignment.valueStart)),
        span: lines.span(offsets[assignment.valueStart]!, offsets[f.node.value.length]!),
      },
      nameSpan: lines.span(offsets[assignment.nameStart]!, offsets[assignment.valueStart - 1]!),
    };
  }
  return {
    name, construct: f.construct, context, ...section,
    // The characters between the quotes, as written (escapes included).
    value: { kind: "string", secret: new Secret(f.node.value), span: lines.span(...innerRange(text, f.node)) },
    ...(nameSpan ? { nameSpan } : {}),
  };
}

/** A key's own characters: a quoted key without its quotes. */
const nameRange = (k: AST.TOMLBare | AST.TOMLQuoted): [number, number] =>
  k.type === "TOMLBare" ? [k.range[0], k.range[1]] : [k.range[0] + 1, k.range[1] - 1];
