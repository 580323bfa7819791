import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";
import { signedCookieSessions } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS044",
  name: "signed-cookie-sessions",
  defaultSeverity: "notice",
  cwe: [565, 613],
  docs: {
    summary: "Sessions are stored in the browser, signed with SECRET_KEY: a leaked key forges sessions, and a session cannot be revoked.",
    whatItDoes:
      "Finds SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies' (as a literal or an environment default) in deployed settings, as a notice. With a pickle serializer as well, DJS042 reports the pair as an error, and any committed SECRET_KEY in the same scan is raised to an error and linked to it.",
    whyIsThisBad:
      "The whole session lives in a cookie that SECRET_KEY signs but does not encrypt: the user can read everything stored in it, anyone holding the key can write any session, and a stolen cookie stays valid until it expires, because logging out cannot invalidate a copy the server does not keep. The key that guards it must never be committed.",
    example: 'SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"',
    useInstead: 'SESSION_ENGINE = "django.contrib.sessions.backends.db"  # or cache / cached_db; keep signed cookies only with a key from a secret store',
    references: [
      "https://docs.djangoproject.com/en/stable/topics/http/sessions/#using-cookie-based-sessions",
      "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const engine = signedCookieSessions(s);
    if (!engine) return [];
    return [at(engine, "notice", `Sessions are kept in signed cookies${origin(s, engine)}: the browser holds the session data, readable by the user and signed (not encrypted) with SECRET_KEY, so whoever has the key can forge any session, and a stolen cookie cannot be revoked by logging out. Keep SECRET_KEY out of the repository, or use the db or cache session engine.`)];
  },
};
