import type { SettingsRule } from "../engine/types.ts";
import { at, literalTruth, origin, unsetAt } from "./settings-values.ts";
import { SECURITY_MIDDLEWARE, decided, middleware } from "./settings-reading.ts";
import { silenced } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS052",
  name: "no-https-redirect",
  defaultSeverity: "notice",
  djangoCheck: "security.W008",
  cwe: [319],
  docs: {
    summary: "Production settings do not redirect HTTP to HTTPS (SECURE_SSL_REDIRECT is not on).",
    whatItDoes:
      "In production settings, mirrors Django's security.W008: SecurityMiddleware is in MIDDLEWARE and SECURE_SSL_REDIRECT is never set (Django's default False) or set to a false literal. A notice: the redirect is often done by the load balancer or proxy; say so with SILENCED_SYSTEM_CHECKS = [\"security.W008\"], which Django and this rule both honour. Never set, it is reported on the module's first line, and only when every module it star-imports was scanned. A value read from the environment, or one that an `if` sets or may change, is left alone. Deliberate difference: Django wants `is True`; the middleware only tests truthiness, so a literal 1 passes here.",
    whyIsThisBad:
      "A site that answers on plain HTTP serves its pages, and sends any cookie not marked Secure, to anyone on the network path; a user who types the bare domain starts there.",
    example: "# settings/production.py\nSECURE_SSL_REDIRECT = False",
    useInstead: 'SECURE_SSL_REDIRECT = True\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # behind a proxy that sets it, or the redirect loops',
    references: ["https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect", "https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect"],
  },
  judgeSettings(s) {
    if (s.module.role !== "production" || silenced(s, "security.W008") || middleware(s, SECURITY_MIDDLEWARE).presence === "absent") return [];
    const redirect = decided(s, "SECURE_SSL_REDIRECT");
    const advice = "plain-HTTP requests are served as they are. Set SECURE_SSL_REDIRECT = True, or, if the proxy redirects, record that with SILENCED_SYSTEM_CHECKS = [\"security.W008\"]";
    if (redirect === "unset") return [unsetAt(s, "notice", `Production settings ${s.module.path} never set SECURE_SSL_REDIRECT (Django's default False, security.W008): ${advice}.`)];
    if (redirect === "undecided" || literalTruth(redirect.binding.value) !== false) return [];
    return [at(redirect, "notice", `SECURE_SSL_REDIRECT is off${origin(s, redirect)} in production settings ${s.module.path} (Django's security.W008): ${advice}.`)];
  },
};
