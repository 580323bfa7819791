import { looksGenerated } from "../engine/key-shape.ts";
import { isNonDeployRole } from "../engine/file-role.ts";
import { ROLE_WORDS } from "../engine/grade.ts";
import type { BindingRule } from "../engine/types.ts";
import { isInert, literalOrDefault, ROTATE } from "./secret-key-bindings.ts";

export const rule: BindingRule = {
  id: "DJS006",
  name: "committed-secret-key-fallback",
  defaultSeverity: "error",
  djangoCheck: "security.W025",
  cwe: [798, 321],
  docs: {
    summary: "SECRET_KEY_FALLBACKS holds a committed key, which Django still accepts for every signature.",
    whatItDoes: "Finds literal entries (and literal env defaults) in SECRET_KEY_FALLBACKS (Django 4.1+); weak entries also fail security.W025.",
    whyIsThisBad:
      "Django verifies sessions, password-reset tokens and signed data against every fallback key. A fallback in the repository is as good as the current key to anyone who reads it: rotating SECRET_KEY does not help while the old key sits here.",
    example: 'SECRET_KEY_FALLBACKS = ["django-insecure-<50 characters>"]',
    useInstead: 'SECRET_KEY_FALLBACKS = [os.environ["DJANGO_OLD_SECRET_KEY"]]  # only while sessions roll over, then remove',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks"],
  },
  judge(b, ctx) {
    if (b.name !== "SECRET_KEY_FALLBACKS" || b.construct !== "item") return undefined;
    const secret = literalOrDefault(b.value);
    if (!secret || isInert(secret)) return undefined;
    if (secret.profile.placeholder && isNonDeployRole(ctx.role)) return undefined;
    const real = looksGenerated(secret.profile) || !secret.profile.weak;
    const severity = isNonDeployRole(ctx.role) ? "notice" : real ? "error" : "warning";
    return {
      severity,
      secret,
      message: real
        ? `An entry of SECRET_KEY_FALLBACKS is a committed key, in ${ROLE_WORDS[ctx.role]}. Django still accepts every signature made with a fallback key, so this one can forge sessions and reset tokens just like SECRET_KEY. Read fallbacks from the environment and remove them once sessions have rolled over. ${ROTATE}`
        : `An entry of SECRET_KEY_FALLBACKS is weak (security.W025: shorter than 50 characters or fewer than 5 distinct ones), in ${ROLE_WORDS[ctx.role]}. Django still accepts signatures made with it, so it can be guessed and used to forge sessions.`,
    };
  },
};
