// One order for findings in every report: most severe first, then by file and line.
import { severityRank, type Finding } from "../engine/types.ts";

export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.path.localeCompare(b.path) ||
      a.span.line - b.span.line ||
      a.span.column - b.span.column,
  );
}

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number; notices: number } {
  return {
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    notices: findings.filter((f) => f.severity === "notice").length,
  };
}
