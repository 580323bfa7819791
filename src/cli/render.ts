// What the command line prints: text for people, a stable JSON shape for machines, SARIF, and
// workflow commands for any CI that reads them. A found value appears only redacted, in every format.
import type { Finding, Severity } from "../engine/types.ts";
import { ruleById } from "../rules/index.ts";
import { annotationOf } from "../report/annotations.ts";
import { logText, workflowCommand } from "../report/escape.ts";
import { bySeverity, countBySeverity } from "../report/order.ts";
import { buildSarif } from "../report/sarif.ts";
import type { ScanOutcome } from "../scan-files.ts";
import { plural } from "../report/plural.ts";

/** The version of the JSON output's shape: it changes only when a field is removed or changes meaning. */
export const JSON_SHAPE_VERSION = 1;

export interface Report {
  outcome: ScanOutcome;
  /** Findings that stand (not suppressed, not baselined). */
  findings: Finding[];
  baselined: Finding[];
  toolVersion: string;
  failOn: string;
  failed: boolean;
  /** Things to say about the run: a baseline written, a change set read from git. */
  notes: string[];
}

const COLOURS: Record<Severity, string> = { error: "\x1b[31m", warning: "\x1b[33m", notice: "\x1b[36m" };
const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";


/** `path:line:col  severity  DJS001 name  value`, then why, indented; a closing count. */
export function renderText(r: Report, colour: boolean): string {
  const paint = (code: string, s: string) => (colour ? `${code}${s}${RESET}` : s);
  const lines: string[] = [];
  for (const f of bySeverity(r.findings)) {
    const rule = ruleById(f.ruleId);
    const where = paint(BOLD, logText(`${f.path}:${f.span.line}:${f.span.column}`));
    const value = f.secret ? `  ${paint(DIM, f.secret.redacted())}` : "";
    lines.push(`${where}  ${paint(COLOURS[f.severity], f.severity)}  ${f.ruleId} ${rule?.name ?? ""}${value}`);
    lines.push(`    ${logText(f.message)}`);
  }
  for (const n of r.outcome.unreadable) lines.push(paint(COLOURS.error, logText(`${n.path}: could not be read (${n.note}): not scanned`)));
  for (const n of r.outcome.refused) lines.push(logText(`${n.path}: not scanned: ${n.note}`));
  for (const n of r.outcome.notes) lines.push(paint(DIM, logText(`${n.path}: ${n.note}`)));
  for (const n of r.notes) lines.push(logText(n));
  const c = countBySeverity(r.findings);
  const accepted = [
    r.outcome.suppressed.length ? `${r.outcome.suppressed.length} suppressed` : "",
    r.baselined.length ? `${r.baselined.length} baselined` : "",
  ].filter(Boolean);
  lines.push(
    `${plural(r.findings.length, "finding")} (${plural(c.errors, "error")}, ${plural(c.warnings, "warning")}, ${plural(c.notices, "notice")}) in ${plural(r.outcome.scanned, "file")} scanned` +
      `${accepted.length ? `; ${accepted.join(", ")}` : ""}${r.outcome.skipped.length ? `; ${r.outcome.skipped.length} skipped by include/exclude` : ""}` +
      `: ${r.failed ? paint(COLOURS.error, `fails (fail-on: ${r.failOn})`) : `passes (fail-on: ${r.failOn})`}`,
  );
  return `${lines.join("\n")}\n`;
}

/** The documented JSON shape (README "JSON output"). */
export function renderJson(r: Report): string {
  const finding = (f: Finding) => ({
    ruleId: f.ruleId,
    ruleName: ruleById(f.ruleId)?.name ?? f.ruleId,
    severity: f.severity,
    path: f.path,
    line: f.span.line,
    column: f.span.column,
    endLine: f.span.endLine,
    endColumn: f.span.endColumn,
    message: f.message,
    fingerprint: f.fingerprint,
    ...(f.secret ? { value: f.secret.redacted() } : {}),
    ...(f.commit ? { commit: f.commit.sha } : {}),
  });
  const c = countBySeverity(r.findings);
  const doc = {
    version: JSON_SHAPE_VERSION,
    tool: { name: "django-secret-scan", version: r.toolVersion },
    failed: r.failed,
    failOn: r.failOn,
    counts: { findings: r.findings.length, ...c, suppressed: r.outcome.suppressed.length, baselined: r.baselined.length },
    files: { considered: r.outcome.considered, scanned: r.outcome.scanned, skipped: r.outcome.skipped.length, notRead: r.outcome.refused.length, unreadable: r.outcome.unreadable.length },
    findings: bySeverity(r.findings).map(finding),
    suppressed: r.outcome.suppressed.map((s) => ({ ...finding(s.finding), reason: s.reason })),
    baselined: bySeverity(r.baselined).map(finding),
    notes: [...r.outcome.unreadable, ...r.outcome.refused, ...r.outcome.notes].map((n) => ({ path: n.path, note: n.note })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderSarif(r: Report): string {
  const log = buildSarif(r.findings, {
    toolVersion: r.toolVersion,
    informationUri: "https://github.com/django-secret-scan/django-secret-scan",
    withheld: { suppressed: r.outcome.suppressed.length, baselined: r.baselined.length },
  });
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Every finding as a workflow command, unlimited (the action's own budget of ten is for GitHub's UI). */
export function renderGithub(r: Report): string {
  const lines = bySeverity(r.findings).map((f) => {
    const { message, props } = annotationOf(f);
    return workflowCommand(f.severity, { title: props.title, file: props.file, line: props.startLine, endLine: props.endLine, col: props.startColumn, endColumn: props.endColumn }, message);
  });
  for (const n of r.outcome.unreadable) lines.push(workflowCommand("error", { title: "django-secret-scan: file not scanned", file: n.path }, logText(`Could not scan ${n.path}: ${n.note}.`)));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Bytes in the one unit the command's stderr lines use (progress, --stats), so they compare at a glance. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** `--stats`: one line for stderr; the scan's own time, and the time since the process started (Node's start-up and loading included). */
export function renderStats(o: ScanOutcome, t: { scanMs: number; sinceStartMs: number; peakRssBytes: number }): string {
  const read = o.bytesRead === undefined ? plural(o.scanned, "file") : `${plural(o.scanned, "file")} (${megabytes(o.bytesRead)})`;
  const parsed = o.parsed === undefined ? "" : `, ${o.parsed} parsed`;
  return `stats: ${plural(o.considered, "file")} considered, ${read} read${parsed}; scan ${Math.round(t.scanMs)} ms, ${Math.round(t.sinceStartMs)} ms since start; peak memory ${megabytes(t.peakRssBytes)}\n`;
}
