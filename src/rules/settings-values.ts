// What the settings rules share: reading a setting's value as Django will, and where to point.
import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { FileRole, Severity, SettingsVerdict, Value } from "../engine/types.ts";

/** Words a boolean cast or comparison reads as true. */
const TRUE_WORDS = /^(true|1|yes|on|t|y)$/i;

/** The string's text, when the setting's strings are readable (public settings). */
export const textOf = (v: Value | undefined): string | undefined => (v?.kind === "string" ? v.text : undefined);

/** Whether a literal is truthy in Python; undefined when it is not a literal. */
export function literalTruth(v: Value | undefined): boolean | undefined {
  switch (v?.kind) {
    case "bool": return v.value;
    case "number": return v.value !== 0;
    case "none": return false;
    case "string": return v.secret.length > 0;
    case "list": return v.items.length > 0;
    default: return undefined;
  }
}

/** The environment's string used as it is: `os.environ.get("DEBUG", False)`, `bool(os.getenv(...))`, `"X" in os.environ`. */
export const readsRawEnv = (v: Value): boolean => v.kind === "env" && (v.cast === undefined || v.cast === "presence");

/**
 * What a setting is when its environment variable is unset: true/false, or undefined when that cannot
 * be told or the look-up fails closed (os.environ[...], env.bool("X") with no default raise).
 */
export function truthWhenUnset(v: Value): boolean | undefined {
  if (v.kind !== "env") return literalTruth(v);
  if (v.cast === "presence") return false;
  const d = v.default;
  if (v.cast === undefined) {
    if (d) return literalTruth(d);
    return v.via === "os.environ[...]" ? undefined : false; // os.getenv("X") is None
  }
  if (v.cast === "compare") return d?.kind === "string" ? TRUE_WORDS.test(textOf(d) ?? "") : d ? literalTruth(d) === true : false;
  if (!d) return undefined;
  return d.kind === "string" && v.cast !== "as-is" ? TRUE_WORDS.test(textOf(d) ?? "") : literalTruth(d);
}

/** A cast look-up whose default turns the setting on when the variable is unset. */
export const failsOpen = (v: Value): boolean =>
  v.kind === "env" && v.cast !== undefined && v.cast !== "presence" && v.cast !== "as-is" && truthWhenUnset(v) === true;

/** A finding on the line that sets it, wherever that is in the split settings. */
export function at(setting: Setting, severity: Severity, message: string): SettingsVerdict {
  return { severity, message, path: setting.path, span: setting.binding.value.span };
}

/** "(set in config/settings/base.py, which config/settings/production.py imports)" when it comes from elsewhere. */
export function origin(s: EffectiveSettings, setting: Setting): string {
  return setting.path === s.module.path ? "" : ` (set in ${setting.path}, which ${s.module.path} imports)`;
}

/** Roles whose settings are what a site is deployed with. */
export const isDeployedRole = (role: FileRole): boolean => role === "production" || role === "neutral" || role === "base";


/**
 * Where a finding about a setting that is never set stands: the module's first setting, where a reader
 * looks for what the module sets (line 1 of an empty module).
 */
export function unsetAt(s: EffectiveSettings, severity: Severity, message: string): SettingsVerdict {
  const line = Math.min(...s.module.bindings.map((b) => b.value.span.line), Number.MAX_SAFE_INTEGER);
  const at = line === Number.MAX_SAFE_INTEGER ? 1 : line;
  return { severity, message, path: s.module.path, span: { line: at, column: 1, endLine: at, endColumn: 1 } };
}

/** Hosts that only ever name the developer's own machine (with or without a port). */
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\]|::1|0\.0\.0\.0|\.localhost)(:\d+)?$/i;
export const isLocalHost = (host: string): boolean => LOCAL_HOST.test(host);

/** '*' as a host, in a list literal, a comma-separated string, or an environment default. */
export function hasWildcardHost(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.kind === "list") return v.items.some((i) => textOf(i)?.trim() === "*");
  if (v.kind === "string") return (textOf(v) ?? "").split(",").some((h) => h.trim() === "*");
  if (v.kind === "env") return hasWildcardHost(v.default);
  return false;
}

/** Why a flag is on: a true literal, a cast look-up that defaults on, or the environment's raw string. */
export function whyOn(v: Value | undefined): string | undefined {
  if (!v) return undefined;
  if (literalTruth(v) === true) return "is on";
  if (failsOpen(v)) return "defaults to on when the environment does not set it";
  if (v.kind === "env" && v.cast === "presence") return 'is on whenever the variable is set, even to "False"';
  if (readsRawEnv(v)) return 'is the raw string from the environment: set to anything, "False" included, it is on';
  return undefined;
}
