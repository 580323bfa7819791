import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { at, isDeployedRole, origin, textOf } from "./settings-values.ts";
import { decided, middleware, silenced } from "./settings-reading.ts";

const XFRAME_MIDDLEWARE = "django.middleware.clickjacking.XFrameOptionsMiddleware";

export const rule: SettingsRule = {
  id: "DJS057",
  name: "clickjacking-protection-weakened",
  defaultSeverity: "notice",
  djangoCheck: "security.W002 / W019",
  cwe: [1021],
  docs: {
    summary: "Pages may be framed by other sites: XFrameOptionsMiddleware is missing, X_FRAME_OPTIONS is not 'DENY', or it holds the obsolete 'ALLOW-FROM'.",
    whatItDoes:
      "In deployed settings, mirrors Django's security.W002 (a MIDDLEWARE list of string literals without XFrameOptionsMiddleware; as in DJS050, settings that never bind MIDDLEWARE are left alone, where Django reads its default []) and security.W019 (the middleware is there and X_FRAME_OPTIONS is not 'DENY'; Django's default is 'DENY'). Also names 'ALLOW-FROM ...', which browsers no longer support, even where W019 is silenced. A notice: 'SAMEORIGIN' is a common, deliberate choice (previews, embedded admin pages). Deliberate difference: the middleware upper-cases the value, so 'deny' passes here where Django's check warns. Development and test settings, values read from the environment and values that an `if` sets or may change are left alone; checks in SILENCED_SYSTEM_CHECKS are honoured.",
    whyIsThisBad:
      "A page that another site can load in an invisible frame can be clickjacked: the user believes they click the attacker's page and in fact confirms a form, a transfer or a permission on yours, with their session. Browsers ignore 'ALLOW-FROM', so such a header protects nothing.",
    example: 'X_FRAME_OPTIONS = "ALLOW-FROM https://partner.example.com"',
    useInstead: "# Leave X_FRAME_OPTIONS unset (Django's default is 'DENY'), keep XFrameOptionsMiddleware, and allow\n# framing per view with @xframe_options_sameorigin, or per origin with a CSP frame-ancestors header.",
    references: ["https://docs.djangoproject.com/en/stable/ref/clickjacking/", "https://docs.djangoproject.com/en/stable/ref/settings/#x-frame-options"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const out: SettingsVerdict[] = [];
    const state = middleware(s, XFRAME_MIDDLEWARE);
    if (state.presence === "absent" && state.setting) {
      if (silenced(s, "security.W002")) return [];
      return [at(state.setting, "notice", `${state.name}${origin(s, state.setting)} lacks django.middleware.clickjacking.XFrameOptionsMiddleware (Django's security.W002), so pages go out without an X-Frame-Options header and any site can frame them (clickjacking). Add it, or send a CSP frame-ancestors header.`)];
    }
    const option = decided(s, "X_FRAME_OPTIONS");
    if (typeof option === "string") return [];
    const v = option.binding.value;
    if (v.kind === "env" || v.kind === "random-call" || v.kind === "other") return [];
    const text = textOf(v);
    if (text !== undefined && /^\s*ALLOW-FROM\b/i.test(text)) {
      out.push(at(option, "notice", `X_FRAME_OPTIONS${origin(s, option)} is 'ALLOW-FROM ...', which current browsers do not support: they ignore the header, so any site can frame your pages${silenced(s, "security.W019") ? "" : " (Django's security.W019)"}. Use 'DENY' or 'SAMEORIGIN', and a Content-Security-Policy frame-ancestors directive to allow specific origins.`));
    } else if (text?.toUpperCase() !== "DENY" && !silenced(s, "security.W019")) {
      // The middleware sends value.upper(): 'deny' is DENY; anything else lets some site frame the pages.
      const shown = text !== undefined ? `'${text}'` : "not a string";
      const effect =
        text === undefined ? "the middleware needs the string 'DENY' or 'SAMEORIGIN'. Remove the line (Django's default is 'DENY')"
        : text.toUpperCase() === "SAMEORIGIN" ? "every page may be framed by the site's own pages. If some views need that, keep 'DENY' and mark just those with @xframe_options_sameorigin"
        : "browsers ignore a value they do not know, so any site can frame your pages. Remove the line (Django's default is 'DENY')";
      out.push(at(option, "notice", `X_FRAME_OPTIONS is ${shown}${origin(s, option)}, not 'DENY' (Django's security.W019): ${effect}.`));
    }
    return out;
  },
};
