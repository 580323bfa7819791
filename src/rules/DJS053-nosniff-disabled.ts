import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, literalTruth, origin } from "./settings-values.ts";
import { SECURITY_MIDDLEWARE, decided, middleware } from "./settings-reading.ts";
import { silenced } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS053",
  name: "nosniff-disabled",
  defaultSeverity: "warning",
  djangoCheck: "security.W006",
  cwe: [693, 79],
  docs: {
    summary: "SECURE_CONTENT_TYPE_NOSNIFF is turned off, so browsers may run uploaded files as scripts or HTML.",
    whatItDoes:
      "Finds SECURE_CONTENT_TYPE_NOSNIFF set to a false literal in deployed settings while SecurityMiddleware is in MIDDLEWARE, as Django's security.W006 does. Unset is fine: Django's default is True since 3.0. Development and test settings, values read from the environment and values that an `if` sets or may change are left alone. Deliberate difference: Django wants `is True`; the middleware only tests truthiness, so a literal 1 passes here. security.W006 in SILENCED_SYSTEM_CHECKS is honoured.",
    whyIsThisBad:
      "Without 'X-Content-Type-Options: nosniff' a browser may guess a response's type from its content: a user upload served as text/plain or image/* can be run as HTML or JavaScript on your origin (stored XSS).",
    example: "SECURE_CONTENT_TYPE_NOSNIFF = False",
    useInstead: "# Leave it unset (Django's default is True), or:\nSECURE_CONTENT_TYPE_NOSNIFF = True",
    references: ["https://docs.djangoproject.com/en/stable/ref/middleware/#x-content-type-options-nosniff", "https://docs.djangoproject.com/en/stable/ref/settings/#secure-content-type-nosniff"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role) || silenced(s, "security.W006") || middleware(s, SECURITY_MIDDLEWARE).presence === "absent") return [];
    const nosniff = decided(s, "SECURE_CONTENT_TYPE_NOSNIFF");
    if (typeof nosniff === "string" || literalTruth(nosniff.binding.value) !== false) return [];
    return [at(nosniff, "warning", `SECURE_CONTENT_TYPE_NOSNIFF is off${origin(s, nosniff)} (Django's security.W006): responses go out without 'X-Content-Type-Options: nosniff', so a browser may run an uploaded file as HTML or script. Remove the line (Django's default is True) or set it to True.`)];
  },
};
