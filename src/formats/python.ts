// Python settings to facts, through a real syntax tree (@lezer/python, error-tolerant): which names
// are bound to which string literals, environment look-ups with their defaults, and random keys.
import { parser } from "@lezer/python";
import type { SyntaxNode } from "@lezer/common";
import { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Binding, Construct, FileFacts, StarImport, Value } from "../engine/types.ts";
import { decodePythonString } from "./python-strings.ts";
import { PUBLIC_SETTINGS } from "../engine/public-settings.ts";

/** Calls that make a new random value in each process (DJS007). */
const RANDOM_CALLS = new Set([
  "get_random_secret_key", "get_random_string", "token_hex", "token_urlsafe", "token_bytes", "uuid4", "urandom",
]);
/** os-module look-ups: the environment variable is the first argument, the default the second. */
const OS_LOOKUPS = new Set(["os.environ.get", "environ.get", "os.getenv", "getenv", "os.environ.setdefault", "environ.setdefault"]);
/** python-decouple: `config(name, default=...)`, where the second positional argument is the default. */
const DECOUPLE_LOOKUPS = new Set(["config", "decouple.config"]);
/** Nesting of one value read this deep, no deeper (real settings nest a few levels). */
const MAX_NESTING = 200;
/** Settings names whose entries are each a key of their own. */
const KEY_LIST_NAMES = new Set(["SECRET_KEY_FALLBACKS"]);

interface Args {
  positional: SyntaxNode[];
  keywords: Map<string, { name: SyntaxNode; value: SyntaxNode }>;
}

class PythonFacts {
  readonly bindings: Binding[] = [];
  readonly notes: string[] = [];
  private readonly lines: LineIndex;
  /** Statements another pass already turned into bindings. */
  private readonly handled = new Set<number>();
  private readonly starImports: StarImport[] = [];
  /** django-environ's declared casts and defaults: `environ.Env(DEBUG=(bool, False))`. */
  private readonly envDeclared = new Map<string, { cast: string; default?: SyntaxNode }>();
  /** Names bound to `environ.Env(...)`: their calls are django-environ look-ups. */
  private readonly envObjects = new Set(["env"]);

  private readonly text: string;
  /** How deep valueOf is in the value it reads. */
  private depth = 0;

  constructor(text: string) {
    this.text = text;
    this.lines = new LineIndex(text);
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private span(node: SyntaxNode) {
    return this.lines.span(node.from, node.to);
  }

  run(): FileFacts {
    const tree = parser.parse(this.text);
    let firstError: number | undefined;
    const all: SyntaxNode[] = [];
    tree.iterate({
      enter: (ref) => {
        if (ref.type.isError && firstError === undefined) firstError = ref.from;
        all.push(ref.node);
      },
    });
    if (firstError !== undefined) {
      this.notes.push(`Python syntax error near line ${this.lines.span(firstError, firstError + 1).line}; scanned what the parser could recover.`);
    }
    for (const node of all) {
      if (node.name === "AssignStatement") this.noteEnvObject(node);
      else if (node.name === "ImportStatement") this.noteStarImport(node);
    }
    for (const node of all) {
      if (node.name === "AssignStatement") this.assignment(node);
      else if (node.name === "DictionaryExpression") this.dictionary(node);
      else if (node.name === "CallExpression") this.call(node);
      else if (node.name === "ClassDefinition") this.settingsClass(node);
    }
    return { bindings: this.bindings, notes: this.notes, ...(this.starImports.length ? { starImports: this.starImports } : {}) };
  }

  private bind(name: string, construct: Construct, valueNode: SyntaxNode, nameNode?: SyntaxNode): void {
    // Kept even when unreadable (SESSION_COOKIE_SECURE = not DEBUG): set-but-unknown is not unset.
    const value = this.valueOf(valueNode, PUBLIC_SETTINGS.has(name));
    this.bindings.push({ name, construct, value, ...(nameNode ? { nameSpan: this.span(nameNode) } : {}), ...this.placement(valueNode) });
  }

  /** Module level or not, and the `if` it sits in: settings rules judge what a module sets for good. */
  private placement(node: SyntaxNode): { topLevel?: true; condition?: string } {
    const parts: string[] = [];
    for (let p = node.parent, child: SyntaxNode = node; p; child = p, p = p.parent) {
      if (p.name === "FunctionDefinition" || p.name === "ClassDefinition" || p.name === "LambdaExpression") return {};
      if (p.name === "IfStatement") parts.unshift(...this.branchCondition(p, child));
    }
    if (parts.length === 0) return { topLevel: true };
    // One test stays as written (`DEBUG`, `not DEBUG`); several are joined, each kept whole by parentheses.
    const condition = parts.length === 1 ? parts[0]! : parts.map((t) => (/^(not )?[\w.]+$/.test(t) ? t : `(${t})`)).join(" and ");
    return { topLevel: true, condition };
  }

  /**
   * What must hold for `body` (one Body of an if/elif/else chain) to run: every earlier test negated,
   * then its own (`if A: .. elif B: .. else: ..` gives [A], [not A, B], [not A, not B]).
   */
  private branchCondition(statement: SyntaxNode, body: SyntaxNode): string[] {
    const parts: string[] = [];
    let test: string | undefined;
    for (const k of children(statement)) {
      if (k.name === "Body") {
        if (k.from === body.from) return test !== undefined ? [...parts, test] : parts.length ? parts : ["?"];
        if (test !== undefined) parts.push(`not ${/^[\w.]+$/.test(test) ? test : `(${test})`}`);
        test = undefined;
      } else if (k.name !== "if" && k.name !== "elif" && k.name !== "else" && isExpression(k)) {
        test = this.src(k);
      }
    }
    return ["?"];
  }

  private noteStarImport(node: SyntaxNode): void {
    const kids = children(node);
    if (!kids.some((k) => k.name === "*") || kids[0]?.name !== "from") return;
    const end = kids.findIndex((k) => k.name === "import");
    const module = kids.slice(1, end).map((k) => this.src(k)).join("");
    if (module) this.starImports.push({ module, span: this.span(node) });
  }

  // --- statements -------------------------------------------------------------------------

  private noteEnvObject(node: SyntaxNode): void {
    const kids = children(node);
    const value = kids[kids.length - 1];
    if (value?.name === "CallExpression" && /^(environ\.)?Env$/.test(this.calleeOf(value))) {
      for (const k of kids) if (k.name === "VariableName" && k !== value) this.envObjects.add(this.src(k));
      for (const [name, kw] of this.argsOf(value)?.keywords ?? []) {
        const tuple = kw.value.name === "TupleExpression" ? children(kw.value).filter(isExpression) : [];
        if (tuple[0]) this.envDeclared.set(name, { cast: this.src(tuple[0]), ...(tuple[1] ? { default: tuple[1] } : {}) });
      }
    }
  }

  private assignment(node: SyntaxNode): void {
    if (this.handled.has(node.from)) return;
    const kids = children(node);
    const ops = kids.filter((k) => k.name === "AssignOp");
    if (ops.length === 0) return;
    const value = kids[kids.length - 1]!;
    const annotated = kids.some((k) => k.name === "TypeDef");
    for (const target of kids) {
      if (target === value || target.name === "AssignOp" || target.name === "TypeDef") continue;
      const named = this.targetName(target);
      if (!named) continue;
      const construct: Construct = named.construct ?? (annotated ? "annotated" : "assignment");
      if (KEY_LIST_NAMES.has(named.name) && (value.name === "ArrayExpression" || value.name === "TupleExpression")) {
        for (const item of children(value)) if (isExpression(item)) this.bind(named.name, "item", item, named.node);
      } else {
        this.bind(named.name, construct, value, named.node);
      }
    }
  }

  /** `NAME`, `obj.NAME` or `obj["NAME"]` on the left of `=`. */
  private targetName(target: SyntaxNode): { name: string; node: SyntaxNode; construct?: Construct } | undefined {
    if (target.name === "VariableName") return { name: this.src(target), node: target };
    if (target.name !== "MemberExpression") return undefined;
    const prop = target.lastChild;
    if (prop?.name === "PropertyName") return { name: this.src(prop), node: prop, construct: "attribute" };
    const index = subscriptIndex(target);
    const name = index && decodePythonString(this.src(index));
    if (!index || !name) return undefined;
    return { name, node: index, construct: "dict-entry" };
  }

  private dictionary(node: SyntaxNode): void {
    const kids = children(node).filter((k) => k.name === "**" || isExpression(k));
    // Entries come as key, value pairs; `**spread` is the operator and one expression.
    for (let i = 0; i + 1 < kids.length; i += 2) {
      const key = kids[i]!;
      if (key.name === "**") continue;
      const name = key.name === "String" ? decodePythonString(this.src(key)) : undefined;
      if (name === undefined) continue;
      this.bind(name, "dict-entry", kids[i + 1]!, key);
    }
  }

  private call(node: SyntaxNode): void {
    const callee = this.calleeOf(node);
    const args = this.argsOf(node);
    if (!args) return;
    // environ.Env(SECRET_KEY=(str, 'default')): each keyword declares a variable and its default.
    if (/^(environ\.)?Env$/.test(callee)) {
      for (const [name, kw] of args.keywords) {
        const tuple = kw.value.name === "TupleExpression" ? children(kw.value).filter(isExpression) : [];
        if (tuple.length < 2) continue;
        const dflt = this.valueOf(tuple[1]!);
        this.bindings.push({
          name, construct: "env-default", nameSpan: this.span(kw.name),
          value: { kind: "env", via: "environ.Env", envName: name, default: dflt, span: this.span(kw.value) },
        });
      }
      return;
    }
    const lookup = this.envLookup(node);
    if (lookup) {
      // A look-up standing alone (os.environ.setdefault("DJANGO_SECRET_KEY", "...")) binds its variable.
      const parent = node.parent;
      if (parent?.name === "ExpressionStatement" && lookup.kind === "env" && lookup.envName) {
        this.bindings.push({ name: lookup.envName, construct: "env-default", value: lookup });
      }
      return;
    }
    for (const [name, kw] of args.keywords) this.bind(name, "keyword", kw.value, kw.name);
  }

  /** pydantic-settings: `class S(BaseSettings): secret_key: str = "..."` reads the environment first. */
  private settingsClass(node: SyntaxNode): void {
    const bases = children(node).find((k) => k.name === "ArgList");
    if (!bases || !/\bBaseSettings\b/.test(this.src(bases))) return;
    const body = children(node).find((k) => k.name === "Body");
    for (const stmt of body ? children(body) : []) {
      if (stmt.name !== "AssignStatement" || !children(stmt).some((k) => k.name === "TypeDef")) continue;
      const kids = children(stmt);
      const target = kids[0]!;
      const valueNode = kids[kids.length - 1]!;
      if (target.name !== "VariableName" || valueNode === target) continue;
      const name = this.src(target);
      const dflt = this.valueOf(valueNode);
      this.handled.add(stmt.from);
      this.bindings.push({
        name, construct: "env-default", nameSpan: this.span(target),
        value: { kind: "env", via: "a pydantic BaseSettings field", envName: name.toUpperCase(), default: dflt, span: this.span(valueNode) },
      });
    }
  }

  // --- expressions ------------------------------------------------------------------------

  /** `open`: the value belongs to a public setting, so its strings keep readable text. */
  private valueOf(node: SyntaxNode, open = false): Value {
    // Values nested deeper than any settings file writes are "other": reading them recursively
    // overflowed the stack (a list nested 2,000 deep).
    if (this.depth >= MAX_NESTING) return { kind: "other", span: this.span(node) };
    this.depth++;
    try {
      return this.valueAt(node, open);
    } finally {
      this.depth--;
    }
  }

  private valueAt(node: SyntaxNode, open: boolean): Value {
    const span = this.span(node);
    if (node.name === "ParenthesizedExpression") {
      const inner = children(node).filter(isExpression);
      return inner.length === 1 ? this.valueOf(inner[0]!, open) : { kind: "other", span };
    }
    const literal = this.stringValue(node);
    if (literal !== undefined) {
      return { kind: "string", secret: new Secret(literal), ...(open ? { text: literal } : {}), span };
    }
    if (node.name === "Boolean") return { kind: "bool", value: this.src(node) === "True", span };
    if (node.name === "LambdaExpression") {
      const body = children(node).filter(isExpression).pop();
      return { kind: "lambda", returns: body ? this.valueOf(body, open) : { kind: "other", span }, span };
    }
    if (node.name === "None") return { kind: "none", span };
    if (node.name === "Number") return { kind: "number", value: Number(this.src(node).replaceAll("_", "").replace(/^0o/i, "0o")), span };
    if (node.name === "ArrayExpression" || node.name === "TupleExpression") {
      return { kind: "list", items: children(node).filter(isExpression).map((k) => this.valueOf(k, open)), span };
    }
    if (node.name === "DictionaryExpression") {
      const kids = children(node).filter((k) => k.name === "**" || isExpression(k));
      const entries: Array<{ key: string; value: Value }> = [];
      for (let i = 0; i + 1 < kids.length; i += 2) {
        const key = kids[i]!.name === "String" ? decodePythonString(this.src(kids[i]!)) : undefined;
        if (key !== undefined) entries.push({ key, value: this.valueOf(kids[i + 1]!, open) });
      }
      return { kind: "dict", entries, span };
    }
    if (node.name === "CallExpression") {
      const env = this.envLookup(node, open);
      if (env) return env;
      const callee = this.calleeOf(node);
      const last = callee.split(".").pop() ?? "";
      if (RANDOM_CALLS.has(last)) return { kind: "random-call", callee, span };
      const args = this.argsOf(node);
      // int(os.environ.get("DEBUG", 0)) casts; bool(os.getenv("DEBUG")) only tests the string for emptiness.
      if ((callee === "int" || callee === "bool" || callee === "float") && args?.positional.length === 1) {
        const inner = this.valueOf(args.positional[0]!, open);
        if (inner.kind === "env") return { ...inner, via: `${callee}(${inner.via})`, ...(callee === "bool" ? {} : { cast: callee }), span };
      }
      // os.getenv("DEBUG", "").lower(): still the environment's string.
      const object = node.firstChild?.firstChild;
      if (node.firstChild?.name === "MemberExpression" && object?.name === "CallExpression" && /^(lower|upper|strip|casefold)$/.test(last)) {
        const inner = this.valueOf(object, open);
        if (inner.kind === "env") return { ...inner, span };
      }
      // str(uuid4()), str(get_random_secret_key()): look through the conversion.
      if (callee === "str" && args?.positional.length === 1) {
        const inner = this.valueOf(args.positional[0]!);
        if (inner.kind === "random-call") return { ...inner, span };
      }
      return { kind: "other", span };
    }
    if (node.name === "MemberExpression") {
      const object = node.firstChild;
      // uuid.uuid4().hex, secrets.token_bytes(32).hex()
      if (object?.name === "CallExpression") {
        const inner = this.valueOf(object);
        if (inner.kind === "random-call") return { ...inner, span };
      }
      // os.environ["X"]: no default, so an unset variable stops the process: clean.
      const index = subscriptIndex(node);
      if (index && object && /^(os\.)?environ$/.test(this.src(object).replace(/\s+/g, ""))) {
        const envName = decodePythonString(this.src(index));
        return { kind: "env", via: "os.environ[...]", ...(envName ? { envName } : {}), span };
      }
    }
    if (node.name === "BinaryExpression") {
      const kids = children(node);
      const compare = kids[1];
      if (kids.length === 3 && compare && (compare.name === "CompareOp" || compare.name === "in" || compare.name === "not")) {
        // os.getenv("DEBUG") == "True", ... in ("1", "true"): a comparison makes a real boolean.
        const left = this.valueOf(kids[0]!, open);
        if (left.kind === "env") return { ...left, via: `${left.via} ${this.src(compare)} ...`, cast: "compare", span };
        // "DEBUG" in os.environ: true whenever the variable is set at all, even to "False".
        if (compare.name === "in" && /^(os\.)?environ$/.test(this.src(kids[2]!).replace(/\s+/g, ""))) {
          const envName = kids[0]!.name === "String" ? decodePythonString(this.src(kids[0]!)) : undefined;
          return { kind: "env", via: `'...' in os.environ`, ...(envName ? { envName } : {}), cast: "presence", span };
        }
      }
      const op = kids.find((k) => k.name === "or");
      if (op && kids.length === 3) {
        // os.environ.get("X") or "default": the right side is what an unset (or empty) variable yields.
        const left = this.valueOf(kids[0]!, open);
        if (left.kind === "env") {
          const right = this.valueOf(kids[2]!, open);
          const leftDefaultUsed = left.default?.kind === "string" && left.default.secret.length > 0;
          return { ...left, via: `${left.via} or ...`, span, ...(leftDefaultUsed ? {} : { default: right }) };
        }
      }
    }
    return { kind: "other", span };
  }

  /** The value of a literal, implicit concatenation ('a' 'b') or `+` of literals; else undefined. */
  private stringValue(node: SyntaxNode, depth = 0): string | undefined {
    if (depth >= MAX_NESTING) return undefined;
    if (node.name === "String") return decodePythonString(this.src(node));
    if (node.name === "FormatString") {
      return children(node).some((k) => k.name === "FormatReplacement") ? undefined : decodePythonString("r" + this.src(node).replace(/^[fF]/, ""));
    }
    if (node.name === "ContinuedString") {
      const parts = children(node).map((k) => this.stringValue(k, depth + 1));
      return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
    }
    if (node.name === "ParenthesizedExpression") {
      const inner = children(node).filter(isExpression);
      return inner.length === 1 ? this.stringValue(inner[0]!, depth + 1) : undefined;
    }
    if (node.name === "BinaryExpression") {
      const kids = children(node);
      if (kids.length === 3 && kids[1]!.name === "ArithOp" && this.src(kids[1]!) === "+") {
        const a = this.stringValue(kids[0]!, depth + 1);
        const b = a === undefined ? undefined : this.stringValue(kids[2]!, depth + 1);
        return a !== undefined && b !== undefined ? a + b : undefined;
      }
    }
    return undefined;
  }

  /** An environment look-up, with its variable and default, in any of the forms RULES.md 3 lists. */
  /** `open`: the look-up sets a public setting, so a string default keeps its text. */
  private envLookup(node: SyntaxNode, open = false): Value | undefined {
    const callee = this.calleeOf(node);
    const args = this.argsOf(node);
    if (!args) return undefined;
    const span = this.span(node);
    const nameArg = (i: number) => {
      const n = args.positional[i];
      if (n?.name !== "String") return undefined;
      return decodePythonString(this.src(n));
    };
    const make = (via: string, envName: string | undefined, dflt: SyntaxNode | undefined, cast?: string): Value => ({
      kind: "env", via, span,
      ...(envName ? { envName } : {}),
      ...(dflt ? { default: this.valueOf(dflt, open || PUBLIC_SETTINGS.has(envName ?? "")) } : {}),
      ...(cast ? { cast } : {}),
    });
    const castArg = (node: SyntaxNode | undefined) => (node ? this.src(node).replace(/\s+/g, "") : undefined);
    if (OS_LOOKUPS.has(callee)) {
      return make(callee, nameArg(0), args.positional[1] ?? args.keywords.get("default")?.value);
    }
    if (callee === "getattr" && args.positional.length >= 2) {
      // getattr reads another settings object, not the environment: its value keeps its own type.
      return make("getattr", nameArg(1), args.positional[2] ?? args.keywords.get("default")?.value, "as-is");
    }
    if (DECOUPLE_LOOKUPS.has(callee) && args.positional[0]?.name === "String") {
      return make(callee, nameArg(0), args.positional[1] ?? args.keywords.get("default")?.value, castArg(args.keywords.get("cast")?.value ?? args.positional[2]));
    }
    const [object, method] = callee.split(".");
    if (object !== undefined && this.envObjects.has(object) && args.positional[0]?.name === "String") {
      const envName = nameArg(0);
      const declared = envName ? this.envDeclared.get(envName) : undefined;
      // env("X", cast, default) takes the cast second; env.str("X", default) takes the default second.
      const dflt = args.keywords.get("default")?.value ?? (method ? args.positional[1] : args.positional[2]) ?? declared?.default;
      const cast = method ?? castArg(args.keywords.get("cast")?.value ?? args.positional[1]) ?? declared?.cast;
      return make(callee, envName, dflt, cast);
    }
    return undefined;
  }

  private calleeOf(call: SyntaxNode): string {
    const fn = call.firstChild;
    return fn && (fn.name === "VariableName" || fn.name === "MemberExpression") ? this.src(fn).replace(/\s+/g, "") : "";
  }

  private argsOf(call: SyntaxNode): Args | undefined {
    const list = children(call).find((k) => k.name === "ArgList");
    if (!list) return undefined;
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, { name: SyntaxNode; value: SyntaxNode }>();
    const kids = children(list);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === "VariableName" && kids[i + 1]?.name === "AssignOp" && kids[i + 2]) {
        keywords.set(this.src(k), { name: k, value: kids[i + 2]! });
        i += 2;
      } else if (isExpression(k)) {
        positional.push(k);
      }
    }
    return { positional, keywords };
  }
}

const PUNCTUATION = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ".", "AssignOp", "*", "**", "Comment"]);
const isExpression = (n: SyntaxNode): boolean => !PUNCTUATION.has(n.name) && !n.type.isError;

/** The string in `obj["NAME"]`, when the subscript is one. */
function subscriptIndex(member: SyntaxNode): SyntaxNode | undefined {
  const kids = children(member);
  return kids[1]?.name === "[" && kids[2]?.name === "String" && kids[3]?.name === "]" ? kids[2] : undefined;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function pythonFacts(text: string): FileFacts {
  return new PythonFacts(text).run();
}
