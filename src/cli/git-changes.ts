// What a developer changed, from their own git: since a revision (`--diff REV`, working tree included)
// or what is staged (`--staged`, read from the index, as the commit will hold it).
import { DIFF_FLAGS, fileDiffToChanged, git, safeRev } from "../changes/local-git.ts";
import { parseGitDiff } from "../changes/patch.ts";
import { ChangeSetError, type ChangedFile } from "../changes/types.ts";

/** The top of the git work tree holding `dir`, or undefined outside one (or without git). */
export async function workTreeRoot(dir: string): Promise<string | undefined> {
  const r = await git(dir, ["rev-parse", "--show-toplevel"]);
  return r.ok ? r.stdout.toString("utf8").trim() || undefined : undefined;
}

async function gitText(root: string, args: string[], what: string): Promise<string> {
  const r = await git(root, args);
  if (!r.ok) throw new ChangeSetError(`${what} failed: ${r.message}`);
  return r.stdout.toString("utf8");
}

/**
 * Files changed since the merge base of `rev` and HEAD, as the working tree has them (committed or
 * not), plus untracked files that .gitignore does not hide: everything a push of this work would add.
 */
export async function changedSince(root: string, rev: string): Promise<ChangedFile[]> {
  if (!safeRev(rev)) throw new ChangeSetError(`not a revision: ${JSON.stringify(rev)}`);
  const base = (await gitText(root, ["merge-base", rev, "HEAD"], `git merge-base ${rev} HEAD`)).trim();
  const diff = parseGitDiff(await gitText(root, ["diff", ...DIFF_FLAGS, base, "--"], `git diff ${rev}`));
  const files = diff.flatMap((d) => fileDiffToChanged(d) ?? []);
  const untracked = (await gitText(root, ["ls-files", "-z", "--others", "--exclude-standard"], "git ls-files")).split("\0").filter(Boolean);
  return [...files, ...untracked.map((path): ChangedFile => ({ path, status: "added", addedLines: "all" }))];
}

/** Every path the index holds: committed (or about to be), whatever .gitignore says. */
export async function trackedFiles(root: string): Promise<Set<string>> {
  return new Set((await gitText(root, ["ls-files", "-z"], "git ls-files")).split("\0").filter(Boolean));
}

/** Files the index changes against HEAD (against nothing in a repository with no commit yet). */
export async function stagedChanges(root: string): Promise<ChangedFile[]> {
  const hasHead = (await git(root, ["rev-parse", "--verify", "--quiet", "HEAD"])).ok;
  // The empty tree (its id depends on the repository's hash): what a first commit is compared with.
  const against = hasHead ? "HEAD" : (await gitText(root, ["hash-object", "-t", "tree", "/dev/null"], "git hash-object")).trim();
  const diff = parseGitDiff(await gitText(root, ["diff", "--cached", ...DIFF_FLAGS, against, "--"], "git diff --cached"));
  return diff.flatMap((d) => fileDiffToChanged(d) ?? []);
}

/** A file's staged content: the index's blob, which may differ from the working tree. */
export async function stagedBytes(root: string, path: string): Promise<Uint8Array | undefined> {
  const r = await git(root, ["cat-file", "blob", `:${path}`]);
  return r.ok ? new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength) : undefined;
}
