import type { Severity, SettingsRule, Value } from "../engine/types.ts";
import { at, isDeployedRole, origin, textOf } from "./settings-values.ts";
import { SECURITY_MIDDLEWARE, decided, middleware } from "./settings-reading.ts";
import { silenced } from "./settings-reading.ts";

/** The tokens Django accepts (core/checks/security/base.py REFERRER_POLICY_VALUES). */
const POLICIES = new Set([
  "no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
  "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
]);

/** The policy tokens of a literal, as Django reads them: a comma-separated string, or an iterable of strings. */
function tokens(v: Value): string[] | undefined {
  const text = textOf(v);
  if (text !== undefined) return text.split(",").map((t) => t.trim());
  if (v.kind !== "list") return undefined;
  const items = v.items.map(textOf);
  return items.every((t): t is string => t !== undefined) ? items : undefined;
}

export const rule: SettingsRule = {
  id: "DJS054",
  name: "referrer-policy-disabled-or-invalid",
  defaultSeverity: "error",
  djangoCheck: "security.W022 / E023",
  cwe: [200],
  docs: {
    summary: "SECURE_REFERRER_POLICY is None (no Referrer-Policy header) or holds a value browsers do not know.",
    whatItDoes:
      "With SecurityMiddleware in MIDDLEWARE, mirrors Django's security.W022 (SECURE_REFERRER_POLICY = None: a notice in deployed settings) and security.E023 (a token outside the eight valid ones, in a comma-separated string or a list: an error in deployed settings, a notice in development and test settings). Unset is fine: Django's default is 'same-origin' since 3.1. Deliberate difference: an empty list or tuple sends no header, like None, and gets the same notice, where Django's check passes it. Values read from the environment, and values that an `if` sets or may change, are left alone; checks in SILENCED_SYSTEM_CHECKS are honoured.",
    whyIsThisBad:
      "Without a Referrer-Policy header each browser applies its own default: current ones send only the origin to other sites, older ones send full URLs, query strings included (search terms, ids, tokens), to every site a page links to or loads from. A browser skips a policy token it does not recognise, so a typo silently gives the same result as no header; Django's check treats it as an error.",
    example: 'SECURE_REFERRER_POLICY = "same-orgin"',
    useInstead: 'SECURE_REFERRER_POLICY = "same-origin"  # or "strict-origin-when-cross-origin"',
    references: ["https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy", "https://docs.djangoproject.com/en/stable/ref/settings/#secure-referrer-policy"],
  },
  judgeSettings(s) {
    const role = s.module.role;
    if (role === "example" || middleware(s, SECURITY_MIDDLEWARE).presence === "absent") return [];
    const policy = decided(s, "SECURE_REFERRER_POLICY");
    if (typeof policy === "string") return [];
    const v = policy.binding.value;
    const deployed = isDeployedRole(role);
    const list = tokens(v);
    if (v.kind === "none" || (v.kind === "list" && v.items.length === 0)) {
      if (!deployed || silenced(s, "security.W022")) return [];
      return [at(policy, "notice", `SECURE_REFERRER_POLICY is ${v.kind === "none" ? "None" : "an empty list, which Django's check lets pass but which works like None"}${origin(s, policy)} (Django's security.W022): pages are served without a Referrer-Policy header, so each browser's default applies, and older browsers send full URLs, query strings included, to other sites. Remove the line (Django's default is 'same-origin') or choose a policy.`)];
    }
    if (!list || silenced(s, "security.E023")) return [];
    const invalid = list.filter((t) => !POLICIES.has(t));
    if (invalid.length === 0) return [];
    const severity: Severity = deployed ? "error" : "notice";
    const shown = invalid.map((t) => `'${t}'`).join(", ");
    const effect = invalid.length === list.length ? "browsers ignore the header and fall back to their own default (full URLs to other sites in older ones)" : "browsers skip the unknown token, and Django's check --deploy fails";
    return [at(policy, severity, `SECURE_REFERRER_POLICY${origin(s, policy)} holds ${invalid.length > 1 ? "values that are not referrer policies" : "a value that is not a referrer policy"} (${shown}; Django's security.E023): ${effect}. Use one of ${[...POLICIES].join(", ")}, or several separated by commas.`)];
  },
};
