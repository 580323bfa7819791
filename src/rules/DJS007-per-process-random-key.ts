import { ROLE_WORDS } from "../engine/grade.ts";
import type { BindingRule, Severity } from "../engine/types.ts";
import { bindsSecretKey, envDefaultOf, subject } from "./secret-key-bindings.ts";

export const rule: BindingRule = {
  id: "DJS007",
  name: "per-process-random-key",
  defaultSeverity: "warning",
  cwe: [1188],
  docs: {
    summary: "SECRET_KEY is generated at start-up, so each worker and restart signs with a different key.",
    whatItDoes:
      "Finds SECRET_KEY (or its environment default) set by a call that makes a new random value per process: get_random_secret_key(), get_random_string(), secrets.token_*(), uuid4(), os.urandom().",
    whyIsThisBad:
      "It leaks nothing, but every worker and every restart has its own key: sessions, password-reset links and signed cookies made by one process fail in another, and users are logged out on each deploy. As a default it also hides a missing environment variable instead of failing.",
    example: 'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", get_random_secret_key())',
    useInstead: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secret-key"],
  },
  judge(b, ctx) {
    if (!bindsSecretKey(b)) return undefined;
    const value = b.value.kind === "random-call" ? b.value : envDefaultOf(b.value);
    if (value?.kind !== "random-call") return undefined;
    const severity: Severity | undefined =
      ctx.role === "test" || ctx.role === "example" ? undefined : ctx.role === "dev" ? "notice" : "warning";
    if (!severity) return undefined;
    const how = b.value.kind === "env" ? `falls back to ${value.callee}() when the variable is unset` : `is ${value.callee}()`;
    return {
      severity,
      span: value.span,
      message: `${subject(b)} ${how}, in ${ROLE_WORDS[ctx.role]}: each process starts with its own key, so sessions, password-reset links and signed cookies break across workers and restarts, and a missing environment variable goes unnoticed. Read the key from the environment with no default.`,
    };
  },
};
