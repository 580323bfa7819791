import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { literalTruth, origin, textOf } from "./settings-values.ts";

const TOOLBAR_APP = /^debug_toolbar(\.|$)/;
const TOOLBAR_MIDDLEWARE = "debug_toolbar.middleware.DebugToolbarMiddleware";

export const rule: SettingsRule = {
  id: "DJS070",
  name: "debug-toolbar-in-production",
  defaultSeverity: "warning",
  cwe: [489, 215],
  docs: {
    summary: "Production settings load django-debug-toolbar, which shows SQL, settings, headers and templates to whoever its check lets through.",
    whatItDoes:
      "Finds debug_toolbar in INSTALLED_APPS, or its DebugToolbarMiddleware in MIDDLEWARE, as set unconditionally in production settings (a warning). Development settings are where it belongs; adding it under `if DEBUG:` is not reported. A SHOW_TOOLBAR_CALLBACK written as a lambda that returns True is a warning too.",
    whyIsThisBad:
      "The toolbar shows every SQL query with its parameters, the settings, request headers and cookies, and template contexts. By default it shows only with DEBUG on and REMOTE_ADDR in INTERNAL_IPS; behind a reverse proxy every request comes from the proxy's address, and a forced SHOW_TOOLBAR_CALLBACK or a DEBUG slip opens it to everyone. Production has no use for it, and installing it there only keeps that risk one setting away.",
    example: '# settings/production.py\nINSTALLED_APPS = ["django.contrib.admin", "debug_toolbar"]',
    useInstead: "# install the toolbar in settings/local.py only (cookiecutter-django's layout)",
    references: [
      "https://django-debug-toolbar.readthedocs.io/en/latest/installation.html",
      "https://django-debug-toolbar.readthedocs.io/en/latest/configuration.html#show-toolbar-callback",
    ],
  },
  judgeSettings(s) {
    if (s.module.role !== "production") return [];
    const out: SettingsVerdict[] = [];
    for (const [name, matches] of [
      ["INSTALLED_APPS", (t: string) => TOOLBAR_APP.test(t)],
      ["MIDDLEWARE", (t: string) => t === TOOLBAR_MIDDLEWARE],
    ] as const) {
      const setting = s.get(name);
      const v = setting?.binding.value;
      const item = v?.kind === "list" ? v.items.find((i) => matches(textOf(i) ?? "")) : undefined;
      if (!setting || !item) continue;
      out.push({
        severity: "warning",
        path: setting.path,
        span: item.span,
        message: `Production settings ${s.module.path} load django-debug-toolbar (${name})${origin(s, setting)}: it shows SQL, settings, headers and cookies to any request its SHOW_TOOLBAR_CALLBACK lets through, and behind a proxy INTERNAL_IPS no longer tells the developer from everyone. Install it in development settings only.`,
      });
    }
    // SHOW_TOOLBAR_CALLBACK = lambda request: True shows the toolbar to every request, whatever INTERNAL_IPS says.
    const config = s.get("DEBUG_TOOLBAR_CONFIG");
    const callback = config?.binding.value.kind === "dict" ? config.binding.value.entries.find((e) => e.key === "SHOW_TOOLBAR_CALLBACK")?.value : undefined;
    if (config && callback?.kind === "lambda" && literalTruth(callback.returns) === true) {
      out.push({
        severity: "warning",
        path: config.path,
        span: callback.span,
        message: `SHOW_TOOLBAR_CALLBACK always returns True in production settings ${s.module.path}${origin(s, config)}: django-debug-toolbar shows SQL, settings, headers and cookies to every visitor. Remove it, or test for a staff user and DEBUG.`,
      });
    }
    return out;
  },
};
