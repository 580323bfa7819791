import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, literalTruth, origin, textOf } from "./settings-values.ts";
import { decided } from "./settings-reading.ts";

/** The request.META form of a header: Django upper-cases it, turns '-' into '_' and prefixes HTTP_. */
const META_HEADER = /^HTTP_[A-Z0-9_]+$/;

export const rule: SettingsRule = {
  id: "DJS056",
  name: "proxy-ssl-header",
  defaultSeverity: "notice",
  cwe: [346, 807],
  docs: {
    summary: "SECURE_PROXY_SSL_HEADER makes Django trust a request header for HTTPS: safe only if the proxy always overwrites it; a wrong format breaks it.",
    whatItDoes:
      "In deployed settings, gives a notice for any SECURE_PROXY_SSL_HEADER literal that is not None, as a reminder of what it relies on, and a warning when its form is wrong: not a pair, or a header name not in request.META form ('HTTP_X_FORWARDED_PROTO', not 'X-Forwarded-Proto'). Development and test settings and values read from the environment are left alone. Django has no check for it.",
    whyIsThisBad:
      "Django then believes any request carrying that header and value is HTTPS: if the proxy passes a client's own X-Forwarded-Proto through instead of overwriting it, a plain-HTTP request can claim to be secure (Django's docs: 'you will probably open security holes in your site'). Written in the wrong form, the header never matches: request.is_secure() stays False, so SECURE_SSL_REDIRECT redirects forever and CSRF checks of HTTPS referers fail; a value that is not a pair makes requests fail with ImproperlyConfigured wherever Django asks whether they are secure.",
    example: 'SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")',
    useInstead: 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # only behind a proxy that sets it on every request',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const header = decided(s, "SECURE_PROXY_SSL_HEADER");
    if (typeof header === "string") return [];
    const v = header.binding.value;
    // Django reads the setting only when it is truthy: None, (), "" and False all mean "no proxy header".
    if (v.kind === "env" || v.kind === "random-call" || v.kind === "other" || literalTruth(v) === false) return [];
    // An item computed elsewhere (a constant, a call) may well be right: only literals are judged.
    if (v.kind === "list" && v.items.some((i) => i.kind === "other" || i.kind === "env" || i.kind === "random-call")) return [];
    const pair = v.kind === "list" && v.items.length === 2 ? v.items.map(textOf) : undefined;
    if (pair && pair[0] !== undefined && pair[1] !== undefined && META_HEADER.test(pair[0])) {
      return [at(header, "notice", `SECURE_PROXY_SSL_HEADER${origin(s, header)} makes Django treat any request with ${pair[0]} = '${pair[1]}' as HTTPS. Make sure every route to the app goes through a proxy that sets this header itself and drops the one clients send; otherwise plain-HTTP requests can pass as secure.`)];
    }
    const raises = ", so a request raises ImproperlyConfigured (a server error) wherever Django asks whether it is secure";
    const never = ", so it never matches: request.is_secure() stays False behind the proxy, SECURE_SSL_REDIRECT redirects forever and HTTPS-only checks fail";
    const why =
      v.kind !== "list"
        ? `is not a (header, value) pair${raises}`
        : !pair
          ? `has ${v.items.length} item${v.items.length === 1 ? "" : "s"} instead of (header, value)${raises}`
          : pair[0] === undefined || pair[1] === undefined
            ? `is not a pair of strings${never}`
            : `names '${pair[0]}', which is not how request.META spells a header ('${metaName(pair[0])}')${never}`;
    return [at(header, "warning", `SECURE_PROXY_SSL_HEADER${origin(s, header)} ${why}. Write it as ("HTTP_X_FORWARDED_PROTO", "https").`)];
  },
};

/** 'X-Forwarded-Proto' as request.META has it: HTTP_X_FORWARDED_PROTO. */
function metaName(header: string): string {
  const name = header.toUpperCase().replace(/-/g, "_");
  return name.startsWith("HTTP_") ? name : `HTTP_${name}`;
}
