// Every commit of a pull request, each with the lines it added against its first parent and a way to
// read its files as that commit had them: a key added in one commit and deleted in the next is gone
// from the net diff, but not from the repository. Local git costs no API request, so it is preferred
// whenever the checkout has the whole range; otherwise the API, every request counted.
import type { ChangeContext } from "./change-set.ts";
import { describeApiError, fromApiFile, getBlobBytes } from "./github-api.ts";
import { COMMIT_FILES_CAP, listCommitFiles, listComparedCommits, listPullCommits, PULL_COMMITS_CAP } from "./history-api.ts";
import type { ApiCommit, Budget } from "./history-api.ts";
import { commitsBetween, diffEntries, fileDiffToChanged, hasCommit, isShallow, showFile } from "./local-git.ts";
import { ChangeSetError } from "./types.ts";
import type { ChangedFile } from "./types.ts";
import { decodeBytes } from "../io/read-file.ts";
import type { ReadResult } from "../io/read-file.ts";
import { plural } from "../report/plural.ts";

/**
 * Past this many commits the API is not used: listing and reading them would spend over half of
 * GITHUB_TOKEN's 1,000 requests an hour, which other jobs of the repository share.
 */
export const MAX_API_COMMITS = 500;

export interface HistoryCommit {
  sha: string;
  /** The first line of the message, as written (untrusted text). */
  subject: string;
}

export interface CommitChanges {
  /** Files the commit added or changed (removed files and submodules left out), lines against its first parent. */
  files: ChangedFile[];
  /** What the user should know about this commit's list (a diff the API left out). */
  notes: string[];
  /** A file as this commit has it. Only the commit's own files cost an API request; others are refused. */
  read(path: string): Promise<ReadResult>;
}

export interface PullRequestHistory {
  /** "local git", "pulls.listCommits" or "compare API". */
  source: string;
  /** The commits to scan: merges left out, parents before children. */
  commits: HistoryCommit[];
  /** Commits of the pull request, merges included. */
  total: number;
  notes: string[];
  /** API requests spent so far, listing and reading. */
  requests(): number;
  /** Throws ChangeSetError when the commit's files cannot be listed. */
  changesOf(commit: HistoryCommit): Promise<CommitChanges>;
}

const short = (sha: string): string => sha.slice(0, 7);
const isSha = (s: unknown): s is string => typeof s === "string" && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(s) && !/^0+$/.test(s);
const REMEDY = "set `fetch-depth: 0` on actions/checkout to scan them with local git, grant the token `pull-requests: read`, or set `scan-history: false`";

/**
 * The pull request's history, or undefined when there is none to scan: not a pull request event, or a
 * pull request of one commit (whose diff is the net diff, already scanned). Throws ChangeSetError when
 * the commits cannot be listed: a history that was not scanned must not pass as scanned.
 */
export async function pullRequestHistory(ctx: ChangeContext): Promise<PullRequestHistory | undefined> {
  if (ctx.wholeRepository || (ctx.eventName !== "pull_request" && ctx.eventName !== "pull_request_target")) return undefined;
  const pr = ctx.payload?.pull_request;
  const base: unknown = pr?.base?.sha;
  const head: unknown = pr?.head?.sha;
  const number: unknown = pr?.number ?? ctx.payload?.number;
  if (!isSha(base) || !isSha(head) || typeof number !== "number") {
    throw new ChangeSetError(`The ${ctx.eventName} event payload has no pull request base and head commits: cannot list the pull request's commits.`);
  }
  // The event's own count, for the same head: one commit means its diff is the net diff.
  const expected = typeof pr.commits === "number" && pr.commits > 0 ? (pr.commits as number) : undefined;
  if (expected === 1) return undefined;

  const local = (await hasCommit(ctx.workspace, base)) && (await hasCommit(ctx.workspace, head)) && !(await isShallow(ctx.workspace));
  if (local) return localHistory(ctx, base, head);
  if (!ctx.octokit) {
    throw new ChangeSetError(`To scan each commit of the pull request, the checkout needs its history or the action a GitHub token: ${REMEDY}.`);
  }
  return apiHistory(ctx, base, head, number, expected);
}

/** Merges left out: what they bring comes from commits listed on their own, or from the base branch. */
function withoutMerges(commits: ReadonlyArray<{ sha: string; parents: string[]; subject: string }>, notes: string[]): Array<{ sha: string; parent: string; subject: string }> {
  const out = commits.flatMap((c) => (c.parents.length === 1 ? [{ sha: c.sha, parent: c.parents[0]!, subject: c.subject }] : []));
  const merges = commits.filter((c) => c.parents.length > 1).length;
  const roots = commits.filter((c) => c.parents.length === 0).length;
  if (merges) notes.push(`${plural(merges, "merge commit")} of the pull request not scanned on ${merges === 1 ? "its" : "their"} own: what ${merges === 1 ? "it brings" : "they bring"} in comes from the other commits or from the base branch.`);
  if (roots) notes.push(`${plural(roots, "commit")} without a parent (an unrelated history) not scanned on ${roots === 1 ? "its" : "their"} own.`);
  return out;
}

async function localHistory(ctx: ChangeContext, base: string, head: string): Promise<PullRequestHistory> {
  const listed = await commitsBetween(ctx.workspace, base, head);
  const notes: string[] = [];
  const commits = withoutMerges(listed, notes);
  const parentOf = new Map(commits.map((c) => [c.sha, c.parent]));
  return {
    source: "local git",
    commits: commits.map(({ sha, subject }) => ({ sha, subject })),
    total: listed.length,
    notes,
    requests: () => 0,
    async changesOf(commit) {
      const diffs = await diffEntries(ctx.workspace, parentOf.get(commit.sha) ?? `${commit.sha}^`, commit.sha);
      return {
        files: diffs.flatMap((d) => fileDiffToChanged(d) ?? []),
        notes: [],
        async read(path) {
          const bytes = await showFile(ctx.workspace, commit.sha, path);
          return bytes ? decodeBytes(bytes, ctx.maxFileBytes) : { ok: false, reason: `not a file at ${short(commit.sha)}`, missing: true };
        },
      };
    },
  };
}

/** Parents before children, otherwise in the order listed (GitHub lists oldest first). */
export function parentsFirst<T extends { sha: string; parents: string[] }>(commits: readonly T[]): T[] {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const placed = new Set<string>();
  const out: T[] = [];
  for (const start of commits) {
    // Depth first with a stack of its own: a chain of thousands of commits must not overflow the call stack.
    const stack: T[] = [start];
    const onStack = new Set([start.sha]);
    while (stack.length) {
      const c = stack[stack.length - 1]!;
      const pending = placed.has(c.sha) ? undefined : c.parents.map((p) => bySha.get(p)).find((p): p is T => p !== undefined && !placed.has(p.sha) && !onStack.has(p.sha));
      if (pending) {
        stack.push(pending);
        onStack.add(pending.sha);
        continue;
      }
      if (!placed.has(c.sha)) {
        placed.add(c.sha);
        out.push(c);
      }
      stack.pop();
      onStack.delete(c.sha);
    }
  }
  return out;
}

/** pulls.listCommits when it can hold the pull request and agrees with the event; the compare API past that. */
async function listApiCommits(ctx: ChangeContext, base: string, head: string, number: number, expected: number | undefined, budget: Budget): Promise<{ commits: ApiCommit[]; source: string; notes: string[] }> {
  const octokit = ctx.octokit!;
  const tooMany = (n: number) =>
    new ChangeSetError(`The pull request has ${n} commits; reading each through the API would spend over ${n} of GITHUB_TOKEN's 1,000 requests an hour (the limit here is ${MAX_API_COMMITS} commits): ${REMEDY}.`);
  if (expected !== undefined && expected > MAX_API_COMMITS) throw tooMany(expected);
  try {
    if (expected === undefined || expected <= PULL_COMMITS_CAP) {
      const listed = await listPullCommits(octokit, ctx.owner, ctx.repo, number, budget);
      // The pull request may have moved since the event (a push, a force push): then its list is not head's.
      const isTip = listed.some((c) => c.sha === head) && !listed.some((c) => c.parents.includes(head));
      const complete = expected !== undefined ? listed.length === expected : listed.length < PULL_COMMITS_CAP;
      if (isTip && complete) return { commits: listed, source: "pulls.listCommits", notes: [] };
    }
    const compared = await listComparedCommits(octokit, ctx.owner, ctx.repo, base, head, budget, MAX_API_COMMITS);
    if (compared.length > MAX_API_COMMITS) throw tooMany(compared.length);
    const why = expected !== undefined && expected > PULL_COMMITS_CAP ? `it has ${expected} commits and pulls.listCommits lists ${PULL_COMMITS_CAP}` : "its commit list did not match the event's head";
    return { commits: compared, source: "compare API", notes: [`The pull request's commits were listed with the compare API (${short(base)}...${short(head)}): ${why}.`] };
  } catch (err) {
    if (err instanceof ChangeSetError) throw err;
    throw new ChangeSetError(`Could not list the pull request's commits to scan each one (${describeApiError(err)}): ${REMEDY}.`);
  }
}

async function apiHistory(ctx: ChangeContext, base: string, head: string, number: number, expected: number | undefined): Promise<PullRequestHistory> {
  const budget: Budget = { requests: 0 };
  const { commits: listed, source, notes } = await listApiCommits(ctx, base, head, number, expected, budget);
  const commits = withoutMerges(parentsFirst(listed), notes);
  // One read per blob: the same version of a file in several commits (a revert, a rename) is fetched once.
  const blobs = new Map<string, Promise<ReadResult>>();
  const readBlob = (sha: string): Promise<ReadResult> => {
    let known = blobs.get(sha);
    if (!known) {
      budget.requests++;
      known = getBlobBytes(ctx.octokit!, ctx.owner, ctx.repo, sha).then((bytes) => decodeBytes(bytes, ctx.maxFileBytes), (err: unknown) => ({ ok: false as const, reason: `GitHub API: ${describeApiError(err)}` }));
      blobs.set(sha, known);
    }
    return known;
  };
  return {
    source,
    commits: commits.map(({ sha, subject }) => ({ sha, subject })),
    total: listed.length,
    notes,
    requests: () => budget.requests,
    async changesOf(commit) {
      let entries;
      try {
        entries = await listCommitFiles(ctx.octokit!, ctx.owner, ctx.repo, commit.sha, budget);
      } catch (err) {
        throw new ChangeSetError(`Could not list the files of commit ${short(commit.sha)} of the pull request (${describeApiError(err)}): ${REMEDY}.`);
      }
      if (entries.length >= COMMIT_FILES_CAP) {
        throw new ChangeSetError(`Commit ${short(commit.sha)} of the pull request changes ${COMMIT_FILES_CAP} files or more, past what GitHub's API lists: ${REMEDY}.`);
      }
      const files: ChangedFile[] = [];
      const whole: string[] = [];
      for (const entry of entries) {
        const mapped = fromApiFile(entry);
        if (!mapped) continue;
        // No patch although lines were added (a diff too large for the API): the whole file counts.
        if (mapped.needsLocalDiff) {
          mapped.diff.addedLines = "all";
          whole.push(mapped.diff.path);
        }
        const file = fileDiffToChanged(mapped.diff);
        if (file) files.push(file);
      }
      const blobOf = new Map(files.map((f) => [f.path, f.blobSha]));
      return {
        files,
        notes: whole.length ? [`GitHub's API gives no diff for ${whole.join(", ")} in commit ${short(commit.sha)} (too large for it): scanned whole.`] : [],
        read(path) {
          const sha = blobOf.get(path);
          // Files the commit did not change (settings a changed module imports) are not worth a request.
          if (sha === undefined) return Promise.resolve({ ok: false, reason: `not changed by commit ${short(commit.sha)}`, missing: true });
          return readBlob(sha);
        },
      };
    },
  };
}
