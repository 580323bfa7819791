import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { at, origin, textOf, truthWhenUnset, unsetAt } from "./settings-values.ts";
import { silenced } from "./DJS059-deploy-checks-silenced.ts";

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

const WHY = "a session cookie without the Secure flag is also sent over plain HTTP, where anyone on the network path can read it and take over the session";

export const rule: SettingsRule = {
  id: "DJS040",
  name: "session-cookie-not-secure",
  defaultSeverity: "notice",
  djangoCheck: "security.W010 / W011 / W012",
  cwe: [614],
  docs: {
    summary: "The session cookie may be sent over plain HTTP: SESSION_COOKIE_SECURE is not on where sessions are used.",
    whatItDoes:
      "Mirrors Django's security.W010/W011/W012: with django.contrib.sessions in INSTALLED_APPS and/or SessionMiddleware in MIDDLEWARE, SESSION_COOKIE_SECURE is not true. In production settings an explicit False (or an environment default of False) is a warning and a setting left unset a notice; in other deployed settings (a single settings.py) only an explicit False is reported, as a notice. Development and test settings may serve plain HTTP and are left alone. Like Django 3.2, any true value counts (the cookie code tests truthiness).",
    whyIsThisBad:
      "Django's default is SESSION_COOKIE_SECURE = False. Without the Secure flag the browser sends the session cookie on any http:// request to the site (a typed URL, an old link, an injected image), where a network attacker reads it and is logged in as the user. HSTS and redirects narrow this, but only the flag closes it.",
    example: "# settings/production.py\nSESSION_COOKIE_SECURE = False",
    useInstead: "SESSION_COOKIE_SECURE = True  # production settings; local.py may set False for runserver over HTTP",
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
      "https://docs.djangoproject.com/en/stable/ref/checks/#security",
    ],
  },
  judgeSettings(s) {
    const role = s.module.role;
    const deployed = role === "production" || role === "neutral" || role === "base";
    if (!deployed) return [];
    const use = sessionUse(s);
    if (!sessionsMaybeOn(use)) return [];
    const { state, setting } = flagState(s, "SESSION_COOKIE_SECURE");
    const ids = sessionCheckIds(use, ["W010", "W011", "W012"]);
    if (silencedChecks(s, ids)) return [];
    const check = checkLabel(ids);
    const out: SettingsVerdict[] = [];
    if (state === "off" && setting) {
      out.push(at(setting, role === "production" ? "warning" : "notice", `SESSION_COOKIE_SECURE is off${origin(s, setting)} (${check}): ${WHY}. Set SESSION_COOKIE_SECURE = True in the settings the site is deployed with.`));
    } else if (state === "defaults-off" && setting && role === "production") {
      out.push(at(setting, "notice", `SESSION_COOKIE_SECURE is off unless the environment turns it on${origin(s, setting)} (${check}): ${WHY}. Default it to True.`));
    } else if (state === "unset" && role === "production" && s.complete && (use.app === true || use.middleware === true)) {
      out.push(unsetAt(s, "notice", `Production settings ${s.module.path} use sessions but never set SESSION_COOKIE_SECURE, whose default is False (${check}): ${WHY}. Add SESSION_COOKIE_SECURE = True.`));
    }
    return out;
  },
};
