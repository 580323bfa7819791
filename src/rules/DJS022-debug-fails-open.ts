import type { Severity, SettingsRule } from "../engine/types.ts";
import { at, failsOpen, origin } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS022",
  name: "debug-fails-open",
  defaultSeverity: "warning",
  djangoCheck: "security.W018",
  cwe: [1188, 489],
  docs: {
    summary: "DEBUG comes from the environment but defaults to on, so a deploy that forgets the variable runs in debug mode.",
    whatItDoes:
      "Finds DEBUG read with a proper cast whose default is true: env.bool('DEBUG', default=True), config('DEBUG', default=True, cast=bool), environ.Env(DEBUG=(bool, True)), os.getenv('DEBUG', 'True') == 'True'. Warning in deployed settings, error in production settings; development and test settings may default to on.",
    whyIsThisBad: "Django's own default is DEBUG = False: a settings file that turns it on unless told otherwise fails open, and the environment that forgets the variable is usually the one that matters.",
    example: 'DEBUG = env.bool("DJANGO_DEBUG", default=True)',
    useInstead: 'DEBUG = env.bool("DJANGO_DEBUG", default=False)',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#debug"],
  },
  judgeSettings(s) {
    const debug = s.get("DEBUG");
    if (!debug || !failsOpen(debug.binding.value)) return [];
    const role = s.module.role;
    const severity: Severity | undefined = role === "production" ? "error" : role === "neutral" || role === "base" ? "warning" : undefined;
    if (!severity) return [];
    return [at(debug, severity, `DEBUG defaults to on when the environment does not set it${origin(s, debug)}: a deployment that forgets the variable runs with debug pages (Django's security.W018). Make the default False.`)];
  },
};
