import type { SettingsRule } from "../engine/types.ts";
import { at, literalTruth, origin, textOf, isLocalHost } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS020",
  name: "debug-true-in-deploy-settings",
  defaultSeverity: "error",
  djangoCheck: "security.W018",
  cwe: [489, 215],
  docs: {
    summary: "DEBUG is True in settings that are deployed.",
    whatItDoes:
      "Finds DEBUG set to a true literal in production settings (by name or content), and in a settings.py with no split that serves real hosts (ALLOWED_HOSTS names a domain or '*'). A startproject settings.py with DEBUG = True and ALLOWED_HOSTS = [] is left alone: that is how Django starts a project.",
    whyIsThisBad:
      "With DEBUG on, every error shows a page with the traceback, local variables, the request and every setting whose name does not match API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE; static files are served by Django; and queries are kept in memory.",
    example: "# settings/production.py\nDEBUG = True",
    useInstead: 'DEBUG = False  # or DEBUG = os.environ.get("DJANGO_DEBUG") == "True"',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#debug", "https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judgeSettings(s) {
    const debug = s.get("DEBUG");
    if (!debug || literalTruth(debug.binding.value) !== true) return [];
    const role = s.module.role;
    if (role === "production") {
      return [at(debug, "error", `DEBUG is True in production settings ${s.module.path}${origin(s, debug)} (Django's security.W018): error pages show tracebacks, local variables and settings to anyone. Set DEBUG = False, or read it from the environment with an explicit comparison.`)];
    }
    if (role !== "neutral" && role !== "base") return [];
    const hosts = s.get("ALLOWED_HOSTS")?.binding.value;
    const served = hosts?.kind === "list" && hosts.items.some((h) => { const t = textOf(h); return t !== undefined && !isLocalHost(t); });
    if (!served) return [];
    return [at(debug, "warning", `DEBUG is True in ${s.module.path}${origin(s, debug)}, which has no separate production settings and serves real hosts (ALLOWED_HOSTS) (Django's security.W018): deployed like this, error pages show tracebacks and settings to anyone. Read DEBUG from the environment, off by default.`)];
  },
};
