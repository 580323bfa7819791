import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";
import { silencedIds } from "./settings-reading.ts";

export const rule: SettingsRule = {
  id: "DJS059",
  name: "deploy-checks-silenced",
  defaultSeverity: "notice",
  cwe: [1188],
  docs: {
    summary: "Deployed settings silence Django's security checks (SILENCED_SYSTEM_CHECKS), so check --deploy no longer reports them.",
    whatItDoes:
      "Finds security.* ids in SILENCED_SYSTEM_CHECKS in production and deployed settings and lists them in one notice. Test and development settings often silence them on purpose and are left alone. The rules of this scan that mirror a Django check honour the silencing too (as Django does), so this notice is where a silenced check still shows: it is worth a look when the line is added, not on every run.",
    whyIsThisBad:
      "A silenced check is a decision that outlives its reason: HSTS or the HTTPS redirect may be handled at the proxy today and not after the next migration, and nothing will say so again.",
    example: 'SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008"]',
    useInstead: "# Silence only what is handled elsewhere, with the reason next to it:\nSILENCED_SYSTEM_CHECKS = [\n    \"security.W008\",  # the load balancer redirects HTTP to HTTPS\n]",
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#silenced-system-checks", "https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const setting = s.get("SILENCED_SYSTEM_CHECKS");
    if (!setting) return [];
    const ids = [...new Set((silencedIds(setting.binding.value) ?? []).filter((id) => id.startsWith("security.")))];
    if (ids.length === 0) return [];
    return [at(setting, "notice", `SILENCED_SYSTEM_CHECKS${origin(s, setting)} silences Django's deployment security check${ids.length > 1 ? "s" : ""} ${ids.join(", ")} in ${s.module.path}: check --deploy (and this scan's mirrors of it) stay quiet about ${ids.length > 1 ? "them" : "it"}. Keep each only where the protection really lives elsewhere, and say where in a comment.`)];
  },
};
