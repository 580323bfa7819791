import { byRole, keyInFileRule } from "./committed-value.ts";

export const rule = keyInFileRule({
  id: "DJS008",
  name: "secret-key-in-dotenv",
  defaultSeverity: "error",
  cwe: [798, 538],
  contexts: ["dotenv"],
  docs: {
    summary: "A dotenv file (.env, .env.*, .envs/**) commits SECRET_KEY.",
    whatItDoes:
      "Finds SECRET_KEY / DJANGO_SECRET_KEY in dotenv files as django-environ, python-dotenv and compose env_file read them (KEY=value, export, quotes, multi-line values, ${VAR:-default}). Example files (.env.example, .sample, .template, .dist) may hold placeholders; a real-looking key there is still reported.",
    whyIsThisBad:
      "A dotenv file is loaded as it is: the value in it is the key the site runs with. cookiecutter-django's .envs/.production/.django is committed in hundreds of public repositories, with the key, the admin URL and mail and broker passwords.",
    example: "# .envs/.production/.django\nDJANGO_SECRET_KEY=kP3x...64 random characters...",
    useInstead: "# .env.example (committed)\nDJANGO_SECRET_KEY=change-me\n# .env (git-ignored) holds the real value",
    references: ["https://github.com/cookiecutter/cookiecutter-django", "https://django-environ.readthedocs.io/en/latest/"],
  },
  policy: ({ role }) =>
    byRole(
      role,
      { real: role === "production" || role === "neutral" || role === "base" ? "error" : "warning", weak: "warning", placeholder: "notice" },
      { real: "warning", weak: "notice", placeholder: undefined },
      { real: "notice", weak: undefined, placeholder: undefined },
    ),
});
