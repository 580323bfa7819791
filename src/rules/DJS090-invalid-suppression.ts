import type { MetaRule } from "../engine/types.ts";

// Reported by src/engine/suppress.ts, which reads the comments: no binding triggers it.
export const rule: MetaRule = {
  id: "DJS090",
  name: "invalid-suppression",
  defaultSeverity: "warning",
  cwe: [],
  docs: {
    summary: "A `django-secret-scan: ignore` comment without a known rule id or a reason: it suppresses nothing.",
    whatItDoes:
      "Finds suppression comments that name no rule (`ignore`, `ignore[]`), name a rule that does not exist, or give no reason after the rule ids.",
    whyIsThisBad:
      "A suppression is a decision on the record: without a rule id it would hide everything on the line, including findings added later, and without a reason nobody can review why a finding was accepted. Such a comment is ignored, so the findings it meant to hide still count.",
    example: "SECRET_KEY = 'django-insecure-...'  # django-secret-scan: ignore",
    useInstead: "SECRET_KEY = 'django-insecure-...'  # django-secret-scan: ignore[DJS001] key of the throwaway CI database, never deployed",
    // No outside reference: the syntax is this project's own (README, "Suppressing a finding").
    references: [],
  },
};
