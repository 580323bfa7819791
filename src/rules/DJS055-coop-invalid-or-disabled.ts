import type { Severity, SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin, textOf } from "./settings-values.ts";
import { SECURITY_MIDDLEWARE, decided, middleware } from "./settings-reading.ts";
import { silenced } from "./settings-reading.ts";

/** The values Django 4.0+ accepts (core/checks/security/base.py CROSS_ORIGIN_OPENER_POLICY_VALUES). */
const POLICIES = ["same-origin", "same-origin-allow-popups", "unsafe-none"];

export const rule: SettingsRule = {
  id: "DJS055",
  name: "coop-invalid-or-disabled",
  defaultSeverity: "error",
  djangoCheck: "security.E024 (4.0+)",
  cwe: [1021],
  docs: {
    summary: "SECURE_CROSS_ORIGIN_OPENER_POLICY holds a value browsers do not know, or None (no Cross-Origin-Opener-Policy header).",
    whatItDoes:
      "With SecurityMiddleware in MIDDLEWARE, finds SECURE_CROSS_ORIGIN_OPENER_POLICY set to anything but 'same-origin', 'same-origin-allow-popups' or 'unsafe-none' (an error in deployed settings, as Django's security.E024; a notice in development and test settings), and set to None (a notice in deployed settings). Unset is fine: Django's default is 'same-origin'. The setting, its header and E024 are new in Django 4.0: Django 3.2 has neither, ignores the setting and has no check to compare with, so this rule is not part of the differential test against Django 3.2. The scan cannot tell which Django a project runs and applies the 4.0+ meaning. Values read from the environment, and values that an `if` sets or may change, are left alone; security.E024 in SILENCED_SYSTEM_CHECKS is honoured.",
    whyIsThisBad:
      "The Cross-Origin-Opener-Policy header puts your pages in their own browsing context group, so a cross-origin window that opened them (or that they open) cannot keep a handle on them: that handle is used for tabnabbing and for cross-site leaks (XS-Leaks) such as counting frames. A value the browser does not know is dropped, which silently means no protection.",
    example: 'SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popup"',
    useInstead: 'SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"  # e.g. for OAuth or payment pop-ups; else leave the default',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/middleware/#cross-origin-opener-policy",
      "https://docs.djangoproject.com/en/stable/ref/settings/#secure-cross-origin-opener-policy",
      "https://docs.djangoproject.com/en/stable/releases/4.0/#requests-and-responses",
    ],
  },
  judgeSettings(s) {
    const role = s.module.role;
    if (role === "example" || middleware(s, SECURITY_MIDDLEWARE).presence === "absent") return [];
    const coop = decided(s, "SECURE_CROSS_ORIGIN_OPENER_POLICY");
    if (typeof coop === "string") return [];
    const v = coop.binding.value;
    const deployed = isDeployedRole(role);
    if (v.kind === "none") {
      return deployed ? [at(coop, "notice", `SECURE_CROSS_ORIGIN_OPENER_POLICY is None${origin(s, coop)}: Django 4.0+ sends no Cross-Origin-Opener-Policy header, so windows of other sites that open or are opened by your pages keep a handle on them (tabnabbing, cross-site leaks). Remove the line (the default is 'same-origin'), or use 'same-origin-allow-popups' where pop-ups must talk back.`)] : [];
    }
    // Any other literal that is not one of the three strings (a typo, a list, True) is what E024 reports.
    if (v.kind === "env" || v.kind === "random-call" || v.kind === "other" || silenced(s, "security.E024")) return [];
    const text = textOf(v);
    if (text !== undefined && POLICIES.includes(text)) return [];
    const severity: Severity = deployed ? "error" : "notice";
    const shown = text !== undefined ? `'${text}'` : `a ${v.kind}`;
    return [at(coop, severity, `SECURE_CROSS_ORIGIN_OPENER_POLICY${origin(s, coop)} is ${shown}, which is not a Cross-Origin-Opener-Policy (Django 4.0+'s security.E024): browsers drop the header and your pages get no isolation from the windows around them. Use 'same-origin' (the default), 'same-origin-allow-popups' or 'unsafe-none'.`)];
  },
};
