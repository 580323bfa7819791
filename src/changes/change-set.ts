// Which files an event changes, and which lines. The API is asked first (it has the patches); the
// checkout's git covers what the API cannot list. When neither can list the change fully, this
// throws ChangeSetError: a change that was not scanned must never pass.
import type { getOctokit } from "@actions/github";
import {
  COMPARE_FILES_CAP,
  LIST_FILES_CAP,
  compareCommits,
  describeApiError,
  fromApiFile,
  httpStatus,
  listPullRequestFiles,
} from "./github-api.ts";
import type { ApiFile, ApiFileDiff, Comparison } from "./github-api.ts";
import { diffEntries, fileDiffToChanged, hasCommit } from "./local-git.ts";
import type { FileDiff } from "./patch.ts";
import { ChangeSetError } from "./types.ts";
import type { ChangedFile, ChangeSet } from "./types.ts";
import { plural } from "../report/plural.ts";

export interface ChangeContext {
  /** GITHUB_EVENT_NAME */
  eventName: string;
  /** The parsed GITHUB_EVENT_PATH JSON (may be {}). */
  payload: any;
  /** GITHUB_WORKSPACE */
  workspace: string;
  /** GITHUB_SHA */
  sha: string;
  /** From GITHUB_REPOSITORY. */
  owner: string;
  repo: string;
  /** Absent when there is no token. */
  octokit?: ReturnType<typeof getOctokit>;
  /** The user chose scope "repository". */
  wholeRepository: boolean;
  /** Files larger than this are not read (input max-file-size); MAX_FILE_BYTES when absent. */
  maxFileBytes?: number;
}

const FETCH_ALL = "set `fetch-depth: 0` on actions/checkout so the action can diff the commits locally";
const isZeroSha = (sha: unknown): boolean => typeof sha === "string" && /^0+$/.test(sha);
const isSha = (sha: unknown): sha is string => typeof sha === "string" && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha) && !isZeroSha(sha);
const short = (sha: string): string => sha.slice(0, 7);

export async function resolveChangeSet(ctx: ChangeContext): Promise<ChangeSet> {
  if (ctx.wholeRepository) return repositoryScan(ctx.sha, []);
  switch (ctx.eventName) {
    case "pull_request":
    case "pull_request_target":
      return pullRequestChanges(ctx);
    case "push":
      return pushChanges(ctx);
    case "merge_group":
      return mergeGroupChanges(ctx);
    case "workflow_dispatch":
    case "schedule":
      return repositoryScan(ctx.sha, []);
    default:
      return repositoryScan(ctx.sha, [
        `The "${ctx.eventName || "unknown"}" event names no change, so the whole repository was scanned.`,
      ]);
  }
}

function repositoryScan(headSha: string, notes: string[]): ChangeSet {
  return { kind: "repository", headSha, files: [], source: "checkout", notes };
}

/** Removed files and submodules have nothing at head to scan: counted in the notes, left out of the files. */
function diffChangeSet(headSha: string, baseSha: string | undefined, diffs: FileDiff[], source: string, notes: string[]): ChangeSet {
  const files: ChangedFile[] = [];
  let deleted = 0;
  const submodules: string[] = [];
  for (const d of diffs) {
    if (d.status === "removed") deleted++;
    else if (d.submodule) submodules.push(d.path);
    const file = fileDiffToChanged(d);
    if (file) files.push(file);
  }
  const out = [...notes];
  if (deleted) out.push(`${plural(deleted, "deleted file")} skipped (nothing of ${deleted === 1 ? "it" : "them"} is at head).`);
  if (submodules.length) out.push(`${plural(submodules.length, "submodule")} skipped (${submodules.join(", ")}): ${submodules.length === 1 ? "its" : "their"} files live in another repository.`);
  return { kind: "diff", headSha, ...(baseSha ? { baseSha } : {}), files, source, notes: out };
}

/** Base and head are one commit (a push that moved nothing, a pull request whose branch has no new commit): an empty change, said so. */
function sameCommit(head: string, what: string): ChangeSet {
  return diffChangeSet(head, head, [], "event", [`The ${what} has the same base and head commit (${short(head)}): it changes nothing, so nothing was scanned.`]);
}

/** `base...head` from the checkout's git; when the commits are not there, a ChangeSetError saying why and what to do. */
async function localChangeSet(ctx: ChangeContext, base: string, head: string, why: string, notes: string[] = []): Promise<ChangeSet> {
  const [hasBase, hasHead] = await Promise.all([hasCommit(ctx.workspace, base), hasCommit(ctx.workspace, head)]);
  if (!hasBase || !hasHead) {
    const missing = [hasBase ? "" : `base ${short(base)}`, hasHead ? "" : `head ${short(head)}`].filter(Boolean).join(" and ");
    throw new ChangeSetError(`${why}, and the checkout lacks the ${missing} commit${hasBase || hasHead ? "" : "s"} to diff locally: ${FETCH_ALL}.`);
  }
  const diffs = await diffEntries(ctx.workspace, base, head);
  return diffChangeSet(head, base, diffs, "local git", [...notes, `${why}: listed with local git (${short(base)}...${short(head)}).`]);
}

/** API entries to FileDiffs; lines of files the API gave no patch for come from local git, or this throws. */
async function completeApiDiffs(ctx: ChangeContext, base: string, head: string, entries: ApiFile[], notes: string[]): Promise<{ diffs: FileDiff[]; usedGit: boolean }> {
  const mapped = entries.map(fromApiFile).filter((m): m is ApiFileDiff => m !== undefined);
  const unpatched = mapped.filter((m) => m.needsLocalDiff);
  if (unpatched.length === 0) return { diffs: mapped.map((m) => m.diff), usedGit: false };

  const names = unpatched.map((m) => m.diff.path);
  const shown = names.slice(0, 5).join(", ") + (names.length > 5 ? `, and ${names.length - 5} more` : "");
  const why = `GitHub's API gives no diff for ${shown} (too large for it)`;
  const [hasBase, hasHead] = await Promise.all([hasCommit(ctx.workspace, base), hasCommit(ctx.workspace, head)]);
  if (!hasBase || !hasHead) throw new ChangeSetError(`${why}, and the checkout lacks the commits to diff locally: ${FETCH_ALL}.`);

  const local = new Map((await diffEntries(ctx.workspace, base, head)).map((d) => [d.path, d]));
  const unmatched: string[] = [];
  for (const m of unpatched) {
    const lines = local.get(m.diff.path)?.addedLines;
    // Git and GitHub can pair renames differently; then the whole file counts, which misses nothing.
    if (lines === undefined) unmatched.push(m.diff.path);
    m.diff.addedLines = lines ?? "all";
  }
  notes.push(`${why}: added lines taken from local git.`);
  if (unmatched.length) notes.push(`Not in the local diff, so scanned whole: ${unmatched.join(", ")}.`);
  return { diffs: mapped.map((m) => m.diff), usedGit: true };
}

async function pullRequestChanges(ctx: ChangeContext): Promise<ChangeSet> {
  const pr = ctx.payload?.pull_request;
  const base: unknown = pr?.base?.sha;
  const head: unknown = pr?.head?.sha;
  const number: unknown = pr?.number ?? ctx.payload?.number;
  if (!isSha(base) || !isSha(head) || typeof number !== "number") {
    throw new ChangeSetError(`The ${ctx.eventName} event payload has no pull request base and head commits: cannot tell what the pull request changes.`);
  }
  if (base.toLowerCase() === head.toLowerCase()) return sameCommit(head, "pull request");
  if (!ctx.octokit) return localChangeSet(ctx, base, head, "No GitHub token to list the pull request's files");

  let listed: ApiFile[];
  try {
    listed = await listPullRequestFiles(ctx.octokit, ctx.owner, ctx.repo, number);
  } catch (err) {
    return localChangeSet(ctx, base, head, `Listing the pull request's files failed (${describeApiError(err)})`);
  }
  const expected: unknown = pr.changed_files;
  // changed_files is the count at the event; without it, a list at the cap may have been cut.
  if (typeof expected === "number" ? listed.length < expected : listed.length >= LIST_FILES_CAP) {
    const total = typeof expected === "number" ? expected : `over ${LIST_FILES_CAP}`;
    return localChangeSet(ctx, base, head, `GitHub's API listed ${listed.length} of the pull request's ${total} changed files (it stops at ${LIST_FILES_CAP})`);
  }
  const notes: string[] = [];
  const { diffs, usedGit } = await completeApiDiffs(ctx, base, head, listed, notes);
  return diffChangeSet(head, base, diffs, usedGit ? "pulls.listFiles + local git" : "pulls.listFiles", notes);
}

type Compared = { ok: true; comparison: Comparison } | { ok: false; status?: number; message: string };

async function tryCompare(ctx: ChangeContext, base: string, head: string): Promise<Compared> {
  try {
    return { ok: true, comparison: await compareCommits(ctx.octokit!, ctx.owner, ctx.repo, base, head) };
  } catch (err) {
    const status = httpStatus(err);
    return { ok: false, ...(status ? { status } : {}), message: describeApiError(err) };
  }
}

/** A compare result as a change set: past the file cap, or with unpatched files, git must help. */
async function fromComparison(ctx: ChangeContext, c: Comparison, base: string, head: string, notes: string[]): Promise<ChangeSet> {
  const diffBase = c.mergeBaseSha ?? base;
  if (c.files.length >= COMPARE_FILES_CAP) {
    return localChangeSet(ctx, diffBase, head, `GitHub's compare API lists at most ${COMPARE_FILES_CAP} files, and ${short(base)}...${short(head)} reached that`, notes);
  }
  const { diffs, usedGit } = await completeApiDiffs(ctx, diffBase, head, c.files, notes);
  return diffChangeSet(head, diffBase, diffs, usedGit ? "compare API + local git" : "compare API", notes);
}

/** Commits `base...head` (push, merge group); a missing base is passed to `onMissingBase` when given. */
async function compareChanges(ctx: ChangeContext, base: string, head: string, onMissingBase?: (why: string) => Promise<ChangeSet>): Promise<ChangeSet> {
  if (!ctx.octokit) return localChangeSet(ctx, base, head, "No GitHub token to compare the commits");
  const r = await tryCompare(ctx, base, head);
  if (r.ok) return fromComparison(ctx, r.comparison, base, head, []);
  if (r.status === 404 && onMissingBase) {
    // Gone from GitHub (a force push, then garbage collection), or a token that cannot read it:
    // the checkout's git is the better source when it has both commits.
    if ((await hasCommit(ctx.workspace, base)) && (await hasCommit(ctx.workspace, head))) {
      return localChangeSet(ctx, base, head, `GitHub could not compare ${short(base)}...${short(head)} (${r.message})`);
    }
    return onMissingBase(`GitHub no longer knows the commit before the push (${short(base)}; ${r.message}), likely after a force push`);
  }
  return localChangeSet(ctx, base, head, `Comparing ${short(base)}...${short(head)} failed (${r.message})`);
}

/**
 * What `head` has that the default branch lacks: for a new branch or tag, or when the commit before a
 * push is gone. Where no such comparison means anything, the whole repository is scanned.
 */
async function comparedWithDefaultBranch(ctx: ChangeContext, head: string, why: string): Promise<ChangeSet> {
  const ref: string = typeof ctx.payload?.ref === "string" ? ctx.payload.ref : "";
  const defaultBranch: unknown = ctx.payload?.repository?.default_branch;
  const wholeRepo = (reason: string) => repositoryScan(head, [`${why}; ${reason}, so the whole repository was scanned.`]);
  if (typeof defaultBranch !== "string" || defaultBranch === "") return wholeRepo("the payload names no default branch");
  if (ref === `refs/heads/${defaultBranch}`) return wholeRepo(`this push is to the default branch (${defaultBranch}) itself`);
  if (!ctx.octokit) return wholeRepo(`there is no GitHub token to compare it with ${defaultBranch}`);
  const r = await tryCompare(ctx, defaultBranch, head);
  if (!r.ok) return wholeRepo(`comparing it with ${defaultBranch} failed (${r.message})`);
  const c = r.comparison;
  const note = `${why}: compared with the default branch ${defaultBranch}${c.mergeBaseSha ? ` from ${short(c.mergeBaseSha)}` : ""}.`;
  if (c.status === "identical" || c.status === "behind") {
    return diffChangeSet(head, c.mergeBaseSha, [], "compare API", [`${note} It has no commit that ${defaultBranch} lacks.`]);
  }
  return fromComparison(ctx, c, defaultBranch, head, [note]);
}

async function pushChanges(ctx: ChangeContext): Promise<ChangeSet> {
  const p = ctx.payload ?? {};
  const ref: string = typeof p.ref === "string" ? p.ref : "the ref";
  const after: unknown = p.after ?? ctx.sha;
  if (p.deleted === true || isZeroSha(after)) {
    return { kind: "diff", headSha: ctx.sha, files: [], source: "push event", notes: [`The push deleted ${ref}: nothing to scan.`] };
  }
  if (!isSha(after)) throw new ChangeSetError("The push event payload has no `after` commit: cannot tell what the push changes.");
  if (isZeroSha(p.before)) return comparedWithDefaultBranch(ctx, after, `The push created ${ref}`);
  if (!isSha(p.before)) throw new ChangeSetError("The push event payload has no `before` commit: cannot tell what the push changes.");
  if (p.before.toLowerCase() === after.toLowerCase()) return sameCommit(after, "push");
  return compareChanges(ctx, p.before, after, (why) => comparedWithDefaultBranch(ctx, after, why));
}

async function mergeGroupChanges(ctx: ChangeContext): Promise<ChangeSet> {
  const group = ctx.payload?.merge_group;
  const base: unknown = group?.base_sha;
  const head: unknown = group?.head_sha;
  if (!isSha(base) || !isSha(head)) {
    throw new ChangeSetError("The merge_group event payload has no base_sha and head_sha: cannot tell what the merge group changes.");
  }
  if (base.toLowerCase() === head.toLowerCase()) return sameCommit(head, "merge group");
  return compareChanges(ctx, base, head);
}
