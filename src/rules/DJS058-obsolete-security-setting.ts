import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { at, literalTruth } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS058",
  name: "obsolete-security-setting",
  defaultSeverity: "notice",
  cwe: [1104],
  docs: {
    summary: "SECURE_BROWSER_XSS_FILTER is obsolete: Django dropped its check in 3.0 and the setting in 4.0, and browsers dropped the XSS filter it turned on.",
    whatItDoes:
      "Finds every module-level SECURE_BROWSER_XSS_FILTER in settings modules other than examples, whatever its value. Its check, security.W007, was removed in Django 3.0; Django 4.0 removed the setting, and SecurityMiddleware no longer sends X-XSS-Protection.",
    whyIsThisBad:
      "It protects nothing: Chrome and Edge removed their XSS auditors and Firefox never had one, and the auditor itself could be abused to leak information across sites. A line that looks like XSS protection in review invites the belief that the site has some.",
    example: "SECURE_BROWSER_XSS_FILTER = True",
    useInstead: "# Remove the line. Against XSS: escape output (Django templates do), and send a Content-Security-Policy.",
    references: ["https://docs.djangoproject.com/en/stable/releases/4.0/#securitymiddleware-no-longer-sets-the-x-xss-protection-header", "https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judgeSettings(s) {
    if (s.module.role === "example") return [];
    const out: SettingsVerdict[] = [];
    for (const setting of s.all("SECURE_BROWSER_XSS_FILTER")) {
      const on = literalTruth(setting.binding.value) === true;
      out.push(at(setting, "notice", `SECURE_BROWSER_XSS_FILTER is obsolete${on ? " and protects nothing" : ""}: Django removed its check (security.W007) in 3.0 and the setting in 4.0, and current browsers have no XSS filter to turn on. Remove the line; a Content-Security-Policy is what limits XSS today.`));
    }
    return out;
  },
};
