import type { Setting } from "../engine/settings-module.ts";
import type { SettingsRule, SettingsVerdict, Value } from "../engine/types.ts";
import { at, isDeployedRole, origin, whyOn } from "./settings-values.ts";

/** The `"debug"` entries of TEMPLATES[...]["OPTIONS"] that are on. */
function templateDebugs(v: Value): Value[] {
  if (v.kind !== "list") return [];
  return v.items.flatMap((t) => {
    if (t.kind !== "dict") return [];
    const options = t.entries.find((e) => e.key === "OPTIONS")?.value;
    const debug = options?.kind === "dict" ? options.entries.find((e) => e.key === "debug")?.value : undefined;
    return debug && whyOn(debug) ? [debug] : [];
  });
}

export const rule: SettingsRule = {
  id: "DJS024",
  name: "debug-surfaces-in-production",
  defaultSeverity: "notice",
  cwe: [209, 489],
  docs: {
    summary: "DEBUG_PROPAGATE_EXCEPTIONS or template debug is on in deployed settings.",
    whatItDoes:
      "Finds DEBUG_PROPAGATE_EXCEPTIONS = True and TEMPLATES[...]['OPTIONS']['debug'] = True (or either read from the environment so that it ends up on) in production settings and in a settings.py deployed as it is. Development and test settings are left alone: both are test and debugging aids.",
    whyIsThisBad:
      "DEBUG_PROPAGATE_EXCEPTIONS makes Django re-raise every exception to the WSGI server instead of answering with its 500 page: the server's own error page is what users see, got_request_exception and the ADMINS error mail do not run. Template debug keeps the source of every template error for the technical 500 page, which shows it as soon as DEBUG is on; templates follow DEBUG by default. Neither is a hole on its own, which is why this is a notice.",
    example: 'DEBUG_PROPAGATE_EXCEPTIONS = True\nTEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"debug": True}}]',
    useInstead: '# settings/test.py, where a test should see the exception itself\nDEBUG_PROPAGATE_EXCEPTIONS = True\n# deployed settings: leave both out; the template "debug" option follows DEBUG',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#debug-propagate-exceptions",
      "https://docs.djangoproject.com/en/stable/topics/templates/#django.template.backends.django.DjangoTemplates",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const out: SettingsVerdict[] = [];
    const propagate = s.get("DEBUG_PROPAGATE_EXCEPTIONS");
    const why = whyOn(propagate?.binding.value);
    if (propagate && why) {
      out.push(at(propagate, "notice", `DEBUG_PROPAGATE_EXCEPTIONS ${why}${origin(s, propagate)}: exceptions escape Django's 500 handling to the WSGI server, whose error page users then see, and error mail and got_request_exception handlers do not run. Leave it to test settings.`));
    }
    const templates = s.get("TEMPLATES");
    for (const debug of templates ? templateDebugs(templates.binding.value) : []) {
      const setting: Setting = { binding: { ...templates!.binding, value: debug }, path: templates!.path };
      out.push(at(setting, "notice", `The template engine's "debug" option ${whyOn(debug)}${origin(s, templates!)}: template errors keep their source for the technical 500 page, shown whenever DEBUG is on. Leave "debug" out so it follows DEBUG.`));
    }
    return out;
  },
};
