// How the settings rules read Django's lists and flags, shared by the rules that mirror its checks:
// whether MIDDLEWARE or INSTALLED_APPS holds a class, what SILENCED_SYSTEM_CHECKS silences, whether
// sessions are in use, and what a cookie flag is when the environment does not set it.
import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { Value } from "../engine/types.ts";
import { textOf, truthWhenUnset } from "./settings-values.ts";

/** The check ids a SILENCED_SYSTEM_CHECKS value names, when it is a literal. */
export function silencedIds(v: Value): string[] | undefined {
  if (v.kind === "list") return v.items.map(textOf).filter((t): t is string => t !== undefined);
  // Django tests `id in SILENCED_SYSTEM_CHECKS`: on a string that is a substring test, so a string silences what it spells.
  const text = textOf(v);
  return text === undefined ? undefined : [...text.matchAll(/security\.[A-Z]\d{3}/g)].map((m) => m[0]);
}

/** Whether the settings silence Django check `id`: the mirrored rules keep quiet about it, as `check --deploy` does. */
export function silenced(s: EffectiveSettings, id: string): boolean {
  const setting = s.get("SILENCED_SYSTEM_CHECKS");
  if (!setting) return false;
  const v = setting.binding.value;
  const text = textOf(v);
  if (text !== undefined) return text.includes(id);
  return (silencedIds(v) ?? []).includes(id);
}

// Also what the header rules (DJS051-DJS057) share: Django applies their settings only through
// middleware, so each asks first whether the middleware is there, as Django's checks do.
export const SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware";

/** Where a middleware class stands, as far as the settings say. */
export interface MiddlewareState {
  presence: "present" | "absent" | "unknown";
  /** The MIDDLEWARE binding judged; absent when the setting is never set. */
  setting?: Setting;
  /** The name of the setting judged: MIDDLEWARE, or MIDDLEWARE_CLASSES in a pre-1.10 project. */
  name: string;
}

/**
 * Whether MIDDLEWARE holds `cls`. A list of string literals decides; a list built from other names
 * (`[*BASE, ...]`), an environment look-up or a conditional binding leaves it unknown. So does a
 * MIDDLEWARE we never see bound: Django's default is [], but a deployed site with no middleware at all
 * is far rarer than one that builds the list in a way the scan does not evaluate (`A + B`, a call).
 */
export function middleware(s: EffectiveSettings, cls: string): MiddlewareState {
  // Projects from before Django 1.10 list their middleware in MIDDLEWARE_CLASSES.
  const name = s.all("MIDDLEWARE").length === 0 && s.all("MIDDLEWARE_CLASSES").length > 0 ? "MIDDLEWARE_CLASSES" : "MIDDLEWARE";
  const all = s.all(name);
  if (all.length === 0) return { presence: "unknown", name };
  const setting = s.get(name);
  if (!setting || all.some((b) => b.binding.condition)) return { presence: "unknown", name };
  const v = setting.binding.value;
  if (v.kind !== "list") return { presence: "unknown", setting, name };
  if (v.items.some((i) => textOf(i) === cls)) return { presence: "present", setting, name };
  return { presence: v.items.every((i) => textOf(i) !== undefined) ? "absent" : "unknown", setting, name };
}

/**
 * A setting's final value when the settings decide it: "unset" when nothing binds it (Django's default
 * applies), "undecided" when an `if` may, or when a star-imported module we were not shown may.
 */
export function decided(s: EffectiveSettings, name: string): Setting | "unset" | "undecided" {
  const all = s.all(name);
  if (all.length === 0) return s.complete ? "unset" : "undecided";
  if (all.some((b) => b.binding.condition)) return "undecided";
  return s.get(name) ?? "undecided";
}

export const CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware";

export const SIGNED_COOKIES_ENGINE = "django.contrib.sessions.backends.signed_cookies";

/** A dotted path the setting names: its literal, or the default of its environment look-up. */
export function dottedPath(v: Value | undefined): string | undefined {
  if (v?.kind === "env") return dottedPath(v.default);
  return textOf(v)?.trim();
}

/** SESSION_ENGINE, when it keeps sessions in signed cookies. */
export function signedCookieSessions(s: EffectiveSettings): Setting | undefined {
  const engine = s.get("SESSION_ENGINE");
  return engine && dottedPath(engine.binding.value) === SIGNED_COOKIES_ENGINE ? engine : undefined;
}

const SESSIONS_APP = "django.contrib.sessions";
const SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware";

/** Where a session cookie comes from, as Django's checks test it (exact membership, as sessions.py does). */
export interface SessionUse {
  /** `django.contrib.sessions` in INSTALLED_APPS: true, false, or undefined when the list is not readable. */
  app: boolean | undefined;
  /** SessionMiddleware in MIDDLEWARE, likewise. */
  middleware: boolean | undefined;
}

/** Whether the list has the entry; undefined when it is unset or built from other names, so not readable. */
function member(setting: Setting | undefined, wanted: string): boolean | undefined {
  const v = setting?.binding.value;
  return v?.kind === "list" ? v.items.some((i) => textOf(i) === wanted) : undefined;
}

export function sessionUse(s: EffectiveSettings): SessionUse {
  return { app: member(s.get("INSTALLED_APPS"), SESSIONS_APP), middleware: member(s.get("MIDDLEWARE"), SESSION_MIDDLEWARE) };
}

/** Whether sessions may be in use: false only when both lists are readable and neither has them. */
export const sessionsMaybeOn = (u: SessionUse): boolean => u.app !== false || u.middleware !== false;

/** The Django checks a session-cookie flag may fail, as sessions.py picks one (app, middleware, or both). */
export function sessionCheckIds(u: SessionUse, ids: [app: string, middleware: string, both: string]): string[] {
  if (u.app === true && u.middleware === true) return [ids[2]];
  if (u.app === true && u.middleware === false) return [ids[0]];
  if (u.middleware === true && u.app === false) return [ids[1]];
  return [...ids];
}

/** "Django's security.W012", or the family when the lists cannot tell which one. */
export const checkLabel = (ids: readonly string[]): string =>
  ids.length === 1 ? `Django's security.${ids[0]}` : `Django's session cookie checks ${ids.join("/")}`;

/** Whether SILENCED_SYSTEM_CHECKS silences every one of these checks: then Django says nothing, and neither do we. */
export const silencedChecks = (s: EffectiveSettings, ids: readonly string[]): boolean => ids.every((id) => silenced(s, `security.${id}`));

/** A cookie flag as Django reads it (truthiness, as 3.2's checks and the cookie code test it). */
export type FlagState = "on" | "off" | "defaults-off" | "unset" | "unknown";

export function flagState(s: EffectiveSettings, name: string): { state: FlagState; setting?: Setting } {
  const setting = s.get(name);
  if (!setting) {
    // `if not DEBUG: SESSION_COOKIE_SECURE = True`: set somewhere we cannot follow, so not known to be unset.
    return { state: s.all(name).length > 0 ? "unknown" : "unset" };
  }
  const v = setting.binding.value;
  const truth = truthWhenUnset(v);
  if (truth === undefined) return { state: v.kind === "env" ? "on" : "unknown", setting }; // fails closed: the deploy must set it
  if (truth) return { state: "on", setting };
  return { state: v.kind === "env" ? "defaults-off" : "off", setting };
}
