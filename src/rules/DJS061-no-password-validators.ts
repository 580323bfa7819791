import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS061",
  name: "no-password-validators",
  defaultSeverity: "notice",
  cwe: [521],
  docs: {
    summary: "Deployed settings empty AUTH_PASSWORD_VALIDATORS: users may pick '1' or 'password' as their password.",
    whatItDoes:
      "Finds AUTH_PASSWORD_VALIDATORS = [] (or ()) in deployed settings, production or a single settings.py, as a notice. startproject fills it with four validators; test and development settings often empty it for speed and are left alone. Settings that never set it (Django's global default is also empty) are not reported: there is no line to point at, and projects that take passwords elsewhere leave it so.",
    whyIsThisBad:
      "Without validators, Django's forms and createsuperuser accept any password: a one-letter password, the username, or one from the top of every leaked-password list, which credential stuffing and guessing try first.",
    example: "AUTH_PASSWORD_VALIDATORS = []",
    useInstead:
      'AUTH_PASSWORD_VALIDATORS = [\n    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},\n    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},\n    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},\n    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},\n]',
    references: ["https://docs.djangoproject.com/en/stable/topics/auth/passwords/#password-validation"],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const validators = s.get("AUTH_PASSWORD_VALIDATORS");
    const v = validators?.binding.value;
    if (!validators || v?.kind !== "list" || v.items.length > 0) return [];
    return [at(validators, "notice", `AUTH_PASSWORD_VALIDATORS is empty${origin(s, validators)}: any password is accepted, however short or common. Restore Django's four validators (startproject's settings list them).`)];
  },
};
