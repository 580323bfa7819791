import type { Severity, SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin, readsRawEnv } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS021",
  name: "debug-from-raw-env-string",
  defaultSeverity: "error",
  djangoCheck: "security.W018",
  cwe: [489, 704],
  docs: {
    summary: "DEBUG is read from the environment as a raw string, so DJANGO_DEBUG=False turns it on.",
    whatItDoes:
      "Finds DEBUG = os.environ.get(...), os.getenv(...), os.environ[...] or bool(os.getenv(...)) with no cast or comparison, and DEBUG = 'X' in os.environ. Safe forms: == \"True\", .lower() in (...), int(...), env.bool(...), config(..., cast=bool), environ.Env(DEBUG=(bool, ...)).",
    whyIsThisBad:
      "Any non-empty string is true in Python: bool(\"False\") and bool(\"0\") are True. Django tests `if settings.DEBUG:`, so the deploy that sets DJANGO_DEBUG=False to be safe runs with debug pages on. Django's own check only sees the value at check time.",
    example: 'DEBUG = os.environ.get("DJANGO_DEBUG", False)',
    useInstead: 'DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"  # or env.bool("DJANGO_DEBUG", default=False)',
    references: ["https://docs.python.org/3/library/stdtypes.html#truth-value-testing", "https://docs.djangoproject.com/en/stable/ref/settings/#debug"],
  },
  judgeSettings(s) {
    const debug = s.get("DEBUG");
    if (!debug || !readsRawEnv(debug.binding.value) || debug.binding.value.kind !== "env") return [];
    const role = s.module.role;
    const severity: Severity | undefined = isDeployedRole(role) ? "error" : role === "dev" ? "notice" : undefined;
    if (!severity) return [];
    const v = debug.binding.value;
    const how = v.cast === "presence" ? "is true whenever the variable is set at all, even to \"False\"" : `is the raw string from ${v.via}, and any non-empty string is true: ${v.envName ?? "the variable"}=False turns DEBUG on`;
    return [at(debug, severity, `DEBUG ${how}${origin(s, debug)}. Compare explicitly (== "True") or use a boolean cast (env.bool, config(..., cast=bool)).`)];
  },
};
