import type { Setting } from "../engine/settings-module.ts";
import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { at, literalTruth, origin, unsetAt } from "./settings-values.ts";
import { SECURITY_MIDDLEWARE, decided, middleware } from "./settings-reading.ts";
import { silenced } from "./settings-reading.ts";

/** The HSTS options Django warns about once max-age is on, with the header directive each adds. */
const OPTIONS = [
  { name: "SECURE_HSTS_INCLUDE_SUBDOMAINS", directive: "includeSubDomains", check: "security.W005" },
  { name: "SECURE_HSTS_PRELOAD", directive: "preload", check: "security.W021" },
] as const;

export const rule: SettingsRule = {
  id: "DJS051",
  name: "hsts-off-or-partial",
  defaultSeverity: "notice",
  djangoCheck: "security.W004 / W005 / W021",
  cwe: [319, 523],
  docs: {
    summary: "Production settings send no Strict-Transport-Security header, or send it without includeSubDomains or preload.",
    whatItDoes:
      "In production settings (by name, or a settings.py that turns on HTTPS), mirrors Django's security.W004 (SECURE_HSTS_SECONDS unset or 0), security.W005 (SECURE_HSTS_INCLUDE_SUBDOMAINS not on) and security.W021 (SECURE_HSTS_PRELOAD not on), all only while SecurityMiddleware is in MIDDLEWARE. A notice: many teams set HSTS at the proxy or CDN. Never set, it is reported on the module's first line, and only when every module it star-imports was scanned. A value read from the environment is the deployment's call and is left alone, as is one that an `if` sets or may change. Deliberate difference: Django wants the options `is True`; the middleware only tests truthiness, so a literal 1 passes here. Checks in SILENCED_SYSTEM_CHECKS are honoured.",
    whyIsThisBad:
      "Without HSTS the first request of every visit may go over plain HTTP, where an attacker on the network can strip the redirect and keep the user on HTTP (SSL stripping). Without includeSubDomains, a subdomain served over HTTP can set cookies for the whole domain. Raise max-age in steps: a browser keeps it for that long, and preload cannot be undone quickly.",
    example: "# settings/production.py\nSECURE_HSTS_SECONDS = 0",
    useInstead: "SECURE_HSTS_SECONDS = 31536000  # start with 3600, then raise once HTTPS works everywhere\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True  # only if you will submit the domain to hstspreload.org",
    references: [
      "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security",
      "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-seconds",
      "https://docs.djangoproject.com/en/stable/ref/checks/#security",
    ],
  },
  judgeSettings(s) {
    if (s.module.role !== "production" || middleware(s, SECURITY_MIDDLEWARE).presence === "absent") return [];
    const seconds = decided(s, "SECURE_HSTS_SECONDS");
    if (seconds === "undecided") return [];
    const off = "browsers get no Strict-Transport-Security header, so a first plain-HTTP request can be downgraded (SSL stripping). Set SECURE_HSTS_SECONDS (3600 first, then a year), unless the proxy or CDN sends the header";
    if (seconds === "unset") {
      return silenced(s, "security.W004") ? [] : [unsetAt(s, "notice", `Production settings ${s.module.path} never set SECURE_HSTS_SECONDS (Django's default 0, security.W004): ${off}.`)];
    }
    const on = literalTruth(seconds.binding.value);
    if (on === undefined) return []; // from the environment: the deployment decides
    if (!on) return silenced(s, "security.W004") ? [] : [at(seconds, "notice", `SECURE_HSTS_SECONDS is ${seconds.binding.value.kind === "number" ? "0" : "empty"}${origin(s, seconds)} in production settings ${s.module.path} (Django's security.W004): ${off}.`)];
    // max-age is on: each option not on gets a finding where it is set, or on the max-age line when it is never set.
    const byLine = new Map<Setting, string[]>();
    for (const o of OPTIONS) {
      const v = decided(s, o.name);
      if (v === "undecided" || silenced(s, o.check)) continue;
      if (v !== "unset" && literalTruth(v.binding.value) !== false) continue; // on, or from the environment
      const where = v === "unset" ? seconds : v;
      byLine.set(where, [...(byLine.get(where) ?? []), `${o.directive} (${o.name}, Django's ${o.check})`]);
    }
    const out: SettingsVerdict[] = [];
    for (const [where, missing] of byLine) {
      out.push(at(where, "notice", `HSTS is on in production settings ${s.module.path}${origin(s, where)} but without ${missing.join(" or ")}: ${missing.some((m) => m.startsWith("includeSubDomains")) ? "a subdomain still reachable over HTTP can be used to set cookies for the whole site; " : ""}turn ${missing.length > 1 ? "them" : "it"} on once every subdomain serves HTTPS${missing.some((m) => m.startsWith("preload")) ? " (preload also needs a max-age of a year and a submission to hstspreload.org)" : ""}.`));
    }
    return out;
  },
};
