import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";
import { CSRF_MIDDLEWARE, middleware, silenced } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS036",
  name: "csrf-middleware-removed",
  defaultSeverity: "warning",
  djangoCheck: "security.W003",
  cwe: [352],
  docs: {
    summary: "MIDDLEWARE leaves out Django's CSRF middleware, so no view is protected against cross-site request forgery.",
    whatItDoes:
      "Finds a MIDDLEWARE list of string literals without 'django.middleware.csrf.CsrfViewMiddleware' in deployed settings, as Django's security.W003 does (MIDDLEWARE_CLASSES in projects from before Django 1.10). Deliberate differences: settings that never bind MIDDLEWARE, or build it from other names (BASE_MIDDLEWARE + [...], [*BASE, ...]) or inside an `if`, are left alone, where Django reads the final list (its default is []); development and test settings are left alone too (Django's test client skips CSRF checks anyway). security.W003 in SILENCED_SYSTEM_CHECKS is honoured.",
    whyIsThisBad:
      "Without the middleware, {% csrf_token %} still renders but nothing checks it: any website a logged-in user visits can post forms and API calls to this site in the user's name. A project's own middleware that subclasses it is not recognised by Django's check either.",
    example: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n]',
    useInstead: 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.common.CommonMiddleware",\n    "django.middleware.csrf.CsrfViewMiddleware",\n]\n# and @csrf_exempt on the single views that cannot send a token (webhooks signed otherwise)',
    references: ["https://docs.djangoproject.com/en/stable/ref/csrf/", "https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role) || silenced(s, "security.W003")) return [];
    const state = middleware(s, CSRF_MIDDLEWARE);
    if (state.presence !== "absent" || !state.setting) return [];
    return [at(state.setting, "warning", `${state.name}${origin(s, state.setting)} leaves out ${CSRF_MIDDLEWARE} (Django's security.W003): no view checks CSRF tokens, so any website can submit forms and API calls in a logged-in user's name. Add it back after SessionMiddleware, and exempt single views with @csrf_exempt if they must be.`)];
  },
};
