import { byRole, keyInFileRule } from "./committed-value.ts";

export const rule = keyInFileRule({
  id: "DJS009",
  name: "secret-key-in-compose",
  defaultSeverity: "warning",
  cwe: [798],
  contexts: ["compose"],
  docs: {
    summary: "A docker compose file sets SECRET_KEY to a literal, or to a literal ${VAR:-default}.",
    whatItDoes:
      "Finds SECRET_KEY / DJANGO_SECRET_KEY in a service's environment: list (- SECRET_KEY=...) or map (SECRET_KEY: ...). ${VAR} and ${VAR:?error} are clean; for ${VAR:-default} and ${VAR-default} the default is judged.",
    whyIsThisBad:
      "Compose files are often the production deployment. A literal, or a default used when the variable is missing, becomes the running key; dev compose files usually hold dummies, which is why only production compose files are errors.",
    example: "services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-django-insecure-...}",
    useInstead: "services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY}",
    references: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/"],
  },
  policy: ({ role }) =>
    byRole(
      role,
      { real: role === "production" ? "error" : "warning", weak: role === "production" ? "warning" : "notice", placeholder: role === "production" ? "notice" : undefined },
      { real: "warning", weak: undefined, placeholder: undefined },
      { real: "notice", weak: undefined, placeholder: undefined },
    ),
});
