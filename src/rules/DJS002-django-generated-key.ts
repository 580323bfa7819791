import { SHAPE_WORDS } from "../engine/key-shape.ts";
import { keyScore, severityFromScore } from "../engine/grade.ts";
import type { BindingRule } from "../engine/types.ts";
import { literalOrDefault, ROTATE, sentence, subject } from "./secret-key-bindings.ts";
import { fixFor, placeOf } from "./committed-value.ts";

const SECRETISH = /secret/i;

export const rule: BindingRule = {
  id: "DJS002",
  name: "django-generated-key",
  defaultSeverity: "error",
  cwe: [798, 321],
  docs: {
    summary: "A key in the shape of Django's get_random_secret_key() (50 characters) is committed under a secret name.",
    whatItDoes: "Finds a 50-character value of Django's generator alphabet bound to SECRET_KEY, DJANGO_SECRET_KEY or another *SECRET* name.",
    whyIsThisBad: "It is a real generated key (startproject 1.10 to 3.1, Wagtail, get_random_secret_key()), and it passes security.W009, so Django's deploy check stays silent.",
    example: 'SECRET_KEY = "<50 characters of a-z0-9!@#$%^&*(-_=+)>"',
    useInstead: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secret-key"],
  },
  judge(b, ctx) {
    const secret = literalOrDefault(b.value);
    if (secret?.profile.shape !== "django-generated") return undefined;
    const envName = b.value.kind === "env" ? b.value.envName : undefined;
    if (!SECRETISH.test(b.name) && !SECRETISH.test(envName ?? "")) return undefined;
    return {
      severity: severityFromScore(keyScore(secret.profile, ctx.role)),
      secret,
      message: `${sentence(SHAPE_WORDS["django-generated"])} is committed in ${subject(b)}, in ${placeOf(b, ctx.role)}. It passes Django's own deploy check, so nothing else will flag it. ${fixFor(b)} ${ROTATE}`,
    };
  },
};
