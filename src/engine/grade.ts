// How loud a committed key is: its shape (did a generator make it?) and the role of its file
// (RULES.md 4.3). Scores, not rules: each rule decides what the score means for its construct.
import type { ValueProfile } from "./key-shape.ts";
import type { FileRole, Severity } from "./types.ts";

const SHAPE_SCORE = { "django-insecure": 3, "django-generated": 3, "cookiecutter-64": 3, random: 2, plain: 0 } as const;
const ROLE_SCORE: Record<FileRole, number> = { production: 2, base: 0, neutral: 0, dev: -1, test: -2, example: -2 };

/**
 * A startproject key in a plain settings.py scores 3 (error); in settings/dev.py 2 (warning); in
 * settings/test.py 1 (notice). A random 40-character value in production.py scores 2 + 2 = 4.
 */
export function keyScore(p: ValueProfile, role: FileRole): number {
  let score: number = SHAPE_SCORE[p.shape];
  if (p.shape === "plain" && p.length >= 20) score += 1;
  if (p.shape === "plain" && p.weak) score -= 1; // short or repetitive: typed, not generated
  return score + ROLE_SCORE[role];
}

export function severityFromScore(score: number): Severity {
  return score >= 3 ? "error" : score === 2 ? "warning" : "notice";
}

export const ROLE_WORDS: Record<FileRole, string> = {
  production: "production settings",
  base: "base settings that every environment imports",
  neutral: "settings that are deployed as they are",
  dev: "local/development settings",
  test: "test settings",
  example: "an example or documentation file",
};
