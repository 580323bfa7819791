import { looksGenerated } from "../engine/key-shape.ts";
import { isNonDeployRole } from "../engine/file-role.ts";
import type { BindingRule, Severity } from "../engine/types.ts";
import { bindsSecretKey, isInert, literalOf, subject } from "./secret-key-bindings.ts";
import { fixFor, placeOf } from "./committed-value.ts";

export const rule: BindingRule = {
  id: "DJS005",
  name: "weak-secret-key",
  defaultSeverity: "warning",
  djangoCheck: "security.W009",
  cwe: [1391, 798],
  docs: {
    summary: "SECRET_KEY is a short, repetitive or placeholder literal that Django's deploy check calls weak.",
    whatItDoes:
      "Finds SECRET_KEY set to a literal that fails Django's W009 test (shorter than 50 characters or fewer than 5 distinct ones), such as 'changeme' or 'secret', outside test and development settings.",
    whyIsThisBad:
      "Django signs sessions and password-reset tokens with this value. A short or guessable key can be brute-forced or simply guessed, and a placeholder is the same in every project that copied it.",
    example: 'SECRET_KEY = "changeme"',
    useInstead: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    references: ["https://docs.djangoproject.com/en/stable/ref/checks/#security"],
  },
  judge(b, ctx) {
    const secret = literalOf(b.value);
    // A weak value that still looks generated (a random 40 characters) is a leaked key first: DJS003.
    if (!secret || !bindsSecretKey(b) || isInert(secret) || !secret.profile.weak || looksGenerated(secret.profile)) return undefined;
    let severity: Severity | undefined;
    // Placeholders outside Python settings are test and tool dummies (pytest-env, CI): not worth a word.
    if (secret.profile.placeholder && (b.context ?? "python") !== "python") return undefined;
    if (isNonDeployRole(ctx.role)) severity = secret.profile.placeholder ? undefined : "notice";
    else severity = ctx.role === "production" ? "error" : "warning";
    if (!severity) return undefined;
    const what = secret.profile.placeholder ? "placeholder text" : "a weak literal";
    return {
      severity,
      secret,
      message: `${subject(b)} is ${what} in ${placeOf(b, ctx.role)}: it fails Django's security.W009 test (shorter than 50 characters or fewer than 5 distinct ones), so sessions and reset tokens signed with it can be forged by guessing. ${fixFor(b)}`,
    };
  },
};
