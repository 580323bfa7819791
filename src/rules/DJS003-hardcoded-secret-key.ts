import { SHAPE_WORDS } from "../engine/key-shape.ts";
import { isNonDeployRole } from "../engine/file-role.ts";
import { keyScore, severityFromScore } from "../engine/grade.ts";
import type { BindingRule } from "../engine/types.ts";
import { bindsSecretKey, isInert, literalOf, ROTATE, subject } from "./secret-key-bindings.ts";
import { fixFor, placeOf } from "./committed-value.ts";

export const rule: BindingRule = {
  id: "DJS003",
  name: "hardcoded-secret-key",
  defaultSeverity: "error",
  cwe: [798, 321],
  docs: {
    summary: "SECRET_KEY is set to a literal in the code instead of being read from the environment.",
    whatItDoes:
      "Finds SECRET_KEY (or DJANGO_SECRET_KEY) assigned a string literal that looks like a real key (random-looking, or long enough to pass Django's weakness test): in Python settings (a plain or annotated assignment, an attribute, a dictionary entry or a keyword argument such as settings.configure(SECRET_KEY=...)) or in committed files that have no rule of their own: INI/cfg, shell scripts, systemd units, JSON/TOML/YAML configuration, and text files.",
    whyIsThisBad:
      "The key signs sessions, password-reset tokens, signed cookies and everything built on django.core.signing; Django's docs warn that a known key can lead to privilege escalation and remote code execution. A key in the repository is known to everyone who can read it, now and in every clone and fork.",
    example: 'SECRET_KEY = "k3y-th4t-l00ks-r4nd0m-and-is-long-enough-to-pass-w009"',
    useInstead: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secret-key"],
  },
  judge(b, ctx) {
    const secret = literalOf(b.value);
    if (!secret || !bindsSecretKey(b) || isInert(secret)) return undefined;
    if (secret.profile.placeholder) {
      // Weak placeholders went to DJS005; these are long enough to pass W009, so Django runs with well-known text.
      if (isNonDeployRole(ctx.role) || (b.context ?? "python") !== "python") return undefined;
      return {
        severity: "warning",
        secret,
        message: `${subject(b)} is set to placeholder text in ${placeOf(b, ctx.role)}. It passes Django's length check, so Django will run with this publicly known value as its key. ${fixFor(b)}`,
      };
    }
    const score = keyScore(secret.profile, ctx.role);
    return {
      severity: score >= 2 ? "error" : isNonDeployRole(ctx.role) ? severityFromScore(score) : "warning",
      secret,
      message: `${subject(b)} is hard-coded (${SHAPE_WORDS[secret.profile.shape]}) in ${placeOf(b, ctx.role)}. ${fixFor(b)} ${ROTATE}`,
    };
  },
};
