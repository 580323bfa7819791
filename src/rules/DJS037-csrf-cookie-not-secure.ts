import type { SettingsRule } from "../engine/types.ts";
import { at, literalTruth, origin, unsetAt } from "./settings-values.ts";
import { CSRF_MIDDLEWARE } from "./settings-reading.ts";
import { decided, middleware } from "./settings-reading.ts";
import { silenced } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS037",
  name: "csrf-cookie-not-secure",
  defaultSeverity: "notice",
  djangoCheck: "security.W016",
  cwe: [614],
  docs: {
    summary: "Production settings send the CSRF cookie over plain HTTP too (CSRF_COOKIE_SECURE is not on).",
    whatItDoes:
      "In production settings, mirrors Django's security.W016: CsrfViewMiddleware is in MIDDLEWARE, CSRF_USE_SESSIONS is not on, and CSRF_COOKIE_SECURE is never set (Django's default False) or set to a false literal. A notice, like the other cookie and HTTPS hardening. Deliberate differences: like Django 3.2's check and the cookie code (and unlike Django 4.0+'s check, which wants exactly True) a true value of another type, such as 1, counts as on; values read from the environment, set only inside an `if`, or possibly set in a star-imported module that was not scanned are left alone. security.W016 in SILENCED_SYSTEM_CHECKS is honoured.",
    whyIsThisBad:
      "Without the Secure flag the browser also sends the CSRF cookie on any http:// request to the site, where anyone on the network path can read it, or plant one of their own, and so pass the CSRF check. A redirect to HTTPS at the proxy does not help: the first plain request already carries the cookie.",
    example: "# settings/production.py\nCSRF_COOKIE_SECURE = False",
    useInstead: "CSRF_COOKIE_SECURE = True  # or CSRF_USE_SESSIONS = True, which keeps the token in the session",
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure", "https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judgeSettings(s) {
    if (s.module.role !== "production" || silenced(s, "security.W016") || middleware(s, CSRF_MIDDLEWARE).presence !== "present") return [];
    const useSessions = decided(s, "CSRF_USE_SESSIONS");
    if (useSessions === "undecided" || (useSessions !== "unset" && literalTruth(useSessions.binding.value) !== false)) return [];
    const secure = decided(s, "CSRF_COOKIE_SECURE");
    const advice = "browsers also send the CSRF cookie over plain HTTP, where the network can read it or plant its own. Set CSRF_COOKIE_SECURE = True";
    if (secure === "unset") return [unsetAt(s, "notice", `Production settings ${s.module.path} never set CSRF_COOKIE_SECURE (Django's default False, security.W016): ${advice}.`)];
    if (secure === "undecided" || literalTruth(secure.binding.value) !== false) return [];
    return [at(secure, "notice", `CSRF_COOKIE_SECURE is off${origin(s, secure)} in production settings ${s.module.path} (Django's security.W016): ${advice}.`)];
  },
};
