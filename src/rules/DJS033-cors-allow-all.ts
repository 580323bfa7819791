import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin, whyOn } from "./settings-values.ts";

/** django-cors-headers reads the new name first and falls back to the old one only when the new one is unset. */
const allowAll = (s: EffectiveSettings): Setting | undefined => s.get("CORS_ALLOW_ALL_ORIGINS") ?? s.get("CORS_ORIGIN_ALLOW_ALL");

export const rule: SettingsRule = {
  id: "DJS033",
  name: "cors-allow-all",
  defaultSeverity: "warning",
  cwe: [942],
  docs: {
    summary: "django-cors-headers lets every website read the API's responses; with credentials allowed, authenticated ones too.",
    whatItDoes:
      "Finds CORS_ALLOW_ALL_ORIGINS (or its old name CORS_ORIGIN_ALLOW_ALL, which django-cors-headers reads only when the new one is unset) on in deployed settings: a warning, an error when CORS_ALLOW_CREDENTIALS is on as well. Development and test settings are left alone.",
    whyIsThisBad:
      "Allow-all alone answers `Access-Control-Allow-Origin: *`, which browsers honour only for requests without cookies: public data is readable by any site. With CORS_ALLOW_CREDENTIALS, django-cors-headers echoes the request's Origin instead of '*' and adds `Access-Control-Allow-Credentials: true`, so any website a user visits can send requests with the user's cookies and read the answers (whenever the cookies' SameSite lets them go: SameSite=None cookies from anywhere, Lax ones from any subdomain of the same site).",
    example: "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True",
    useInstead: 'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]  # the front ends that need it, and nothing else',
    references: [
      "https://github.com/adamchainz/django-cors-headers#cors_allow_all_origins-bool",
      "https://github.com/adamchainz/django-cors-headers#cors_allow_credentials-bool",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const all = allowAll(s);
    const why = whyOn(all?.binding.value);
    if (!all || !why) return [];
    const credentials = s.get("CORS_ALLOW_CREDENTIALS");
    if (credentials && whyOn(credentials.binding.value)) {
      return [at(all, "error", `${all.binding.name} ${why}${origin(s, all)} and CORS_ALLOW_CREDENTIALS is on${origin(s, credentials)}: django-cors-headers then echoes the request's Origin with credentials allowed, so any website can send requests with your users' cookies and read the authenticated responses. List the trusted origins in CORS_ALLOWED_ORIGINS instead.`)];
    }
    return [at(all, "warning", `${all.binding.name} ${why}${origin(s, all)}: every website can read this site's responses to requests without cookies, and turning CORS_ALLOW_CREDENTIALS on later would open authenticated ones too. List the trusted origins in CORS_ALLOWED_ORIGINS.`)];
  },
};
