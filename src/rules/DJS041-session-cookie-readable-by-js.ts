import type { Severity, SettingsRule } from "../engine/types.ts";
import { at, origin } from "./settings-values.ts";
import { checkLabel, flagState, sessionCheckIds, sessionUse, sessionsMaybeOn, silencedChecks } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS041",
  name: "session-cookie-readable-by-js",
  defaultSeverity: "warning",
  djangoCheck: "security.W013 / W014 / W015",
  cwe: [1004],
  docs: {
    summary: "SESSION_COOKIE_HTTPONLY is off: page scripts, and so any XSS, can read the session cookie.",
    whatItDoes:
      "Mirrors Django's security.W013/W014/W015: with django.contrib.sessions in INSTALLED_APPS and/or SessionMiddleware in MIDDLEWARE, SESSION_COOKIE_HTTPONLY is set to a false value (or read from the environment with a false default). Django's default is True, so leaving it unset is fine. A warning in deployed settings, a notice in development settings, nothing in test settings.",
    whyIsThisBad:
      "Without HttpOnly, document.cookie hands the session id to any script on the page: one cross-site scripting hole, in your code or a third-party script, lets an attacker copy the cookie and use the session from anywhere, long after the page is closed. Django's CSRF and session code never need JavaScript to read this cookie.",
    example: "SESSION_COOKIE_HTTPONLY = False",
    useInstead: "# leave SESSION_COOKIE_HTTPONLY unset (True); for JavaScript that needs the CSRF token, read it from the csrftoken cookie or the page",
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly",
      "https://docs.djangoproject.com/en/stable/ref/checks/#security",
    ],
  },
  judgeSettings(s) {
    const role = s.module.role;
    const severity: Severity | undefined = role === "production" || role === "neutral" || role === "base" ? "warning" : role === "dev" ? "notice" : undefined;
    if (!severity) return [];
    const use = sessionUse(s);
    if (!sessionsMaybeOn(use)) return [];
    const { state, setting } = flagState(s, "SESSION_COOKIE_HTTPONLY");
    if ((state !== "off" && state !== "defaults-off") || !setting) return [];
    const ids = sessionCheckIds(use, ["W013", "W014", "W015"]);
    if (silencedChecks(s, ids)) return [];
    const how = state === "off" ? "is off" : "is off unless the environment turns it on";
    return [at(setting, severity, `SESSION_COOKIE_HTTPONLY ${how}${origin(s, setting)} (${checkLabel(ids)}): JavaScript on the page can read the session cookie, so any cross-site scripting hole hands over the session. Remove the setting (Django's default is True).`)];
  },
};
