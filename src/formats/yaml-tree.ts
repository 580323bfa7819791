// Reading one parsed YAML document as facts: aliases resolved once per document (the library's own
// Alias.resolve walks the whole document on every call), merge keys expanded, exact source spans for
// scalars, and a collector that reports each written value once, at the place it is written.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import type { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Binding, Context, Span, Value } from "../engine/types.ts";
import { parseInterpolation } from "./interpolation.ts";

/** Deeper nesting than this is not walked: no real config nests so deep, and the stack stays safe. */
const MAX_DEPTH = 200;
/** How far merges of merges are followed, and how many keys a map takes in through them. */
const MAX_MERGE_DEPTH = 8;
const MAX_MERGED_ENTRIES = 256;

export interface Entry {
  /** The key as written (a string, or a number shown as text); undefined for null or complex keys. */
  name: string | undefined;
  key: Scalar | undefined;
  /** The value with aliases followed. */
  value: Node | undefined;
}

/** Where the characters of a scalar's value sit in the source. */
interface Inner {
  from: number;
  to: number;
  /** The source between from and to is the value itself, so offsets inside the value map 1:1. */
  exact: boolean;
}

export class YamlDoc {
  private readonly anchors = new Map<Node, Node>();
  private readonly entryCache = new Map<YAMLMap, Entry[]>();
  readonly text: string;
  readonly doc: Document.Parsed;

  constructor(text: string, doc: Document.Parsed) {
    this.text = text;
    this.doc = doc;
    this.indexAliases();
  }

  get root(): Node | undefined {
    return this.resolve(this.doc.contents ?? undefined);
  }

  /** An alias points at the last node with its anchor written before it (YAML 1.2, 7.1). */
  private indexAliases(): void {
    const latest = new Map<string, Node>();
    // Iterative pre-order walk in document order: anchors are seen before the aliases that follow.
    const stack: unknown[] = [this.doc.contents];
    while (stack.length > 0) {
      const n = stack.pop();
      if (isAlias(n)) {
        const target = latest.get(n.source);
        if (target) this.anchors.set(n, target);
        continue;
      }
      if (!isScalar(n) && !isMap(n) && !isSeq(n)) continue;
      if (n.anchor) latest.set(n.anchor, n);
      if (isMap(n)) {
        for (let i = n.items.length - 1; i >= 0; i--) {
          const p = n.items[i]!;
          stack.push(p.value, p.key);
        }
      } else if (isSeq(n)) {
        for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
      }
    }
  }

  /** The node itself, or the node an alias points at (an alias of an alias cannot be written). */
  resolve(n: unknown): Node | undefined {
    if (isAlias(n)) return this.anchors.get(n);
    return isScalar(n) || isMap(n) || isSeq(n) ? n : undefined;
  }

  map(n: unknown): YAMLMap | undefined {
    const r = this.resolve(n);
    return isMap(r) ? r : undefined;
  }

  seq(n: unknown): YAMLSeq | undefined {
    const r = this.resolve(n);
    return isSeq(r) ? r : undefined;
  }

  /** The scalar holding a string, when the node is (or points at) one. */
  stringScalar(n: unknown): Scalar | undefined {
    const r = this.resolve(n);
    return isScalar(r) && typeof r.value === "string" ? r : undefined;
  }

  str(n: unknown): string | undefined {
    return this.stringScalar(n)?.value as string | undefined;
  }

  /**
   * A map's entries, with `<<: *anchor` (or `<<: [*a, *b]`) merged in after its own keys; a merged
   * key the map writes itself is left out, as a YAML 1.1 merge would. Computed once per map, and
   * merges of merges are followed only so far (real files nest them a level or two; a crafted
   * file could otherwise make every map carry every other map's keys).
   */
  entries(m: YAMLMap, depth = 0): Entry[] {
    const cached = this.entryCache.get(m);
    if (cached) return cached;
    const own: Entry[] = [];
    const merged: YAMLMap[] = [];
    for (const p of m.items) {
      const key = isScalar(p.key) ? p.key : undefined;
      const raw = key?.value;
      const name = typeof raw === "string" || typeof raw === "number" ? String(raw) : undefined;
      if (name === "<<" && key?.type === "PLAIN") {
        const v = this.resolve(p.value);
        if (isMap(v)) merged.push(v);
        else if (isSeq(v)) for (const item of v.items) {
          const mm = this.map(item);
          if (mm) merged.push(mm);
        }
        continue;
      }
      own.push({ name, key, value: this.resolve(p.value) });
    }
    // Set before merging: a map that merges itself (through an alias of an ancestor) sees its own keys.
    this.entryCache.set(m, own);
    if (merged.length === 0 || depth >= MAX_MERGE_DEPTH) return own;
    const seen = new Set(own.map((e) => e.name));
    const out = own.slice();
    const limit = own.length + MAX_MERGED_ENTRIES;
    for (const mm of merged) {
      for (const e of this.entries(mm, depth + 1)) {
        if (out.length >= limit) break;
        if (e.name !== undefined && seen.has(e.name)) continue;
        seen.add(e.name);
        out.push(e);
      }
    }
    this.entryCache.set(m, out);
    return out;
  }

  /** The value of `name` in a map, aliases followed. */
  get(m: YAMLMap | undefined, name: string): Node | undefined {
    if (!m) return undefined;
    return this.entries(m).find((e) => e.name === name)?.value;
  }

  /**
   * The characters of a scalar's value: inside the quotes for quoted scalars, the content lines of a
   * block scalar (its `|`/`>` header and trailing line breaks are no part of the value).
   */
  inner(s: Scalar): Inner {
    const [start, end] = s.range ?? [0, 0];
    const value = String(s.value);
    switch (s.type) {
      case "QUOTE_DOUBLE":
      case "QUOTE_SINGLE": {
        const from = start + 1;
        const to = Math.max(from, end - 1);
        return { from, to, exact: this.text.slice(from, to) === value };
      }
      case "BLOCK_LITERAL":
      case "BLOCK_FOLDED": {
        const nl = this.text.indexOf("\n", start);
        let from = nl < 0 || nl >= end ? end : nl + 1;
        while (from < end && isBlank(this.text.charCodeAt(from))) from++;
        let to = end;
        while (to > from && isBlank(this.text.charCodeAt(to - 1))) to--;
        return { from, to, exact: this.text.slice(from, to) === value };
      }
      default:
        return { from: start, to: end, exact: this.text.slice(start, end) === value };
    }
  }
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** Binds values found in a document, each written value once. */
export class Collector {
  readonly bindings: Binding[] = [];
  readonly notes: string[] = [];
  /**
   * Scalars already reported, with the names they were reported under (an alias reaching one again
   * under the same name adds nothing; under another name, `SECRET_KEY: *shared`, it is a new fact
   * at the same place), or `true` when consumed whole (a `name:` field that named a binding).
   */
  private readonly used = new Map<Node, Set<string> | true>();
  private readonly lines: LineIndex;
  /** Offsets [from, to) of template expressions masked before parsing (Helm `{{ ... }}`). */
  private readonly masked: readonly (readonly [number, number])[];
  y!: YamlDoc;

  constructor(lines: LineIndex, masked: readonly (readonly [number, number])[]) {
    this.lines = lines;
    this.masked = masked;
  }

  span(from: number, to: number): Span {
    return this.lines.span(from, to);
  }

  private taken(n: Node, name: string): boolean {
    const u = this.used.get(n);
    return u === true || (u !== undefined && u.has(name));
  }

  private take(n: Node, name: string): void {
    const u = this.used.get(n);
    if (u === true) return;
    if (u) u.add(name);
    else this.used.set(n, new Set([name]));
  }

  /** Marks a scalar as accounted for, so no later walk reports it under any name. */
  consume(n: Node | undefined): void {
    if (n) this.used.set(n, true);
  }

  /** The scalar was (partly) a masked template expression: its real value comes from elsewhere. */
  wasTemplate(s: Scalar): boolean {
    if (this.masked.length === 0 || !s.range) return false;
    const [start, valueEnd] = s.range;
    const end = Math.max(valueEnd, start + 1);
    // Ranges are sorted and disjoint: find the first one ending after the scalar starts.
    let lo = 0;
    let hi = this.masked.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.masked[mid]![1] <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.masked.length && this.masked[lo]![0] < end;
  }

  /**
   * The string scalar `n` is (or points at), when it is still to be reported under `name`; a
   * masked template is never reported.
   */
  fresh(n: unknown, name: string): Scalar | undefined {
    const s = this.y.stringScalar(n);
    if (!s || this.taken(s, name)) return undefined;
    if (this.wasTemplate(s)) {
      this.consume(s);
      return undefined;
    }
    this.take(s, name);
    return s;
  }

  nameSpan(key: Scalar | undefined): Span | undefined {
    if (!key || !key.range) return undefined;
    const r = this.y.inner(key);
    return this.span(r.from, r.to);
  }

  /**
   * The value of a string scalar: an environment look-up when the whole of it is `${VAR}` or
   * `${VAR:-default}` (the default then keeps its own span), a literal otherwise.
   */
  scalarValue(s: Scalar): Value {
    const r = this.y.inner(s);
    return this.valueOf(s.value as string, r.exact ? r.from : undefined, this.span(r.from, r.to));
  }

  /**
   * `text` as a value. `at` is the source offset of text[0] when the source spells it exactly
   * (sub-spans are then precise); otherwise every part of it is reported at `whole`.
   */
  valueOf(text: string, at: number | undefined, whole: Span): Value {
    // Only an interpolation that is the whole value reads the environment; anything else is a literal.
    const i = text.trim() === text ? parseInterpolation(text) : undefined;
    if (!i) return { kind: "string", secret: new Secret(text), span: whole };
    if (!i.default) return { kind: "env", via: `\${${i.envName}}`, envName: i.envName, span: whole };
    const d = i.default;
    const dspan = at === undefined ? whole : this.span(at + d.start, at + d.end);
    return {
      kind: "env",
      // The syntax as written up to the default (`${VAR:-`, `${VAR-`): never the default itself.
      via: `${text.slice(0, d.start)}...}`,
      envName: i.envName,
      default: { kind: "string", secret: new Secret(d.text), span: dspan },
      span: whole,
    };
  }

  /** A binding of `name` to the string scalar `n` (skipped when `n` is no fresh string). */
  entry(name: string | undefined, key: Scalar | undefined, n: unknown, context: Context, section?: string): void {
    if (name === undefined) return;
    const s = this.fresh(n, name);
    if (!s) return;
    this.push({ name, construct: "entry", value: this.scalarValue(s), context, ...opt(section), ...optSpan(this.nameSpan(key)) });
  }

  /** Every string entry of a map (one level), as settings or variables of one kind. */
  mapEntries(m: YAMLMap | undefined, context: Context, section?: string): void {
    if (!m) return;
    for (const e of this.y.entries(m)) this.entry(e.name, e.key, e.value, context, section);
  }

  /**
   * One `NAME=value` item of an environment list (compose, generic `env:` lists). A bare `NAME`
   * takes its value from the host: no binding.
   */
  listItem(n: unknown, context: Context, section?: string): void {
    const item = this.y.stringScalar(n);
    if (!item) return;
    const text = item.value as string;
    const eq = text.indexOf("=");
    const name = (eq < 0 ? text : text.slice(0, eq)).trim();
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return;
    const s = this.fresh(item, name);
    if (!s) return;
    const r = this.y.inner(s);
    const raw = text.slice(eq + 1);
    // A value in a list item is the text after `=`, as compose reads it; only when the source
    // spells the item exactly can the value's own characters be pointed at.
    const at = r.exact ? r.from + eq + 1 : undefined;
    const whole = at === undefined ? this.span(r.from, r.to) : this.span(at, r.to);
    const nameFrom = r.exact ? r.from + text.indexOf(name) : undefined;
    this.push({
      name,
      construct: "entry",
      value: this.valueOf(raw, at, whole),
      context,
      ...opt(section),
      ...optSpan(nameFrom === undefined ? undefined : this.span(nameFrom, nameFrom + name.length)),
    });
  }

  /** An environment given either as a map or as a list of `NAME=value` items. */
  environment(n: unknown, context: Context, section?: string): void {
    const m = this.y.map(n);
    if (m) return this.mapEntries(m, context, section);
    const q = this.y.seq(n);
    if (q) for (const item of q.items) this.listItem(item, context, section);
  }

  /**
   * `{name: X, value: Y}` (also `key`/`Name`/`Key` and `Value`): Y bound to X, the name field
   * consumed. Returns whether the map had that shape.
   */
  namedValue(m: YAMLMap, context: Context, section?: string): boolean {
    const es = this.y.entries(m);
    const nameEntry = es.find((e) => e.name === "name" || e.name === "key" || e.name === "Name" || e.name === "Key");
    const valueEntry = es.find((e) => e.name === "value" || e.name === "Value");
    const nameScalar = nameEntry && this.y.stringScalar(nameEntry.value);
    if (!nameScalar || !valueEntry) return false;
    this.consume(nameScalar);
    this.entry(nameScalar.value as string, nameScalar, valueEntry.value, context, section);
    this.consume(this.y.resolve(valueEntry.value));
    return true;
  }

  /**
   * Every `key: string` entry at any depth, named by its own key (or by the `name` field of a
   * name/value map); `NAME=value` items of lists under `env`/`environment` too.
   */
  all(n: unknown, context: Context, section?: string): void {
    const seen = new Set<Node>();
    const walk = (node: unknown, parentKey: string | undefined, depth: number): void => {
      const r = this.y.resolve(node);
      if (!r || seen.has(r) || depth > MAX_DEPTH) return;
      if (isMap(r)) {
        seen.add(r);
        this.namedValue(r, context, section);
        for (const e of this.y.entries(r)) {
          if (isScalar(e.value)) this.entry(e.name, e.key, e.value, context, section);
          else walk(e.value, e.name, depth + 1);
        }
      } else if (isSeq(r)) {
        seen.add(r);
        const envList = parentKey === "env" || parentKey === "environment";
        for (const item of r.items) {
          const v = this.y.resolve(item);
          if (isScalar(v)) {
            if (envList) this.listItem(v, context, section);
          } else walk(v, parentKey, depth + 1);
        }
      }
    };
    walk(n, undefined, 0);
  }

  /**
   * Calls `visit` on every map at any depth below `n` (aliases followed, each map once), with the
   * keys that lead to it; for finding `env:` blocks wherever a schema lets them sit.
   */
  maps(n: unknown, visit: (m: YAMLMap, path: readonly string[]) => void): void {
    const seen = new Set<Node>();
    const walk = (node: unknown, path: string[], depth: number): void => {
      const r = this.y.resolve(node);
      if (!r || seen.has(r) || depth > MAX_DEPTH) return;
      seen.add(r);
      if (isMap(r)) {
        visit(r, path);
        for (const e of this.y.entries(r)) {
          if (!isScalar(e.value)) walk(e.value, [...path, e.name ?? ""], depth + 1);
        }
      } else if (isSeq(r)) {
        r.items.forEach((item) => walk(item, path, depth + 1));
      }
    };
    walk(n, [], 0);
  }

  push(b: Binding): void {
    this.bindings.push(b);
  }
}

const opt = (section: string | undefined): { section?: string } => (section === undefined ? {} : { section });
const optSpan = (nameSpan: Span | undefined): { nameSpan?: Span } => (nameSpan ? { nameSpan } : {});
