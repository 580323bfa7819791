import type { BindingRule, Severity } from "../engine/types.ts";
import { byRole, CONTEXT_FIX, placeOf, contextOf, kindOf } from "./committed-value.ts";
import { literalOrDefault, sentence, subject } from "./secret-key-bindings.ts";

/** SimpleJWT's SIGNING_KEY, and the names projects give a separate JWT secret. */
const JWT_KEY_NAME = /^(jwt_)?signing_key$|^jwt_secret(_key)?$/i;

export const rule: BindingRule = {
  id: "DJS016",
  name: "hardcoded-jwt-signing-key",
  defaultSeverity: "error",
  cwe: [798, 321],
  docs: {
    summary: "A JWT signing key (SimpleJWT SIGNING_KEY, JWT_SECRET_KEY) is committed.",
    whatItDoes:
      'Finds SIGNING_KEY in SIMPLE_JWT = {...} and JWT_SECRET / JWT_SECRET_KEY / JWT_SIGNING_KEY set to a literal, or read from the environment with a literal default (env("JWT_SIGNING_KEY", default="...")).',
    whyIsThisBad:
      "Whoever has the signing key can mint access tokens for any user. SimpleJWT signs with settings.SECRET_KEY unless SIGNING_KEY is set, so a leaked SECRET_KEY forges JWTs too; a separate key helps only if it is not committed.",
    example: 'SIMPLE_JWT = {"SIGNING_KEY": "my-jwt-secret-key-123"}',
    useInstead: 'SIMPLE_JWT = {"SIGNING_KEY": os.environ["JWT_SIGNING_KEY"]}',
    references: ["https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html#signing-key"],
  },
  judge(b, ctx) {
    const name = b.name || (b.value.kind === "env" ? (b.value.envName ?? "") : "");
    if (!JWT_KEY_NAME.test(name)) return undefined;
    const secret = literalOrDefault(b.value);
    const kind = secret && kindOf(secret);
    if (!secret || !kind) return undefined;
    const policy = byRole(
      ctx.role,
      { real: "error", weak: "error", placeholder: "warning" },
      { real: "warning", weak: "notice", placeholder: undefined },
      { real: "notice", weak: undefined, placeholder: undefined },
    );
    const severity: Severity | undefined = policy[kind];
    if (!severity) return undefined;
    const how = b.value.kind === "env" ? "falls back to a committed default" : "is committed";
    return {
      severity,
      secret,
      message: `${sentence(subject(b))} ${how} in ${placeOf(b, ctx.role)}: anyone who reads it can sign valid tokens for any user.${kind === "real" ? "" : " It is also short or guessable."} ${CONTEXT_FIX[contextOf(b)]} Rotate it: tokens signed with it stay valid until they expire.`,
    };
  },
};
