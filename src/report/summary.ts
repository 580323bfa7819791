// The job summary: counts, every finding with a link to its line at the scanned commit, what was
// not scanned and why, and how to act. Markdown, kept under GitHub's 1 MiB per step.
import type { Finding, Severity } from "../engine/types.ts";
import type { FileNote, ScanOutcome } from "../scan-files.ts";
import { ruleById } from "../rules/index.ts";
import { markdownCell, urlPath } from "./escape.ts";
import { bySeverity, countBySeverity } from "./order.ts";
import { ruleTitle } from "./rule-help.ts";

/** GitHub refuses a step summary over 1 MiB; leave room for the closing sections. */
export const SUMMARY_BUDGET = 1_000_000;

export interface SummaryContext {
  /** `${server}/${owner}/${repo}`, for links; absent when unknown (a local run). */
  repoUrl?: string;
  sha: string;
  scope: string;
  failOn: string;
  source: string;
  failed: boolean;
  changeNotes: readonly string[];
  /** The baseline in use (or just written), the findings it accepted, and its entries no finding matched (whole-repository scans only). */
  baseline?: { path: string; accepted: readonly Finding[]; written: boolean; unmatched: number };
  /** scan-history: commits of the pull request checked, where they were listed, findings only in them. */
  history?: { commits: number; source: string; findings: number; requests?: number };
}

const ICON: Record<Severity, string> = { error: "🔴 error", warning: "🟠 warning", notice: "🔵 notice" };

function location(f: Finding, ctx: SummaryContext): string {
  const text = markdownCell(`${f.path}:${f.span.line}`);
  if (!ctx.repoUrl) return text;
  const lines = f.span.endLine > f.span.line ? `L${f.span.line}-L${f.span.endLine}` : `L${f.span.line}`;
  // A finding from an earlier commit (scan-history) is on that commit's version of the file.
  return `[${text}](${ctx.repoUrl}/blob/${f.commit?.sha ?? ctx.sha}/${urlPath(f.path)}#${lines})`;
}

function grouped(notes: readonly FileNote[], max = 5): string[] {
  const byNote = new Map<string, string[]>();
  for (const n of notes) byNote.set(n.note, [...(byNote.get(n.note) ?? []), n.path]);
  return [...byNote].map(([note, paths]) => {
    const shown = paths.slice(0, max).map((p) => `\`${markdownCell(p)}\``).join(", ");
    const more = paths.length > max ? ` and ${paths.length - max} more` : "";
    return `- ${markdownCell(note)}: ${paths.length} file${paths.length === 1 ? "" : "s"} (${shown}${more})`;
  });
}

/** Suppressed findings listed in full up to here; past it, a count (the reasons are in the code). */
const MAX_SUPPRESSED_ROWS = 200;

const suppressedCount = (n: number) => `${n} finding${n === 1 ? " was" : "s were"} suppressed`;

/** Accepted findings stay on the record: which rule, where, and the reason the comment gives. */
function suppressedSection(suppressed: ScanOutcome["suppressed"], ctx: SummaryContext): string[] {
  const rows = suppressed.slice(0, MAX_SUPPRESSED_ROWS).map(({ finding, reason }) => {
    const rule = ruleById(finding.ruleId);
    return `| ${markdownCell(rule ? ruleTitle(rule) : finding.ruleId)} | ${location(finding, ctx)} | ${markdownCell(reason)} |`;
  });
  const more = suppressed.length - rows.length;
  return [
    `### Suppressed (${suppressed.length})`,
    "",
    "| rule | where | reason |",
    "|---|---|---|",
    ...rows,
    ...(more > 0 ? ["", `${more} more suppressed findings are not listed.`] : []),
    "",
  ];
}

function baselineLine(b: NonNullable<SummaryContext["baseline"]>): string {
  const n = b.accepted.length;
  const file = `\`${markdownCell(b.path)}\``;
  if (b.written) return `The baseline ${file} was written with ${n} finding${n === 1 ? "" : "s"}: commit it to accept them for now. They are not counted above.`;
  const accepted = `${n} finding${n === 1 ? " is" : "s are"} accepted by the baseline ${file}: not counted above, not annotated, not failing the check.`;
  const stale = b.unmatched > 0 ? ` ${b.unmatched} of its entries matched no finding: remove them (a fixed finding should not stay accepted).` : "";
  return accepted + stale;
}

/** Baselined findings: one table row each, in a fold, since the team has already seen them. */
function baselineSection(b: NonNullable<SummaryContext["baseline"]>, ctx: SummaryContext): string[] {
  const rows = bySeverity(b.accepted).slice(0, MAX_SUPPRESSED_ROWS).map((f) => {
    const rule = ruleById(f.ruleId);
    return `| ${ICON[f.severity]} | ${markdownCell(rule ? ruleTitle(rule) : f.ruleId)} | ${location(f, ctx)} |`;
  });
  const more = b.accepted.length - rows.length;
  return [
    `<details><summary>Accepted by the baseline (${b.accepted.length})</summary>`,
    "",
    "| severity | rule | where |",
    "|---|---|---|",
    ...rows,
    ...(more > 0 ? ["", `${more} more baselined findings are not listed.`] : []),
    "",
    "</details>",
    "",
  ];
}

function historyLine(h: NonNullable<SummaryContext["history"]>): string {
  const cost = h.requests === undefined ? "" : `, ${h.requests} API request${h.requests === 1 ? "" : "s"}`;
  return `History: ${h.commits} commit${h.commits === 1 ? "" : "s"} of the pull request scanned for keys added and removed in it (${markdownCell(h.source)}${cost}); ${h.findings} finding${h.findings === 1 ? "" : "s"} only in its history.`;
}

export function renderSummary(outcome: ScanOutcome, ctx: SummaryContext): string {
  const c = countBySeverity(outcome.findings);
  const total = outcome.findings.length;
  const verdict = ctx.failed ? `the check fails (fail-on: ${ctx.failOn})` : `the check passes (fail-on: ${ctx.failOn})`;
  const head = [
    `## django-secret-scan: ${total} finding${total === 1 ? "" : "s"}, ${verdict}`,
    "",
    `| errors | warnings | notices | files scanned | files considered | skipped | not read | unreadable |`,
    `|---|---|---|---|---|---|---|---|`,
    `| ${c.errors} | ${c.warnings} | ${c.notices} | ${outcome.scanned} | ${outcome.considered} | ${outcome.skipped.length} | ${outcome.refused.length} | ${outcome.unreadable.length} |`,
    "",
    ...(outcome.suppressed.length ? [`${suppressedCount(outcome.suppressed.length)} by a \`django-secret-scan: ignore\` comment: not counted above, listed below with the reasons given.`, ""] : []),
    ...(ctx.baseline ? [baselineLine(ctx.baseline), ""] : []),
    `Scope \`${ctx.scope}\`; changes from ${markdownCell(ctx.source)}; contents at \`${ctx.sha.slice(0, 12) || "the checkout"}\`.`,
    ...(ctx.history ? [historyLine(ctx.history)] : []),
    ...ctx.changeNotes.map((n) => `- ${markdownCell(n)}`),
    "",
  ];
  const tail: string[] = [];
  if (outcome.suppressed.length) tail.push(...suppressedSection(outcome.suppressed, ctx));
  if (ctx.baseline?.accepted.length) tail.push(...baselineSection(ctx.baseline, ctx));
  if (outcome.unreadable.length) tail.push("### Could not be read (not scanned: the check fails)", ...grouped(outcome.unreadable), "");
  if (outcome.refused.length) tail.push("### Not read (binary, too large, or a link out of the repository)", ...grouped(outcome.refused), "");
  if (outcome.notes.length) tail.push("### Scanned with remarks", ...grouped(outcome.notes), "");
  if (outcome.skipped.length) tail.push("<details><summary>Skipped files</summary>", "", ...grouped(outcome.skipped), "", "</details>", "");
  if (total > 0) {
    tail.push(
      "### What to do",
      "- Read the key from the environment with no default: `SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]`.",
      "- A committed key is compromised: generate a new one with `get_random_secret_key()`, keep the old one in `SECRET_KEY_FALLBACKS` only briefly, and expect sessions and password-reset links to be invalidated. Deleting the line does not un-leak it: it stays in the history.",
      "- To scan other files, set the `include` / `exclude` inputs (globs); to change what fails the check, set `fail-on` (`error`, `warning`, `notice`, `never`); `scope` chooses added lines, whole changed files or the whole repository.",
      "",
    );
  }
  let md = head.join("\n");
  if (total > 0) {
    const rows = ["| severity | rule | where | value | why |", "|---|---|---|---|---|"];
    const bytes = (t: string) => Buffer.byteLength(t, "utf8");
    let size = bytes(md) + bytes(tail.join("\n")) + 200;
    const sorted = bySeverity(outcome.findings);
    let listed = 0;
    for (const f of sorted) {
      const rule = ruleById(f.ruleId);
      const row = `| ${ICON[f.severity]} | ${markdownCell(rule ? ruleTitle(rule) : f.ruleId)} | ${location(f, ctx)} | ${f.secret ? markdownCell(f.secret.redacted()) : ""} | ${markdownCell(rule?.docs.summary ?? "")} |`;
      if (size + bytes(row) + 1 > SUMMARY_BUDGET) break;
      rows.push(row);
      size += bytes(row) + 1;
      listed++;
    }
    md += "\n" + rows.join("\n") + "\n";
    if (listed < total) md += `\n${total - listed} more findings do not fit GitHub's 1 MiB summary: the log and the SARIF file list them all.\n`;
    md += "\n";
  }
  return md + tail.join("\n");
}
