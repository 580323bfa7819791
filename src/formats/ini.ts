// INI files to facts, read as Python's configparser reads them (uwsgi, tox, pytest, setup.cfg,
// .pypirc, alembic, MySQL option files and supervisor agree on the parts that matter): `[section]`
// headers, `key = value` and `key: value` options, indented continuation lines, full-line `#` and
// `;` comments (no inline comments in plain options, as configparser). Every option is a binding
// named by its key, in its section. Options that hold environment variables bind each variable
// instead: tox `setenv` and pytest-env `env` (one `KEY=value` per line), uwsgi `env = KEY=value`
// (one per option), supervisor `environment=KEY="v",K2="v2"` in `[program:x]`.
import { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Binding, FileFacts, Value } from "../engine/types.ts";
import { decodedValue, sourceRange, verbatim, type Decoded } from "./decoded-text.ts";
import { baseName, type Format } from "./format.ts";
import { describeErrors, type ReadError } from "./parse-errors.ts";

const INI = /\.(ini|cfg|cnf)(\.(j2|jinja2?|tpl|template|example|sample|dist))?$/;
const SUPERVISOR_DIR = /^supervisord?(\.d)?$/;

/**
 * `*.ini`, `*.cfg` (setup.cfg, tox.ini, uwsgi.ini, pytest.ini, alembic.ini...), `*.cnf` (MySQL option
 * files Django's `read_default_file` points at) and their `.j2`/`.example`... templates, `.pypirc`,
 * `supervisord.conf` and `*.conf` under a `supervisor/` or `supervisord/` (or `.d`) folder.
 */
export function claimsIni(path: string): boolean {
  const name = baseName(path);
  if (INI.test(name) || name === ".pypirc" || name === "supervisord.conf" || name === "supervisor.conf") return true;
  return name.endsWith(".conf") && path.toLowerCase().split("/").slice(0, -1).some((d) => SUPERVISOR_DIR.test(d));
}

/** Options whose lines each set one environment variable. */
const ENV_LIST_OPTIONS = new Set(["env", "setenv"]);
/** Sections where supervisor reads `environment=`. */
const SUPERVISOR_SECTION = /^(program|fcgi-program|eventlistener):|^supervisord$/;
/** `[factor: ]` (tox) and `D:`/`R:` flags (pytest-env), then `NAME = value`. */
const ENV_LINE = /^((?:[A-Za-z0-9_.,!-]+:[ \t]+)?(?:[DR]:){0,2})([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*/;
const TOX_ENV = /^\{env:([A-Za-z_][A-Za-z0-9_]*)(?::(.*))?\}$/s;
const UWSGI_ENV = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/;
const SUPERVISOR_ENV = /^%\(ENV_([A-Za-z_][A-Za-z0-9_]*)\)s$/;

interface OpenOption {
  name: string;
  nameFrom: number;
  nameTo: number;
  section: string | undefined;
  /** Indentation of the option's own line: deeper lines continue it. */
  indent: number;
  /** Source ranges of its stripped value lines; null for an empty line inside the value. */
  parts: ({ from: number; to: number } | null)[];
  /** Where an empty value sits: just after the delimiter and its blanks. */
  emptyAt: number;
}

class IniReader {
  readonly bindings: Binding[] = [];
  readonly errors: ReadError[] = [];
  private readonly text: string;
  private readonly lines: LineIndex;

  constructor(text: string, lines: LineIndex) {
    this.text = text;
    this.lines = lines;
  }

  run(): void {
    const { text } = this;
    let section: string | undefined;
    let open: OpenOption | undefined;
    let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (p < text.length) {
      const lineStart = p;
      let eol = text.indexOf("\n", p);
      if (eol < 0) eol = text.length;
      p = eol + 1;
      // The line stripped, as configparser strips it.
      let from = lineStart;
      let to = eol;
      while (from < to && /\s/.test(text[from]!)) from++;
      while (to > from && /\s/.test(text[to - 1]!)) to--;
      const c = text[from];
      if (from === to) {
        if (open) open.parts.push(null);
        continue;
      }
      if (c === "#" || c === ";") continue;
      const indent = from - lineStart;
      if (open && indent > open.indent) {
        open.parts.push({ from, to });
        continue;
      }
      if (open) this.flush(open);
      open = undefined;
      if (c === "[") {
        const close = from + text.slice(from, to).lastIndexOf("]");
        if (close > from + 1) {
          section = text.slice(from + 1, close);
          continue;
        }
        this.errors.push({ at: from, message: "an unclosed section header" });
        continue;
      }
      open = this.option(from, to, indent, section);
    }
    if (open) this.flush(open);
  }

  /** `name = value` / `name: value` on [from, to): the first `=` or `:` ends the name. */
  private option(from: number, to: number, indent: number, section: string | undefined): OpenOption | undefined {
    const { text } = this;
    let d = from;
    while (d < to && text[d] !== "=" && text[d] !== ":") d++;
    // A name with no delimiter is a value-less option (MySQL's skip-networking): nothing to bind.
    if (d >= to) return undefined;
    let nameTo = d;
    while (nameTo > from && /\s/.test(text[nameTo - 1]!)) nameTo--;
    if (nameTo === from) {
      this.errors.push({ at: from, message: "an option with no name" });
      return undefined;
    }
    let v = d + 1;
    while (v < to && /\s/.test(text[v]!)) v++;
    return {
      name: text.slice(from, nameTo),
      nameFrom: from,
      nameTo,
      section,
      indent,
      parts: v < to ? [{ from: v, to }] : [],
      emptyAt: v,
    };
  }

  private flush(o: OpenOption): void {
    const key = o.name.toLowerCase();
    if (ENV_LIST_OPTIONS.has(key)) {
      for (const part of o.parts) if (part) this.envLine(part.from, part.to, o.section);
      return;
    }
    if (key === "environment" && o.section !== undefined && SUPERVISOR_SECTION.test(o.section)) {
      for (const part of o.parts) if (part) this.supervisorEnvironment(part.from, part.to, o.section);
      return;
    }
    const parts = o.parts.slice();
    while (parts.length > 0 && parts[parts.length - 1] === null) parts.pop();
    let value: Value;
    if (parts.length === 0) {
      value = { kind: "string", secret: new Secret(""), span: this.lines.span(o.emptyAt, o.emptyAt) };
    } else if (parts.length === 1) {
      value = this.valueOf(parts[0]!.from, parts[0]!.to);
    } else {
      // A multi-line value, as configparser joins it: its lines, stripped, one per line.
      const present = parts.filter((x): x is { from: number; to: number } => x !== null);
      const joined = parts.map((x) => (x ? this.text.slice(x.from, x.to) : "")).join("\n");
      value = { kind: "string", secret: new Secret(joined), span: this.lines.span(present[0]!.from, present[present.length - 1]!.to) };
    }
    this.push(o.name, o.nameFrom, o.nameTo, value, o.section);
  }

  private push(name: string, nameFrom: number, nameTo: number, value: Value, section: string | undefined): void {
    this.bindings.push({
      name,
      construct: "entry",
      context: "ini",
      value,
      nameSpan: this.lines.span(nameFrom, nameTo),
      ...(section !== undefined ? { section } : {}),
    });
  }

  /**
   * A one-line value on [from, to). A pair of quotes around all of it is taken off (configparser
   * keeps them, but what a person quotes is the value they mean). `{env:NAME:default}` (tox),
   * `$(NAME)` (uwsgi) and `%(ENV_NAME)s` (supervisor) read the environment; `${NAME}` is no INI
   * reader's syntax and stays a literal.
   */
  private valueOf(from: number, to: number): Value {
    const { text } = this;
    const q = text[from];
    if (to - from >= 2 && (q === '"' || q === "'") && text[to - 1] === q) {
      from += 1;
      to -= 1;
    }
    const d = verbatim(text.slice(from, to), from);
    const tox = TOX_ENV.exec(d.text);
    if (tox) return envValue(d, this.lines, tox[1]!, `{env:${tox[1]}${tox[2] !== undefined ? ":..." : ""}}`, tox[2], 6 + tox[1]!.length);
    const uwsgi = UWSGI_ENV.exec(d.text);
    if (uwsgi) return envValue(d, this.lines, uwsgi[1]!, `$(${uwsgi[1]})`);
    const supervisor = SUPERVISOR_ENV.exec(d.text);
    if (supervisor) return envValue(d, this.lines, supervisor[1]!, `%(ENV_${supervisor[1]})s`);
    return decodedValue(d, this.lines);
  }

  /** One `KEY=value` line of tox setenv, pytest-env env or uwsgi env; a ` #` starts a comment (tox 4). */
  private envLine(from: number, to: number, section: string | undefined): void {
    const m = ENV_LINE.exec(this.text.slice(from, to));
    if (!m) return;
    const nameFrom = from + m[1]!.length;
    const valueFrom = from + m[0].length;
    let end = to;
    for (let k = valueFrom + 1; k < to; k++) {
      if (this.text[k] === "#" && /\s/.test(this.text[k - 1]!)) {
        end = k;
        break;
      }
    }
    while (end > valueFrom && /\s/.test(this.text[end - 1]!)) end--;
    const value = end > valueFrom ? this.valueOf(valueFrom, end) : { kind: "string" as const, secret: new Secret(""), span: this.lines.span(valueFrom, valueFrom) };
    this.push(m[2]!, nameFrom, nameFrom + m[2]!.length, value, section);
  }

  /** supervisor: `KEY="value",KEY2=value2` (values quoted or ending at a comma or blank). */
  private supervisorEnvironment(from: number, to: number, section: string): void {
    const { text } = this;
    let k = from;
    while (k < to) {
      while (k < to && (text[k] === "," || /\s/.test(text[k]!))) k++;
      const nameFrom = k;
      while (k < to && /[A-Za-z0-9_.]/.test(text[k]!)) k++;
      const nameTo = k;
      if (nameTo === nameFrom || text[k] !== "=") {
        // Not KEY=: skip to the next comma.
        while (k < to && text[k] !== ",") k++;
        continue;
      }
      k += 1;
      const q = text[k];
      let vFrom = k;
      let vTo: number;
      if (q === '"' || q === "'") {
        const close = text.indexOf(q, k + 1);
        if (close < 0 || close >= to) {
          this.errors.push({ at: k, message: "an unterminated quote in environment=" });
          return;
        }
        vFrom = k + 1;
        vTo = close;
        k = close + 1;
      } else {
        while (k < to && text[k] !== "," && !/\s/.test(text[k]!)) k++;
        vTo = k;
      }
      const value = this.valueOf(vFrom, vTo);
      this.push(text.slice(nameFrom, nameTo), nameFrom, nameTo, value, section);
    }
  }
}

/** An environment look-up written in an INI file's own syntax; `defaultText` starts at `defaultAt` in `d`. */
function envValue(d: Decoded, lines: LineIndex, envName: string, via: string, defaultText?: string, defaultAt?: number): Value {
  const span = lines.span(d.from, d.to);
  if (defaultText === undefined || defaultAt === undefined) return { kind: "env", via, envName, span };
  const [from, to] = sourceRange(d, defaultAt, defaultAt + defaultText.length);
  return { kind: "env", via, envName, default: { kind: "string", secret: new Secret(defaultText), span: lines.span(from, to) }, span };
}

export const format: Format = {
  name: "ini",
  files: "INI/cfg (`*.ini`, `*.cfg`, `*.cnf`, `.pypirc`, supervisor configs): options, tox `setenv`, uwsgi `env`, supervisor `environment`.",
  claims: claimsIni,
  facts(text: string): FileFacts {
    const lines = new LineIndex(text);
    const reader = new IniReader(text, lines);
    reader.run();
    const parseError = describeErrors(reader.errors, lines, { isNot: "INI" });
    return { bindings: reader.bindings, notes: [], ...(parseError ? { parseError } : {}) };
  },
};
