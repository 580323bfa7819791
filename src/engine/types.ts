// The engine's vocabulary. Formats turn text into facts with positions; rules judge facts and never
// see syntax; reporters turn findings into what people read. Nothing here knows about GitHub.
import type { Secret } from "./secret.ts";

export type Severity = "error" | "warning" | "notice";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** 1-based lines and columns; endColumn is exclusive (as in SARIF). Columns count UTF-16 units. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What a file is for, from its path: it decides how loud a committed value is. */
export type FileRole = "production" | "base" | "neutral" | "dev" | "test" | "example";

/** A value bound to a setting, an environment variable or a key, as the file spells it. */
export type Value =
  /**
   * A string. Its text is readable only through the opaque Secret, except for settings that hold no
   * secret by nature (DEBUG, ALLOWED_HOSTS, MIDDLEWARE...: see public-settings.ts), which carry `text`.
   */
  | { kind: "string"; secret: Secret; text?: string; span: Span }
  /** A call that makes a new random key each time the process starts. */
  | { kind: "random-call"; callee: string; span: Span }
  /**
   * A look-up of the process environment, with the default used when the variable is unset. `cast`
   * says how the text becomes the setting: "bool", "int", "list"... or "compare" (`== "True"`, `in (...)`);
   * absent, the setting is the raw string, and any non-empty string is truthy.
   */
  | { kind: "env"; via: string; envName?: string; default?: Value; cast?: string; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "number"; value: number; span: Span }
  | { kind: "none"; span: Span }
  /** A list or tuple literal. */
  | { kind: "list"; items: Value[]; span: Span }
  /** A dict literal, with its string keys. */
  | { kind: "dict"; entries: Array<{ key: string; value: Value }>; span: Span }
  /** A lambda, with the value its body gives when that is a literal (`lambda request: True`). */
  | { kind: "lambda"; returns: Value; span: Span }
  | { kind: "other"; span: Span };

/** How a value is bound: decides which rule speaks for it. */
export type Construct =
  | "assignment" // SECRET_KEY = '...'
  | "annotated" // SECRET_KEY: str = '...'
  | "attribute" // settings.SECRET_KEY = '...'
  | "dict-entry" // {"SECRET_KEY": '...'}
  | "keyword" // configure(SECRET_KEY='...')
  | "env-default" // setdefault('SECRET_KEY', '...'), getattr(x, 'SECRET_KEY', '...')
  | "item" // one entry of a list or tuple bound to the name (SECRET_KEY_FALLBACKS = [...])
  | "string" // a string literal bound to nothing we know
  | "comment" // text inside a comment
  | "entry"; // a key/value entry of a data or config file (dotenv line, YAML or JSON key, INI option)

/**
 * Where a binding sits, beyond its file format: the kind of file decides what a committed value
 * means (a dotenv file is loaded as it is; a Dockerfile ENV is baked into every image layer).
 */
export type Context =
  | "python" // settings modules, and the code cells of notebooks
  | "dotenv" // .env, .env.*, *.env, .envs/**
  | "compose" // docker compose `environment:`
  | "kubernetes-secret" // kind: Secret, stringData or (decoded) data
  | "kubernetes-configmap" // kind: ConfigMap data
  | "kubernetes-env" // a container's env: - name/value
  | "workflow" // a CI workflow's env: (GitHub Actions, GitLab CI...)
  | "paas" // app.json, render.yaml, heroku.yml, fly.toml [env], Procfile
  | "dockerfile" // ENV and ARG defaults: baked into the image
  | "build-dummy" // RUN SECRET_KEY=x python manage.py collectstatic: a value for one build command
  | "dynaconf" // settings.toml / settings.yaml / .secrets.* read by dynaconf
  | "config" // any other data or config file: secrets.json, VS Code launch/env files, pyproject.toml, Helm values
  | "ini" // uwsgi.ini, setup.cfg, tox.ini setenv
  | "shell" // export DJANGO_SECRET_KEY=... in a script
  | "systemd" // Environment= in a unit file
  | "text"; // a line scan: a file no parser reads, or one that failed to parse

/** A fact: `name` is bound to `value` at `value.span`, through `construct`. */
export interface Binding {
  name: string;
  construct: Construct;
  value: Value;
  /** The kind of file it stands in; "python" when absent. */
  context?: Context;
  /** The environment or section it belongs to, where the format has them (dynaconf `[production]`). */
  section?: string;
  /** How the file stored the value, when it had to be decoded to be judged (Kubernetes `data:` is base64). */
  encoding?: "base64";
  /** Where the name is written, when it is (for messages and related locations). */
  nameSpan?: Span;
  /** Bound by a module-level statement of a Python settings file (not in a function or class). */
  topLevel?: boolean;
  /** The condition of the `if` it sits in, when it is conditional (`DEBUG`, `not DEBUG`). */
  condition?: string;
}

/** `from .base import *`: the module as written, and where the statement stands. */
export interface StarImport {
  module: string;
  span: Span;
}

/** What a format gives the rules for one file. */
export interface FileFacts {
  bindings: Binding[];
  /** Problems reading the file that the user should hear about (a parse error, say). */
  notes: string[];
  /**
   * Set when the file could not be parsed at all (broken YAML, truncated JSON): the engine then falls
   * back to a conservative line scan for key shapes and tells the user. Partial facts are kept.
   */
  parseError?: string;
  /** Python: modules imported with `from X import *` (as written, e.g. ".base"): settings that span files. */
  starImports?: StarImport[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  path: string;
  span: Span;
  /** Why it matters and what to do; never contains a secret value. */
  message: string;
  /** The value found, when it is a secret: reporters only ever see its redacted form. */
  secret?: Secret;
  /** Stable across runs and line moves; holds no secret (a hash of rule, path and value). */
  fingerprint: string;
  /** Facts about the finding that other passes act on (from the verdict). */
  tags?: string[];
  /** The other places the same secret is committed, when it is reused. */
  related?: Array<{ path: string; span: Span }>;
  /**
   * Set when the finding was made on a file as an earlier commit of the change had it (scan-history):
   * the span is in that version of the file, which the head may no longer hold.
   */
  commit?: { sha: string; subject: string };
}

/** Everything a rule may consult about the file it judges. */
export interface RuleContext {
  path: string;
  role: FileRole;
}

/** A rule's verdict on one binding: the rule fills in the rest of the finding. */
export interface Verdict {
  severity: Severity;
  message: string;
  /** Where to annotate; defaults to the value's span. */
  span?: Span;
  secret?: Secret;
  /** Facts about the finding that other passes act on ("signed-cookie-pickle": a leaked key is code execution). */
  tags?: string[];
}

export interface RuleDocs {
  /** One line: what it catches and why (README table, SARIF shortDescription). */
  summary: string;
  whatItDoes: string;
  whyIsThisBad: string;
  example: string;
  useInstead: string;
  references: string[];
}

interface RuleMeta {
  id: string;
  name: string;
  /** Severity before grading by value shape and file role. */
  defaultSeverity: Severity;
  /** The Django system check it mirrors, when there is one (`security.W009`). */
  djangoCheck?: string;
  /** CWE ids for SARIF tags. */
  cwe: number[];
  docs: RuleDocs;
}

/** A rule over single bindings: a committed value, wherever it stands. */
export interface BindingRule extends RuleMeta {
  /** Claims a binding, or passes it on to the next rule. */
  judge(binding: Binding, ctx: RuleContext): Verdict | undefined;
  judgeSettings?: undefined;
}

/** Where a settings finding is annotated: the line that causes it, maybe in a module the judged one imports. */
export interface SettingsVerdict extends Verdict {
  path: string;
  span: Span;
}

/** A rule over a Django settings module as it will run: its own settings over those it star-imports. */
export interface SettingsRule extends RuleMeta {
  judgeSettings(module: import("./settings-module.ts").EffectiveSettings): SettingsVerdict[];
  judge?: undefined;
}

/**
 * A rule no binding or settings module triggers: the engine reports it itself (DJS090, a malformed
 * suppression comment). Listed so that SARIF and the README know it.
 */
export interface MetaRule extends RuleMeta {
  judge?: undefined;
  judgeSettings?: undefined;
}

export type Rule = BindingRule | SettingsRule | MetaRule;
