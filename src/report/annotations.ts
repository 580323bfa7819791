// Findings as workflow-command annotations on the PR's lines. GitHub shows at most 10 of each level
// per step, so past that the tenth says how many more there are and that the summary has them all.
import type { AnnotationProperties } from "@actions/core";
import type { Finding, Severity } from "../engine/types.ts";
import { ruleById } from "../rules/index.ts";
import { logText } from "./escape.ts";
import { bySeverity } from "./order.ts";
import { ruleTitle } from "./rule-help.ts";

export const PER_STEP_LIMIT = 10;

/** Where annotations go: `core.error`, `core.warning`, `core.notice` in the action. */
export type Annotator = Record<Severity, (message: string, props?: AnnotationProperties) => void>;

export function annotationOf(f: Finding): { message: string; props: AnnotationProperties } {
  const rule = ruleById(f.ruleId);
  const value = f.secret ? ` Value: ${f.secret.redacted()}.` : "";
  const props: AnnotationProperties = {
    title: rule ? ruleTitle(rule) : f.ruleId,
    file: f.path,
    startLine: f.span.line,
    endLine: f.span.endLine,
  };
  // GitHub keeps columns only when the annotation starts and ends on one line; its end column is inclusive.
  if (f.span.line === f.span.endLine) {
    props.startColumn = f.span.column;
    props.endColumn = Math.max(f.span.column, f.span.endColumn - 1);
  }
  return { message: logText(f.message + value), props };
}

/**
 * `used` counts the annotations of each level the step makes besides findings (a file it could not
 * read, the failure message itself), so that the note about hidden findings still fits in the ten.
 */
export function annotate(findings: readonly Finding[], out: Annotator, used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }): void {
  const sorted = bySeverity(findings);
  for (const level of ["error", "warning", "notice"] as const) {
    const mine = sorted.filter((f) => f.severity === level);
    const room = Math.max(1, PER_STEP_LIMIT - used[level]);
    const shown = mine.length > room ? mine.slice(0, room - 1) : mine;
    for (const f of shown) {
      const { message, props } = annotationOf(f);
      out[level](message, props);
    }
    const hidden = mine.length - shown.length;
    if (hidden > 0) {
      out[level](
        `${hidden} more ${level} finding${hidden === 1 ? "" : "s"} not annotated here: GitHub shows at most ${PER_STEP_LIMIT} ${level} annotations per step. The job summary and the log list every finding.`,
        { title: `django-secret-scan: ${hidden} more ${level}${hidden === 1 ? "" : "s"}` },
      );
    }
  }
}
