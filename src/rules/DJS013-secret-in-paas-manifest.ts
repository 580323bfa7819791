import { byRole, keyInFileRule } from "./committed-value.ts";

export const rule = keyInFileRule({
  id: "DJS013",
  name: "secret-key-in-paas-manifest",
  defaultSeverity: "error",
  cwe: [798],
  contexts: ["paas"],
  docs: {
    summary: "A platform manifest (Heroku app.json, heroku.yml, Render render.yaml, fly.toml, Procfile) commits SECRET_KEY.",
    whatItDoes:
      'Finds SECRET_KEY / DJANGO_SECRET_KEY given a literal in app.json env (a plain string or "value"), heroku.yml config, render.yaml envVars, fly.toml [env] and Procfile command prefixes. "generator": "secret" and generateValue: true are clean.',
    whyIsThisBad:
      "These manifests deploy as they are: every app created from them (a Heroku button, a Render blueprint) runs on the committed key, including placeholder text.",
    example: '"env": {"DJANGO_SECRET_KEY": {"value": "change-me-please"}}',
    useInstead: '"env": {"DJANGO_SECRET_KEY": {"generator": "secret"}}',
    references: ["https://devcenter.heroku.com/articles/app-json-schema#env", "https://render.com/docs/blueprint-spec"],
  },
  policy: ({ role }) =>
    byRole(
      role,
      { real: "error", weak: "warning", placeholder: "warning" },
      { real: "warning", weak: "notice", placeholder: undefined },
      { real: "notice", weak: undefined, placeholder: undefined },
    ),
});
