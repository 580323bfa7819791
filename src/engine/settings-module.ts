// Django settings as they will run. A settings module is a Python file's module-level bindings; split
// settings (`from .base import *` then overrides) are followed across the scanned files, so a rule
// judges the module that is deployed and points at the line that causes the problem.
import type { Binding, FileRole, Span, Value } from "./types.ts";

/** Settings that mark a Python file as Django settings (two of them, or one in a file named settings). */
const DJANGO_SETTINGS = new Set([
  "DEBUG", "ALLOWED_HOSTS", "INSTALLED_APPS", "MIDDLEWARE", "DATABASES", "SECRET_KEY", "ROOT_URLCONF", "TEMPLATES",
  "STATIC_URL", "STATIC_ROOT", "WSGI_APPLICATION", "AUTH_PASSWORD_VALIDATORS", "LANGUAGE_CODE", "TIME_ZONE",
  "SESSION_ENGINE", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DEFAULT_AUTO_FIELD",
]);

export interface SettingsModule {
  path: string;
  /** The role from the path, refined by what the module sets (see `refineRole`). */
  role: FileRole;
  /** The role before content refined it: from the config or the path. */
  pathRole: FileRole;
  /** Module-level bindings, in file order. */
  bindings: Binding[];
  /** Modules it star-imports, resolved to scanned paths where they could be. */
  imports: string[];
  /** Star imports that are not among the scanned files (a PR that changes only production.py). */
  unresolved: string[];
  /** Where each resolved import is written: the line that brings an imported module's settings in. */
  importedAt: ReadonlyMap<string, Span>;
}

export interface Setting {
  binding: Binding;
  /** The file the binding stands in (the judged module, or one it imports). */
  path: string;
}

/** A settings module with everything it star-imports: what Django will see when this module is loaded. */
export interface EffectiveSettings {
  module: SettingsModule;
  /** The value a setting ends with: the last unconditional module-level binding, own before imported. */
  get(name: string): Setting | undefined;
  /** Every binding of a setting, conditional ones included, own and imported. */
  all(name: string): Setting[];
  /**
   * Whether every star import was among the scanned files. When not, a setting that looks unset may be
   * set in a module we did not see: rules about unset settings must stay silent.
   */
  complete: boolean;
}

const valueOfKind = <K extends Value["kind"]>(v: Value | undefined, kind: K): Extract<Value, { kind: K }> | undefined =>
  v?.kind === kind ? (v as Extract<Value, { kind: K }>) : undefined;

/** Content says what the path may not: test settings use a fast hasher or a test runner; production ones turn on HSTS. */
export function refineRole(role: FileRole, bindings: readonly Binding[]): FileRole {
  if (role !== "neutral" && role !== "base") return role;
  const last = (name: string) => [...bindings].reverse().find((b) => b.name === name && !b.condition)?.value;
  const hashers = valueOfKind(last("PASSWORD_HASHERS"), "list");
  const firstHasher = hashers?.items[0]?.kind === "string" ? hashers.items[0].text ?? "" : "";
  const email = valueOfKind(last("EMAIL_BACKEND"), "string")?.text ?? "";
  if (last("TEST_RUNNER") || /MD5PasswordHasher$/.test(firstHasher) || /locmem\.EmailBackend$/.test(email)) return "test";
  const hsts = valueOfKind(last("SECURE_HSTS_SECONDS"), "number");
  if (role === "neutral" && ((hsts && hsts.value > 0) || valueOfKind(last("SECURE_SSL_REDIRECT"), "bool")?.value === true)) return "production";
  return role;
}

export function isSettingsModule(path: string, bindings: readonly Binding[]): boolean {
  const names = new Set(bindings.filter((b) => b.topLevel && DJANGO_SETTINGS.has(b.name)).map((b) => b.name));
  return names.size >= 2 || (names.size >= 1 && /(^|\/)settings([/._-]|$)/i.test(path));
}

/** Where `from X import *` may point, nearest first: `.base` from `config/settings/production.py` is
 * `config/settings/base.py` or `config/settings/base/__init__.py`; an absolute name may start at any package root. */
export function starImportCandidates(fromPath: string, module: string): string[] {
  const dir = fromPath.split("/").slice(0, -1);
  const dots = /^\.*/.exec(module)![0].length;
  const rest = module.slice(dots).split(".").filter(Boolean);
  const roots: string[][] = [];
  if (dots > 0) roots.push([...dir.slice(0, dir.length - (dots - 1)), ...rest]);
  else for (let i = dir.length; i >= 0; i--) roots.push([...dir.slice(0, i), ...rest]);
  return roots.flatMap((parts) => [`${parts.join("/")}.py`, `${[...parts, "__init__"].join("/")}.py`]);
}

export function resolveStarImport(fromPath: string, module: string, known: ReadonlySet<string>): string | undefined {
  return starImportCandidates(fromPath, module).find((p) => known.has(p));
}

/** Each settings module that no other scanned module imports, with its imports folded in. */
export function deployedSettings(modules: readonly SettingsModule[]): EffectiveSettings[] {
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const imported = new Set(modules.flatMap((m) => m.imports));
  const chainOf = (m: SettingsModule, seen = new Set<string>()): SettingsModule[] => {
    if (seen.has(m.path)) return [];
    seen.add(m.path);
    // Later imports override earlier ones, and the module's own bindings override them all.
    const parents = m.imports.map((p) => byPath.get(p)).filter((p): p is SettingsModule => !!p);
    return [m, ...parents.reverse().flatMap((p) => chainOf(p, seen))];
  };
  return modules
    .filter((m) => !imported.has(m.path))
    .map((module) => {
      const chain = chainOf(module);
      const all = (name: string): Setting[] =>
        chain.flatMap((m) => m.bindings.filter((b) => b.name === name).map((binding) => ({ binding, path: m.path })));
      return {
        module,
        all,
        complete: chain.every((m) => m.unresolved.length === 0),
        get(name) {
          for (const m of chain) {
            const own = m.bindings.filter((b) => b.name === name && !b.condition);
            if (own.length) return { binding: own[own.length - 1]!, path: m.path };
          }
          return undefined;
        },
      };
    });
}
