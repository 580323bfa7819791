import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin, textOf } from "./settings-values.ts";
import { silenced } from "./DJS059-deploy-checks-silenced.ts";

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

export const rule: SettingsRule = {
  id: "DJS050",
  name: "security-middleware-missing",
  defaultSeverity: "warning",
  djangoCheck: "security.W001",
  cwe: [693],
  docs: {
    summary: "MIDDLEWARE lacks SecurityMiddleware, so HSTS, the HTTPS redirect, nosniff and Referrer-Policy settings do nothing.",
    whatItDoes:
      "Finds a MIDDLEWARE list of string literals without 'django.middleware.security.SecurityMiddleware' in deployed settings, as Django's security.W001 does (MIDDLEWARE_CLASSES in projects from before Django 1.10). A list built from other names ([*BASE_MIDDLEWARE, ...]) is left alone. Deliberate difference: settings that never bind MIDDLEWARE are left alone too, where Django reads its default [] and warns; a deployed site without any middleware is much rarer than a list built in a way the scan does not evaluate (BASE + EXTRA). Development and test settings may leave it out. Checks listed in SILENCED_SYSTEM_CHECKS are honoured, as Django honours them.",
    whyIsThisBad:
      "SecurityMiddleware is what applies SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY and (Django 4.0+) SECURE_CROSS_ORIGIN_OPENER_POLICY: without it, those settings look secure in review and have no effect at all.",
    example: 'MIDDLEWARE = [\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n]',
    useInstead: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",  # first, so its redirect runs before anything else\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n]',
    references: ["https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security", "https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role) || silenced(s, "security.W001")) return [];
    const state = middleware(s, SECURITY_MIDDLEWARE);
    if (state.presence !== "absent" || !state.setting) return [];
    return [at(state.setting, "warning", `${state.name}${origin(s, state.setting)} lacks django.middleware.security.SecurityMiddleware (Django's security.W001), so SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, SECURE_CONTENT_TYPE_NOSNIFF and SECURE_REFERRER_POLICY have no effect. Add it, first in the list.`)];
  },
};
