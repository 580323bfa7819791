import type { SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin, textOf } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS062",
  name: "sha1-hashing-algorithm",
  defaultSeverity: "notice",
  djangoCheck: "security.E100",
  cwe: [328],
  docs: {
    summary: "DEFAULT_HASHING_ALGORITHM keeps signatures on SHA-1 (a Django 3.1/3.2 transition setting), or names an algorithm Django refuses.",
    whatItDoes:
      "Finds DEFAULT_HASHING_ALGORITHM = 'sha1' in deployed settings (a notice), and any value other than 'sha1' or 'sha256' in any settings but examples (a warning: Django 3.1 and 3.2 then refuse to start with security.E100, which this mirrors). The setting was only meant for rolling upgrades to 3.1 and was removed in Django 4.0, where it is ignored.",
    whyIsThisBad:
      "With 'sha1', signed cookies, password-reset tokens, session auth hashes and django.core.signing keep using HMAC-SHA1 instead of SHA-256. It exists so that old and new instances can read each other's signatures during an upgrade; left in place it keeps the weaker algorithm and leaves a setting Django 4.0 no longer reads.",
    example: 'DEFAULT_HASHING_ALGORITHM = "sha1"',
    useInstead: "# remove DEFAULT_HASHING_ALGORITHM once every instance runs Django 3.1 or later (sha256 is the default)",
    references: [
      "https://docs.djangoproject.com/en/3.2/ref/settings/#default-hashing-algorithm",
      "https://docs.djangoproject.com/en/3.2/ref/checks/#security",
      "https://docs.djangoproject.com/en/stable/releases/4.0/#features-removed-in-4-0",
    ],
  },
  judgeSettings(s) {
    const role = s.module.role;
    const algorithm = s.get("DEFAULT_HASHING_ALGORITHM");
    const v = algorithm?.binding.value;
    if (!algorithm || !v) return [];
    // An environment look-up is judged by its default: the value a deploy without the variable runs with.
    const value = v.kind === "env" ? v.default : v;
    if (!value) return [];
    const text = textOf(value);
    if (value.kind === "string" && text === undefined) return [];
    if (text === "sha256") return [];
    if (text === "sha1") {
      return isDeployedRole(role)
        ? [at(algorithm, "notice", `DEFAULT_HASHING_ALGORITHM is "sha1"${origin(s, algorithm)}: signatures, password-reset tokens and session auth hashes stay on HMAC-SHA1. This setting only bridges an upgrade to Django 3.1 and is gone in 4.0: remove it once every instance runs 3.1 or later.`)]
        : [];
    }
    // Django compares the value itself: anything but these two strings (None, "SHA1", 256) fails E100.
    if (role === "example") return [];
    return [at(algorithm, "warning", `DEFAULT_HASHING_ALGORITHM is neither "sha1" nor "sha256"${origin(s, algorithm)} (Django's security.E100): Django 3.1 and 3.2 refuse to start with it. Remove the setting (sha256 is the default).`)];
  },
};
