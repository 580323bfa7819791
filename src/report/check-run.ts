// Findings as a check run: the Checks API takes every annotation (50 a request, appended by updating
// the run), where workflow commands show only 10 of each level per step. The token needs
// `checks: write`; a pull request from a fork never has it, so the caller falls back to workflow
// commands when this returns a reason instead of a run.
import type { Octokit } from "../changes/github-api.ts";
import { describeApiError, httpStatus } from "../changes/github-api.ts";
import type { Finding, Severity } from "../engine/types.ts";
import { annotationOf } from "./annotations.ts";
import { markdownCell } from "./escape.ts";
import { bySeverity } from "./order.ts";
import { plural } from "./plural.ts";

export const CHECK_RUN_NAME = "django-secret-scan";
/** The Checks API takes at most 50 annotations a request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Output summary and text: at most 65,535 characters each. */
export const OUTPUT_LIMIT = 65_535;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title: string;
  raw_details: string;
}

const LEVEL: Record<Severity, CheckAnnotation["annotation_level"]> = { error: "failure", warning: "warning", notice: "notice" };

/** The workflow-command annotation of a finding, in the Checks API's shape: same title and message. */
export function checkAnnotationOf(f: Finding): CheckAnnotation {
  const { message, props } = annotationOf(f);
  const a: CheckAnnotation = {
    path: f.path,
    start_line: props.startLine ?? f.span.line,
    end_line: props.endLine ?? f.span.endLine,
    annotation_level: LEVEL[f.severity],
    message,
    title: props.title ?? f.ruleId,
    raw_details: "",
  };
  // Columns only when the annotation starts and ends on one line, as GitHub requires.
  if (a.start_line === a.end_line && props.startColumn !== undefined && props.endColumn !== undefined) {
    a.start_column = props.startColumn;
    a.end_column = props.endColumn;
  }
  return a;
}

/** Cut to the Checks API's limit, saying so at the end. */
export function clip(text: string, limit = OUTPUT_LIMIT): string {
  if (text.length <= limit) return text;
  const note = "\n\n… cut here: the Checks API keeps at most 65,535 characters. The job summary has everything.";
  return text.slice(0, limit - note.length) + note;
}

export interface CheckRunReport {
  owner: string;
  repo: string;
  headSha: string;
  findings: readonly Finding[];
  /** The step fails: a finding at or above fail-on, or a file it could not read. */
  failed: boolean;
  /** One line about what was scanned and why it fails or passes (text of ours, no markdown). */
  headline: string;
  /** Remarks for the summary: change-set notes, unreadable files (plain text, escaped here). */
  notes: readonly string[];
  /** Whether the event is a pull request from a fork: its token can never write checks. */
  fromFork: boolean;
}

export type CheckRunResult = { ok: true; id: number; url: string; requests: number } | { ok: false; reason: string };


function output(r: CheckRunReport): { title: string; summary: string; text: string } {
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const f of r.findings) counts[f.severity]++;
  const title = `${plural(r.findings.length, "finding")}: ${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${plural(counts.notice, "notice")}`;
  const summary = clip(
    [
      `**${markdownCell(r.headline)}**`,
      `Every finding is annotated on its line in this check run. The job summary lists them with links, and what was scanned or skipped.`,
      ...r.notes.map((n) => `- ${markdownCell(n)}`),
    ].join("\n\n"),
  );
  const lines = bySeverity(r.findings).map((f) => `- ${f.severity} ${markdownCell(f.path)}:${f.span.line} ${markdownCell(f.ruleId)}`);
  const text = clip(lines.length ? `Findings, most severe first:\n\n${lines.join("\n")}` : "No findings.");
  return { title, summary, text };
}

/** Why the check run could not be written, for the one notice the fallback makes. */
function reasonOf(err: unknown, fromFork: boolean): string {
  if (httpStatus(err) === 403) {
    return fromFork
      ? "this pull request comes from a fork, and GitHub gives a fork's workflow a read-only token that cannot write checks (the `checks: write` permission is missing)"
      : "the token cannot write checks (HTTP 403): give the job the `checks: write` permission";
  }
  return `the Checks API failed (${describeApiError(err)})`;
}

/**
 * Creates the `django-secret-scan` check run on the head commit, adds every finding 50 at a time and
 * completes it with `failure` when the step fails, else `success`. Never throws: a failure comes back
 * as a reason, and a run already created is completed (best effort) so it does not hang in progress.
 */
export async function publishCheckRun(octokit: Octokit | undefined, r: CheckRunReport): Promise<CheckRunResult> {
  if (!octokit) return { ok: false, reason: "there is no GitHub token (input `github-token` is empty), so no check run can be written; a token with the `checks: write` permission is needed" };
  if (!r.headSha) return { ok: false, reason: "the commit to attach a check run to is unknown" };
  const out = output(r);
  const conclusion = r.failed ? "failure" : "success";
  let id: number | undefined;
  let requests = 0;
  try {
    const created = await octokit.rest.checks.create({
      owner: r.owner,
      repo: r.repo,
      name: CHECK_RUN_NAME,
      head_sha: r.headSha,
      status: "in_progress",
      started_at: new Date().toISOString(),
      output: { title: out.title, summary: out.summary },
    });
    requests++;
    id = created.data.id;
    const url = created.data.html_url ?? "";
    const annotations = bySeverity(r.findings).map(checkAnnotationOf);
    const batches = Math.max(1, Math.ceil(annotations.length / ANNOTATIONS_PER_REQUEST));
    for (let i = 0; i < batches; i++) {
      const last = i === batches - 1;
      await octokit.rest.checks.update({
        owner: r.owner,
        repo: r.repo,
        check_run_id: id,
        output: { ...out, annotations: annotations.slice(i * ANNOTATIONS_PER_REQUEST, (i + 1) * ANNOTATIONS_PER_REQUEST) },
        // The last batch completes the run: one request fewer against the token's hourly budget.
        ...(last ? { status: "completed" as const, conclusion, completed_at: new Date().toISOString() } : {}),
      });
      requests++;
    }
    return { ok: true, id, url, requests };
  } catch (err) {
    if (id !== undefined) {
      try {
        await octokit.rest.checks.update({
          owner: r.owner,
          repo: r.repo,
          check_run_id: id,
          status: "completed",
          conclusion,
          completed_at: new Date().toISOString(),
          output: { title: out.title, summary: clip(`${out.summary}\n\nNot every finding could be annotated here; the step's annotations and job summary have them.`) },
        });
      } catch {
        // The run stays in progress; the fallback annotations and the step's exit status still tell.
      }
    }
    return { ok: false, reason: reasonOf(err, r.fromFork) };
  }
}

/** A `pull_request`/`pull_request_target` payload whose head repository is not the base repository. */
export function isFromFork(payload: unknown): boolean {
  const pr = (payload as { pull_request?: { head?: { repo?: { full_name?: unknown; fork?: unknown } | null }; base?: { repo?: { full_name?: unknown } } } } | null)?.pull_request;
  if (!pr) return false;
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  if (typeof head === "string" && typeof base === "string") return head !== base;
  return pr.head?.repo === null; // the fork was deleted
}
