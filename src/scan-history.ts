// scan-history: what each commit of a pull request added, scanned like the net diff, for secrets the
// net diff no longer shows. A key added in one commit and deleted in the next is still leaked: it
// stays in the repository's history and in the pull request's refs. Insecure settings fixed by a
// later commit are not: only findings that carry a secret are kept.
import { createHash } from "node:crypto";
import type { ChangeContext } from "./changes/change-set.ts";
import { pullRequestHistory, type HistoryCommit } from "./changes/history.ts";
import type { ChangedFile, ChangeSet } from "./changes/types.ts";
import { secretHash, type Secret } from "./engine/secret.ts";
import type { Finding } from "./engine/types.ts";
import type { ReadResult } from "./io/read-file.ts";
import type { FileNote, ScanOutcome, Target } from "./scan-files.ts";

/** Scans targets with the net scan's path filter and settings, scope "added-lines" (main wraps scanFiles). */
export type ScanTargets = (targets: Target[], read: (path: string) => Promise<ReadResult>) => Promise<ScanOutcome>;

export interface HistoryOutcome {
  /** Secrets that some commit added and the net diff does not show, each at the earliest commit that added it. */
  findings: Finding[];
  /** Commits of the pull request whose additions were checked (merges included: what they bring is in the others). */
  commits: number;
  /** "local git", "pulls.listCommits", "compare API", or "the net diff" for a pull request of one commit. */
  source: string;
  /** API requests spent on the history. */
  requests: number;
  notes: string[];
}

const SUBJECT_MAX = 72;

/**
 * A commit subject fit to quote: untrusted text, so no control or bidirectional characters, and short.
 * A subject that quotes the key it commits ("Add key django-insecure-...") must not carry it into the
 * log, the check run and SARIF: a word holding the value (compared by hash) or a startproject key is cut,
 * before the subject is shortened (which could leave a part no hash matches).
 */
export function cleanSubject(subject: string, secret?: Secret): string {
  let text = subject.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, " ").replace(/\s+/g, " ").trim();
  if (secret) text = redactValue(text, secretHash(secret));
  text = text.replace(/django-insecure-\S+/g, "django-insecure-[redacted]");
  const chars = [...text];
  return chars.length > SUBJECT_MAX ? `${chars.slice(0, SUBJECT_MAX - 1).join("").trimEnd()}…` : text;
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

const unquote = (word: string): string => word.replace(/^["'`([{<]+|["'`)\]}>,;.!?]+$/g, "");

/** Words that are the value: as they stand, quoted, or after `NAME=` / `NAME:`. */
function redactValue(text: string, hash: string): string {
  return text
    .split(" ")
    .map((word) => {
      const candidates = [word, unquote(word), unquote(word.slice(word.indexOf("=") + 1)), unquote(word.slice(word.indexOf(":") + 1))];
      return candidates.some((c) => c && sha256(c) === hash) ? "[redacted]" : word;
    })
    .join(" ");
}

/** The same file and value: a key that is still reported at head, or already in an earlier commit. */
const keyOf = (f: Finding): string => `${f.path}\u0000${secretHash(f.secret!)}`;

function inCommit(f: Finding, commit: HistoryCommit): Finding {
  const subject = cleanSubject(commit.subject, f.secret);
  const note = `Added in commit ${commit.sha.slice(0, 7)}${subject ? ` ("${subject}")` : ""}; removing it in a later commit does not un-leak it: it stays in the repository's history and in the pull request's refs. Rotate it.`;
  // The fingerprint stays the engine's (rule, path, value), so a baseline entry matches it too.
  return { ...f, message: `${f.message} ${note}`, commit: { sha: commit.sha, subject } };
}

function listed(notes: readonly FileNote[], max = 5): string {
  const shown = notes.slice(0, max).map((n) => `${n.path} (${n.note})`).join("; ");
  return notes.length > max ? `${shown}; and ${notes.length - max} more` : shown;
}

/**
 * Scans each commit of the pull request, oldest first, for secrets the net scan (`net`) did not report.
 * Undefined when there is no history to scan (not a pull request, scope "repository"). Throws
 * ChangeSetError when the commits cannot be listed.
 */
export async function scanHistory(ctx: ChangeContext, changes: ChangeSet, net: Pick<ScanOutcome, "findings" | "suppressed">, scan: ScanTargets): Promise<HistoryOutcome | undefined> {
  if (changes.kind !== "diff") return undefined;
  const history = await pullRequestHistory(ctx);
  if (history === undefined) {
    const isPull = !ctx.wholeRepository && (ctx.eventName === "pull_request" || ctx.eventName === "pull_request_target");
    return isPull ? { findings: [], commits: 1, source: "the net diff", requests: 0, notes: [] } : undefined;
  }
  // The net scan read these exact versions: a commit's file with the same blob adds nothing new to it.
  const headBlobs = new Set(changes.files.flatMap((f) => (f.blobSha ? [f.blobSha] : [])));
  // A key suppressed at head was accepted there: its earlier commits are not news either.
  const seen = new Set([...net.findings, ...net.suppressed.map((s) => s.finding)].filter((f) => f.secret).map(keyOf));
  const findings: Finding[] = [];
  const notes = [...history.notes];
  const unreadable: FileNote[] = [];
  for (const commit of history.commits) {
    const at = await history.changesOf(commit);
    notes.push(...at.notes);
    // Nor does a file the commit only deleted lines from, renamed or re-moded: nothing of it is worth a read.
    const adds = (f: ChangedFile) => f.addedLines === "all" || f.addedLines.size > 0;
    const targets = at.files.filter((f) => adds(f) && !(f.blobSha && headBlobs.has(f.blobSha))).map((f) => ({ path: f.path, addedLines: f.addedLines }));
    if (targets.length === 0) continue;
    const outcome = await scan(targets, at.read);
    unreadable.push(...outcome.unreadable.map((n) => ({ path: `${n.path}@${commit.sha.slice(0, 7)}`, note: n.note })));
    for (const f of outcome.findings) {
      if (!f.secret || seen.has(keyOf(f))) continue;
      seen.add(keyOf(f));
      findings.push(inCommit(f, commit));
    }
  }
  if (unreadable.length) {
    notes.push(`${unreadable.length === 1 ? "A file" : `${unreadable.length} files`} could not be read at the commit that changed ${unreadable.length === 1 ? "it" : "them"}, so what ${unreadable.length === 1 ? "that commit" : "those commits"} added there was not scanned: ${listed(unreadable)}.`);
  }
  return { findings, commits: history.total, source: history.source, requests: history.requests(), notes };
}
