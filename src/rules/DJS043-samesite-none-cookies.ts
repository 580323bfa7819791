import type { SettingsRule, SettingsVerdict, Value } from "../engine/types.ts";
import { at, isDeployedRole, literalTruth, origin, textOf } from "./settings-values.ts";
import { flagState } from "./settings-reading.ts";

/** Each cookie's SameSite setting, with the setting that gives it the Secure flag. */
const COOKIES = [
  { samesite: "SESSION_COOKIE_SAMESITE", secure: "SESSION_COOKIE_SECURE", cookie: "session" },
  { samesite: "CSRF_COOKIE_SAMESITE", secure: "CSRF_COOKIE_SECURE", cookie: "CSRF" },
] as const;

/** "None" sends the cookie cross-site on purpose; None or False leaves the attribute out (Django 3.1+). */
function sameSite(v: Value): "none" | "absent" | undefined {
  if (v.kind === "env") return v.default ? sameSite(v.default) : undefined;
  if (v.kind === "none" || (v.kind === "bool" && !v.value)) return "absent";
  return textOf(v)?.trim().toLowerCase() === "none" ? "none" : undefined;
}

export const rule: SettingsRule = {
  id: "DJS043",
  name: "samesite-none-cookies",
  defaultSeverity: "notice",
  cwe: [1275, 352],
  docs: {
    summary: "The session or CSRF cookie is sent on cross-site requests (SameSite 'None', or no SameSite attribute at all).",
    whatItDoes:
      "Finds SESSION_COOKIE_SAMESITE or CSRF_COOKIE_SAMESITE set to 'None' (the cookie goes with every cross-site request) or to None/False (Django then leaves the attribute out and the browser decides) in deployed settings. A notice; a warning for 'None' when the same cookie is not Secure, since browsers refuse or expose such cookies. The CSRF cookie is skipped when CSRF_USE_SESSIONS keeps the token in the session.",
    whyIsThisBad:
      "Django's default, 'Lax', keeps the cookies off cross-site POSTs, subresources and frames: a second line of defence against CSRF and cross-site leaks. 'None' turns that off for every site on the web, which is only needed when the site is embedded cross-site (and then the cookie must be Secure). Without the attribute, behaviour depends on the browser.",
    example: 'SESSION_COOKIE_SAMESITE = "None"',
    useInstead: 'SESSION_COOKIE_SAMESITE = "Lax"  # Django\'s default; "None" only for a cross-site embed, together with SESSION_COOKIE_SECURE = True',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite",
      "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-samesite",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const out: SettingsVerdict[] = [];
    for (const c of COOKIES) {
      const setting = s.get(c.samesite);
      const kind = setting && sameSite(setting.binding.value);
      if (!setting || !kind) continue;
      if (c.cookie === "CSRF" && literalTruth(s.get("CSRF_USE_SESSIONS")?.binding.value) === true) continue; // no CSRF cookie is set
      const where = origin(s, setting);
      if (kind === "absent") {
        out.push(at(setting, "notice", `${c.samesite} is ${setting.binding.value.kind === "none" ? "None" : "False"}${where}: Django sends the ${c.cookie} cookie without a SameSite attribute, so whether it goes with cross-site requests is left to each browser. Remove the setting (Django's default is "Lax").`));
        continue;
      }
      const secure = flagState(s, c.secure).state;
      const insecure = secure === "off" || secure === "unset" || secure === "defaults-off";
      const tail = insecure
        ? ` ${c.secure} is not on, and current browsers drop a SameSite=None cookie that is not Secure, and older ones send it over plain HTTP too.`
        : "";
      out.push(at(setting, insecure ? "warning" : "notice", `${c.samesite} is "None"${where}: the ${c.cookie} cookie goes with every cross-site request, which gives up SameSite's protection against cross-site request forgery.${tail} Use "Lax" (Django's default) unless the site must work embedded in other sites.`));
    }
    return out;
  },
};
