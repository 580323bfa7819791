import { keyInFileRule } from "./committed-value.ts";

export const rule = keyInFileRule({
  id: "DJS012",
  name: "secret-key-in-ci-workflow",
  defaultSeverity: "notice",
  cwe: [798],
  contexts: ["workflow"],
  docs: {
    summary: "A CI workflow sets SECRET_KEY to a literal (usually a CI dummy; worse when the same value is deployed).",
    whatItDoes:
      "Finds SECRET_KEY / DJANGO_SECRET_KEY in the env of GitHub Actions workflows (top, job and step level), GitLab CI variables and CircleCI environment. ${{ secrets.X }} is clean; placeholders are CI dummies and not reported. Keys in Django's generated shapes are reported by DJS001/DJS002, graded by the workflow's role (a deploy workflow is production).",
    whyIsThisBad:
      "A random-looking literal in CI is usually a throw-away test key, but it is public, and the same value is often reused in a deploy workflow or settings file, where it is a real leak: such reuse is named in the finding.",
    example: "env:\n  DJANGO_SECRET_KEY: kP3x...real-looking...",
    useInstead: "env:\n  DJANGO_SECRET_KEY: ${{ secrets.DJANGO_SECRET_KEY }}",
    references: ["https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions"],
  },
  policy: ({ role }) => ({ real: role === "production" ? "error" : "notice", weak: undefined, placeholder: undefined }),
});
