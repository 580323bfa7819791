import { looksGenerated, SHAPE_WORDS } from "../engine/key-shape.ts";
import { isNonDeployRole } from "../engine/file-role.ts";
import { ROLE_WORDS } from "../engine/grade.ts";
import type { BindingRule, Severity } from "../engine/types.ts";
import { bindsSecretKey, envDefaultOf, isInert, literalOf, ROTATE, subject, WEAK_W009 } from "./secret-key-bindings.ts";

export const rule: BindingRule = {
  id: "DJS004",
  name: "fail-open-secret-key-default",
  defaultSeverity: "error",
  djangoCheck: "security.W009",
  cwe: [798, 1188],
  docs: {
    summary: "SECRET_KEY is read from the environment with a committed fallback default, so a missing variable fails open.",
    whatItDoes:
      "Finds SECRET_KEY read from the environment with a non-empty literal default: os.environ.get / os.getenv / setdefault, `os.environ.get(...) or '...'`, django-environ env(..., default=...), env.str(...) and environ.Env(SECRET_KEY=(str, '...')), python-decouple config(..., default=...), getattr(settings, 'SECRET_KEY', '...') and pydantic BaseSettings field defaults.",
    whyIsThisBad:
      "Django refuses an empty SECRET_KEY, so a look-up without a default fails closed. With a default, a deployment that forgets the variable starts normally on the committed value: the key anyone can read in the repository becomes the production key, and nothing warns.",
    example: 'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-<50 characters>")',
    useInstead:
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # or env("DJANGO_SECRET_KEY") with no default; keep dev defaults in local.py only',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
      "https://django-environ.readthedocs.io/en/latest/",
    ],
  },
  judge(b, ctx) {
    const dflt = envDefaultOf(b.value);
    const secret = dflt && literalOf(dflt);
    // Python look-ups only: a ${VAR:-default} in compose or dotenv is judged by the rule of that file kind.
    if (!secret || !bindsSecretKey(b) || isInert(secret) || b.value.kind !== "env" || (b.context ?? "python") !== "python") return undefined;
    const real = looksGenerated(secret.profile);
    // Dev and test defaults only ever run there; a placeholder there is the documented pattern.
    let severity: Severity | undefined;
    if (isNonDeployRole(ctx.role)) severity = real || ctx.role === "dev" ? "notice" : undefined;
    else severity = real ? "error" : "warning";
    if (!severity) return undefined;
    const env = b.value.envName ? `${b.value.envName} is unset` : "the variable is unset";
    const what = real ? SHAPE_WORDS[secret.profile.shape] : secret.profile.placeholder ? "placeholder text" : "a literal value";
    return {
      severity,
      secret,
      span: dflt.span,
      message:
        `${subject(b)} falls back to ${what} committed here when ${env} (${b.value.via}), in ${ROLE_WORDS[ctx.role]}. ` +
        `Django refuses an empty key, so a look-up with no default fails safely; with this default a deployment that forgets the variable runs on a key anyone can read. ` +
        `Remove the default, or keep it only in development settings.${secret.profile.weak ? ` ${WEAK_W009}` : ""}${real ? ` ${ROTATE}` : ""}`,
    };
  },
};
