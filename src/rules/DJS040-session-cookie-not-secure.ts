import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { at, origin, unsetAt } from "./settings-values.ts";
import { checkLabel, flagState, sessionCheckIds, sessionUse, sessionsMaybeOn, silencedChecks } from "./settings-reading.ts";

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
