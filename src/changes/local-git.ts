// The checkout's own git, for what the API cannot give: diffs beyond its caps and files at a commit.
// Run with execFile (no shell: paths and shas are arguments, never parsed by one).
import { execFile } from "node:child_process";
import { ChangeSetError } from "./types.ts";
import type { ChangedFile } from "./types.ts";
import { parseGitDiff } from "./patch.ts";
import type { FileDiff } from "./patch.ts";

const MAX_OUTPUT = 1024 * 1024 * 1024; // a diff of a large change set is big, and truncating it would drop files

export type GitResult = { ok: true; stdout: Buffer } | { ok: false; message: string };

export function git(workspace: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["-C", workspace, "-c", "core.quotePath=true", ...args],
      { encoding: "buffer", maxBuffer: MAX_OUTPUT, windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, stdout });
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return resolve({ ok: false, message: "git is not installed" });
        const detail = stderr.toString("utf8").trim().split("\n")[0] || err.message;
        resolve({ ok: false, message: detail });
      },
    );
  });
}

/** A revision git will never read as an option. */
export function safeRev(rev: string): boolean {
  return rev.length > 0 && !rev.startsWith("-") && !/\s/.test(rev);
}

/** Whether the commit object is in the workspace's repository. */
export async function hasCommit(workspace: string, sha: string): Promise<boolean> {
  if (!safeRev(sha)) return false;
  const r = await git(workspace, ["cat-file", "-e", `${sha}^{commit}`]);
  return r.ok;
}

/** Whether the checkout is shallow (fetch-depth other than 0): then old commits and merge bases are missing. */
export async function isShallow(workspace: string): Promise<boolean> {
  const r = await git(workspace, ["rev-parse", "--is-shallow-repository"]);
  return r.ok && r.stdout.toString("utf8").trim() === "true";
}

/** A diff parseGitDiff reads: added lines only, renames found, no user diff drivers, full blob shas. */
export const DIFF_FLAGS: readonly string[] = ["--no-color", "--unified=0", "--find-renames", "--no-ext-diff", "--no-textconv", "--full-index", "--src-prefix=a/", "--dst-prefix=b/"];

/** Every file of `base...head` (from their merge base), removed ones included. Throws ChangeSetError. */
export async function diffEntries(workspace: string, base: string, head: string): Promise<FileDiff[]> {
  if (!safeRev(base) || !safeRev(head)) throw new ChangeSetError(`not a commit: ${JSON.stringify(base)}...${JSON.stringify(head)}`);
  const r = await git(workspace, ["diff", ...DIFF_FLAGS, `${base}...${head}`, "--"]);
  if (!r.ok) {
    const hint = (await isShallow(workspace)) ? " The checkout is shallow: set `fetch-depth: 0` on actions/checkout." : "";
    throw new ChangeSetError(`git diff ${base.slice(0, 12)}...${head.slice(0, 12)} failed: ${r.message}.${hint}`);
  }
  return parseGitDiff(r.stdout.toString("utf8"));
}

/** The files of `base...head` as ChangedFiles, deleted files left out. Throws ChangeSetError. */
export async function diffFiles(workspace: string, base: string, head: string): Promise<ChangedFile[]> {
  return (await diffEntries(workspace, base, head)).flatMap((d) => {
    const file = fileDiffToChanged(d);
    return file ? [file] : [];
  });
}

/** A FileDiff as a ChangedFile; undefined for what has nothing at head to scan (removed files, submodules). */
export function fileDiffToChanged(d: FileDiff): ChangedFile | undefined {
  if (d.status === "removed" || d.submodule) return undefined;
  return {
    path: d.path,
    status: d.status,
    ...((d.status === "renamed" || d.status === "copied") && d.oldPath !== undefined ? { previousPath: d.oldPath } : {}),
    addedLines: d.addedLines,
    ...(d.blobSha ? { blobSha: d.blobSha } : {}),
  };
}

/** The raw bytes of `path` at commit `sha` (no filters, no textconv); undefined when not a file there. */
export async function showFile(workspace: string, sha: string, path: string): Promise<Uint8Array | undefined> {
  if (!safeRev(sha)) return undefined;
  const r = await git(workspace, ["cat-file", "blob", `${sha}:${path}`]);
  return r.ok ? new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength) : undefined;
}

/** The blob sha of `path` at commit `sha`, or undefined. */
export async function blobShaAt(workspace: string, sha: string, path: string): Promise<string | undefined> {
  if (!safeRev(sha)) return undefined;
  const r = await git(workspace, ["rev-parse", "--verify", "--quiet", `${sha}:${path}`]);
  return r.ok ? r.stdout.toString("utf8").trim() || undefined : undefined;
}

/** A commit of `base..head` as rev-list gives it: its parents and subject line. */
export interface LocalCommit {
  sha: string;
  parents: string[];
  subject: string;
}

/**
 * The commits reachable from `head` but not from `base`, parents before children (rev-list is plumbing:
 * no user configuration changes its output). Throws ChangeSetError.
 */
export async function commitsBetween(workspace: string, base: string, head: string): Promise<LocalCommit[]> {
  if (!safeRev(base) || !safeRev(head)) throw new ChangeSetError(`not a commit: ${JSON.stringify(base)}..${JSON.stringify(head)}`);
  const r = await git(workspace, ["rev-list", "--reverse", "--topo-order", "--parents", "--format=%s", `${base}..${head}`, "--"]);
  if (!r.ok) throw new ChangeSetError(`git rev-list ${base.slice(0, 12)}..${head.slice(0, 12)} failed: ${r.message}.`);
  // Two lines a commit: "commit <sha> <parent>...", then the subject (never holds a line break).
  const lines = r.stdout.toString("utf8").split("\n");
  const out: LocalCommit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^commit ([0-9a-f]+)((?: [0-9a-f]+)*)$/.exec(lines[i]!);
    if (!m) continue;
    out.push({ sha: m[1]!, parents: m[2]!.trim().split(" ").filter(Boolean), subject: lines[i + 1] ?? "" });
    i++;
  }
  return out;
}
