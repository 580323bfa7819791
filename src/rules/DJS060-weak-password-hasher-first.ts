import { refineRole } from "../engine/settings-module.ts";
import type { SettingsRule } from "../engine/types.ts";
import { at, origin, textOf } from "./settings-values.ts";

/** Django's hashers that are one fast digest (MD5, SHA-1) or DES crypt: removed in 5.0/5.1 but MD5. */
const WEAK_BUILTIN = new Set([
  "MD5PasswordHasher", "UnsaltedMD5PasswordHasher", "SHA1PasswordHasher", "UnsaltedSHA1PasswordHasher", "CryptPasswordHasher",
]);
/** A project's own MD5/SHA-1 hasher; the key-stretching ones (PBKDF2SHA1, BCryptSHA256...) are not weak. */
const CUSTOM_WEAK = /md5|sha1/i;
const STRETCHED = /pbkdf2|bcrypt|argon|scrypt/i;

function weakHasher(path: string): boolean {
  const cls = path.trim().split(".").pop() ?? "";
  return WEAK_BUILTIN.has(cls) || (CUSTOM_WEAK.test(cls) && !STRETCHED.test(cls));
}

export const rule: SettingsRule = {
  id: "DJS060",
  name: "weak-password-hasher-first",
  defaultSeverity: "error",
  cwe: [916, 328],
  docs: {
    summary: "New passwords are stored with a fast, unstretched hash (MD5, SHA-1 or crypt): a leaked user table is cracked in hours.",
    whatItDoes:
      "Finds a PASSWORD_HASHERS list whose first entry, the one every new or changed password is stored with, is MD5PasswordHasher, UnsaltedMD5PasswordHasher, SHA1PasswordHasher, UnsaltedSHA1PasswordHasher, CryptPasswordHasher or a project's own MD5/SHA-1 class. An error, except in test settings, where MD5 is the documented way to make tests fast (a notice there). Weak hashers later in the list only verify old hashes, which Django upgrades on login: they are left alone. A settings.py called test settings only because of this MD5 hasher is still judged as deployed.",
    whyIsThisBad:
      "A password hash is only as good as the work it costs to guess: MD5 and SHA-1 run billions of guesses a second on one GPU, and crypt uses 8 characters of DES. Django's default, PBKDF2 with hundreds of thousands of iterations, makes each guess that much slower. The weak hashers other than MD5 were removed in Django 5.0 and 5.1.",
    example: 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]',
    useInstead: '# remove PASSWORD_HASHERS (Django\'s default list), or put "django.contrib.auth.hashers.Argon2PasswordHasher" first; MD5 only in test settings',
    references: [
      "https://docs.djangoproject.com/en/stable/topics/auth/passwords/#how-django-stores-passwords",
      "https://docs.djangoproject.com/en/stable/topics/testing/overview/#password-hashing",
      "https://docs.djangoproject.com/en/stable/internals/deprecation/",
    ],
  },
  judgeSettings(s) {
    const hashers = s.get("PASSWORD_HASHERS");
    const v = hashers?.binding.value;
    const first = v?.kind === "list" ? textOf(v.items[0]) : undefined;
    if (!hashers || v?.kind !== "list" || first === undefined || !weakHasher(first)) return [];
    const cls = first.trim().split(".").pop();
    // refineRole calls a module with an MD5 hasher first test settings: judged here, that would excuse itself.
    const test = s.module.role === "test" && refineRole(s.module.pathRole, s.module.bindings.filter((b) => b.name !== "PASSWORD_HASHERS")) === "test";
    const item = { ...hashers, binding: { ...hashers.binding, value: v.items[0]! } };
    if (test) {
      return [at(item, "notice", `Test settings store passwords with ${cls}${origin(s, hashers)}: fine for speed in tests, as Django documents, as long as these settings never run a deployed site.`)];
    }
    return [at(item, "error", `New passwords are stored with ${cls}${origin(s, hashers)}, a fast unstretched hash: a leaked user table is cracked in hours. Put a key-stretching hasher first (remove PASSWORD_HASHERS for Django's PBKDF2 default, or use Argon2PasswordHasher); keep weak hashers, if at all, after it to verify old hashes.`)];
  },
};
