import { urlPassword, type Secret } from "../engine/secret.ts";
import type { Binding, BindingRule, Severity } from "../engine/types.ts";
import { byRole, CONTEXT_FIX, placeOf, contextOf, kindOf, type Policy } from "./committed-value.ts";
import { isSecretKeyName, literalOrDefault, sentence, subject } from "./secret-key-bindings.ts";

/** Names of cloud and API secrets: a real-looking value is a working credential. */
const API_SECRET_NAME = /^aws_secret_access_key$|_(secret|secret_key|api_key|api_secret|client_secret|access_token|auth_token)$|^fernet_keys?$|^(stripe|sendgrid|mailgun|twilio|sentry|slack|github)_\w*(key|token|secret)$/i;
/** Names of passwords: databases, mail, caches, brokers. */
const PASSWORD_NAME = /^password$|^passwd$|_(password|passwd|pass)$/i;

type Kind = "api" | "password";

/** What the binding holds, and the secret to report (a URL's password rather than the whole URL). */
function credential(b: Binding): { kind: Kind; secret: Secret; what: string } | undefined {
  const value = literalOrDefault(b.value);
  if (!value) return undefined;
  const name = b.name || (b.value.kind === "env" ? (b.value.envName ?? "") : "");
  switch (value.profile.credential) {
    case "aws-access-key-id":
      return { kind: "api", secret: value, what: "an AWS access key id" };
    case "stripe-live-key":
      return { kind: "api", secret: value, what: "a live Stripe key" };
    case "url-with-password": {
      const password = urlPassword(value);
      return password ? { kind: "password", secret: password, what: "a URL with a password in it" } : undefined;
    }
  }
  if (isSecretKeyName(name)) return undefined; // SECRET_KEY has rules of its own
  if (API_SECRET_NAME.test(name)) return { kind: "api", secret: value, what: "an API secret" };
  if (PASSWORD_NAME.test(name)) return { kind: "password", secret: value, what: "a password" };
  return undefined;
}

function policyFor(kind: Kind, b: Binding, role: Parameters<typeof byRole>[0]): Policy {
  if (kind === "api") {
    return byRole(role, { real: "error", weak: undefined, placeholder: undefined }, { real: "warning", weak: undefined, placeholder: undefined }, { real: "notice", weak: undefined, placeholder: undefined });
  }
  // A database password in a compose file usually belongs to a throw-away local container.
  if (contextOf(b) === "compose" && role !== "production") return { real: "notice", weak: undefined, placeholder: undefined };
  // "postgres" or "password" as a production password is no placeholder: it is the password.
  return byRole(role, { real: "warning", weak: "warning", placeholder: "warning" }, { real: "notice", weak: "notice", placeholder: "notice" }, { real: "notice", weak: undefined, placeholder: undefined });
}

export const rule: BindingRule = {
  id: "DJS017",
  name: "hardcoded-credentials",
  defaultSeverity: "error",
  cwe: [798, 259],
  docs: {
    summary: "Other credentials are committed in settings or config: database and mail passwords, URLs with passwords, cloud and API keys.",
    whatItDoes:
      "Finds literal (or env-default) values of passwords (DATABASES PASSWORD, EMAIL_HOST_PASSWORD, *_PASSWORD), URLs with a password (DATABASE_URL, CELERY_BROKER_URL, CACHES LOCATION), AWS access key ids (AKIA...) and secret keys, live Stripe keys (sk_live_), FERNET_KEY(S) and *_SECRET / *_API_KEY / *_TOKEN names. Cloud and API keys are errors; passwords warnings; weak passwords in local and test files notices.",
    whyIsThisBad:
      "A credential in the repository works for everyone who reads it. Django's debug page and error reports also show settings, and only names matching API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE are masked there: a DATABASE_URL with a password is shown in full.",
    example: 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "s3cr3t-Pa55"}}',
    useInstead: 'DATABASES = {"default": env.db("DATABASE_URL")}  # the URL from the environment',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#databases", "https://django-environ.readthedocs.io/en/latest/"],
  },
  judge(b, ctx) {
    const found = credential(b);
    // A vendor's own key shape (AKIA..., sk_live_...) is a real credential, however short.
    const kind = found && (found.secret.profile.credential && found.kind === "api" ? "real" : kindOf(found.secret));
    if (!found || !kind) return undefined;
    const severity: Severity | undefined = policyFor(found.kind, b, ctx.role)[kind];
    if (!severity) return undefined;
    return {
      severity,
      secret: found.secret,
      message: `${sentence(subject(b))} holds ${found.what}, committed in ${placeOf(b, ctx.role)}: it works for anyone who reads the repository. ${CONTEXT_FIX[contextOf(b)]} Change the credential where it is used; removing it from the file does not un-leak it.`,
    };
  },
};
