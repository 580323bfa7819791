import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { FileRole, Severity, SettingsRule, SettingsVerdict, Value } from "../engine/types.ts";
import { at, failsOpen, literalTruth, textOf } from "./settings-values.ts";

/** What DEBUG holds when a branch is tested: a real boolean, or a non-empty string read raw from the environment. */
type DebugValue = true | false | "raw";

/**
 * Whether a branch runs, as a function of DEBUG, for the conditions that test DEBUG alone (`DEBUG`,
 * `not DEBUG`, `settings.DEBUG is True`...); undefined for anything else, `DEBUG and X` included, since
 * the branch then depends on more than DEBUG.
 */
function branchTest(condition: string): ((d: DebugValue) => boolean) | undefined {
  let c = condition.trim();
  let negated = false;
  for (;;) {
    const not = /^not\b\s*([\s\S]*)$/.exec(c);
    const paren = /^\(([^()]*)\)$/.exec(c);
    if (not) { negated = !negated; c = not[1]!.trim(); }
    else if (paren) c = paren[1]!.trim();
    else break;
  }
  let test: ((d: DebugValue) => boolean) | undefined;
  if (/^(bool\(\s*)?(settings\.)?DEBUG(\s*\))?$/.test(c) && c.startsWith("bool(") === c.endsWith(")")) test = (d) => d !== false;
  const cmp = /^(?:settings\.)?DEBUG\s*(is not|is|==|!=)\s*(True|False)$/.exec(c);
  if (cmp) {
    // A string is never `is True` nor `== True`: Python compares, it does not test truth.
    const equal = (d: DebugValue) => d === (cmp[2] === "True");
    test = cmp[1] === "is" || cmp[1] === "==" ? equal : (d) => !equal(d);
  }
  if (!test) return undefined;
  const t = test;
  return negated ? (d) => !t(d) : t;
}

/** The DEBUG an `if` at this binding reads: the one set before it in its own file, else the module's. */
function debugAt(s: EffectiveSettings, setting: Setting): Setting | undefined {
  const line = setting.binding.value.span.line;
  const before = s.all("DEBUG").filter((d) => d.path === setting.path && !d.binding.condition && d.binding.value.span.line < line);
  return before[before.length - 1] ?? s.get("DEBUG");
}

/** Whether a later unconditional binding (further down the same file, or in a module that imports this one) replaces it. */
function overridden(s: EffectiveSettings, setting: Setting): boolean {
  const all = s.all(setting.binding.name);
  // all() lists the judged module first, then what it imports: a module earlier in it loads later.
  const rank = (path: string) => all.findIndex((b) => b.path === path);
  const line = setting.binding.value.span.line;
  return all.some((b) => !b.binding.condition && (rank(b.path) < rank(setting.path) || (b.path === setting.path && b.binding.value.span.line > line)));
}

/** What DEBUG is in production when it can be on there, and why; undefined when it is off there or we cannot tell. */
function productionDebug(debug: Setting, role: FileRole): { value: DebugValue; why: string } | undefined {
  const v = debug.binding.value;
  const at = `(${debug.path} line ${v.span.line})`;
  if (v.kind === "env" && v.cast === undefined) {
    // bool(os.getenv(...)) is a real boolean; the bare look-up is the string itself.
    const value: DebugValue = v.via.startsWith("bool(") ? true : "raw";
    return { value, why: `DEBUG is the raw string from ${v.via} ${at}, so a deployment that sets ${v.envName ?? "the variable"}=False still runs with DEBUG on` };
  }
  if (v.kind === "env" && v.cast === "presence") return { value: true, why: `DEBUG is True whenever ${v.envName ?? "the variable"} is set at all, even to False ${at}` };
  if (failsOpen(v)) return { value: true, why: `DEBUG defaults to True when the environment does not set it ${at}` };
  if (role === "production" && literalTruth(v) === true) return { value: true, why: `DEBUG is True in these production settings ${at}` };
  return undefined;
}

/** DEBUG is off in production for sure: a false literal, or a real cast that defaults off. */
function debugSafe(v: Value | undefined): boolean {
  if (!v) return false;
  if (literalTruth(v) === false) return true;
  return v.kind === "env" && v.cast !== undefined && v.cast !== "presence" && !failsOpen(v);
}

/** A committed key: a non-empty literal, or a look-up's non-empty literal default. */
function committedKey(v: Value): boolean {
  if (v.kind === "string") return v.secret.length > 0;
  return v.kind === "env" && v.default?.kind === "string" && v.default.secret.length > 0;
}

const isTrue = (v: Value) => literalTruth(v) === true;
const isFalse = (v: Value) => literalTruth(v) === false;

/** Choices meant for development only: harmful when the branch that makes them runs in production. */
const DEV_CHOICES: Record<string, (v: Value) => boolean> = {
  ALLOWED_HOSTS: (v) => v.kind === "list" && v.items.some((i) => textOf(i)?.trim() === "*"),
  CORS_ALLOW_ALL_ORIGINS: isTrue,
  CORS_ORIGIN_ALLOW_ALL: isTrue,
  DEBUG_PROPAGATE_EXCEPTIONS: isTrue,
  SESSION_COOKIE_SECURE: isFalse,
  SESSION_COOKIE_HTTPONLY: isFalse,
  CSRF_COOKIE_SECURE: isFalse,
  SECURE_SSL_REDIRECT: isFalse,
  AUTH_PASSWORD_VALIDATORS: (v) => v.kind === "list" && v.items.length === 0,
  PASSWORD_HASHERS: (v) => v.kind === "list" && /MD5PasswordHasher$/.test(textOf(v.items[0]) ?? ""),
};

/** Hardening meant for production: lost when the branch that sets it never runs there. */
const HARDENING: Record<string, (v: Value) => boolean> = {
  SESSION_COOKIE_SECURE: isTrue,
  CSRF_COOKIE_SECURE: isTrue,
  SECURE_SSL_REDIRECT: isTrue,
  SECURE_HSTS_SECONDS: (v) => v.kind === "number" && v.value > 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: isTrue,
  SECURE_HSTS_PRELOAD: isTrue,
};

export const rule: SettingsRule = {
  id: "DJS023",
  name: "secret-keyed-on-debug",
  defaultSeverity: "error",
  cwe: [798, 489],
  docs: {
    summary: "A committed SECRET_KEY, or a security setting, is chosen by `if DEBUG:`, and DEBUG can be on in production.",
    whatItDoes:
      "Follows the module-level `if` blocks that test DEBUG alone (`if DEBUG:`, `if not DEBUG: ... else:`, `settings.DEBUG is True`...). A committed SECRET_KEY (a literal, or a look-up's literal default) in the branch taken when DEBUG is on is an error when DEBUG can be on in production: read as a raw environment string (DJS021), true whenever the variable is set, defaulting to on (DJS022), or True in production settings. With DEBUG read properly it is a notice (a warning when we cannot tell how DEBUG is read): switching DEBUG on to look at a production problem also switches to the committed key. In the same situations, development choices in the DEBUG branch (ALLOWED_HOSTS = ['*'], CORS allow-all, insecure cookies, an MD5 hasher...) and hardening in the other branch (secure cookies, SSL redirect, HSTS) are warnings, since production takes the wrong one. Development and test settings are left alone. Conditions that test more than DEBUG (`if DEBUG and X:`) are not followed.",
    whyIsThisBad:
      "`if DEBUG:` looks like a safe switch, but DEBUG read with os.environ.get is a string, and \"False\" is true: the deployment that sets DJANGO_DEBUG=False runs the development branch, signing sessions, password-reset tokens and signed cookies with a key anyone with the repository has, and skipping the production hardening. Django's own checks see only the final values.",
    example: 'DEBUG = os.environ.get("DJANGO_DEBUG", False)\nif DEBUG:\n    SECRET_KEY = "dev-only-key"\nelse:\n    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    useInstead: 'DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # one way, in every environment; dev keys live in a git-ignored .env',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
      "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
      "https://docs.python.org/3/library/stdtypes.html#truth-value-testing",
    ],
  },
  judgeSettings(s) {
    const role = s.module.role;
    if (role === "dev" || role === "test" || role === "example") return [];
    const out: SettingsVerdict[] = [];
    const branches = (name: string) =>
      s.all(name).flatMap((setting) => {
        const test = setting.binding.condition ? branchTest(setting.binding.condition) : undefined;
        return test && !overridden(s, setting) ? [{ setting, test, debug: debugAt(s, setting) }] : [];
      });

    for (const { setting, test, debug } of branches("SECRET_KEY")) {
      if (!committedKey(setting.binding.value) || test(false)) continue;
      const prod = debug && productionDebug(debug, role);
      if (prod && test(prod.value)) {
        out.push(at(setting, "error", `This committed SECRET_KEY is meant for DEBUG only, but ${prod.why}: production then signs sessions, password-reset tokens and signed cookies with a key anyone with the repository has. Read DEBUG with an explicit comparison or cast, and take the key from the environment in every branch.`));
      } else if (test(true)) {
        const severity: Severity = debug && debugSafe(debug.binding.value) ? "notice" : "warning";
        out.push(at(setting, severity, `SECRET_KEY switches to a committed key whenever DEBUG is on${debug ? ` (DEBUG: ${debug.path} line ${debug.binding.value.span.line})` : ""}: turning DEBUG on in production to look at a problem also signs sessions and reset tokens with a public key. Take the key from the environment in every branch.`));
      }
    }

    for (const [name, weak] of Object.entries(DEV_CHOICES)) {
      for (const { setting, test, debug } of branches(name)) {
        const prod = debug && productionDebug(debug, role);
        if (!prod || test(false) || !test(prod.value) || !weak(setting.binding.value)) continue;
        out.push(at(setting, "warning", `${name} is set here for DEBUG only, but ${prod.why}: production gets this development value. Read DEBUG with an explicit comparison or cast.`));
      }
    }
    for (const [name, strong] of Object.entries(HARDENING)) {
      for (const { setting, test, debug } of branches(name)) {
        const prod = debug && productionDebug(debug, role);
        if (!prod || !test(false) || test(prod.value) || !strong(setting.binding.value)) continue;
        out.push(at(setting, "warning", `${name} is set here only when DEBUG is off, but ${prod.why}: production never runs this line. Read DEBUG with an explicit comparison or cast, or set ${name} unconditionally in production settings.`));
      }
    }
    return out;
  },
};
