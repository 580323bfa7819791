import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";
import { SECURITY_MIDDLEWARE, middleware, silenced } from "./settings-reading.ts";

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
