// What changed: the files a pull request, push or merge group touches, and the lines it adds.

export interface ChangedFile {
  /** The path at head, repository-relative, with forward slashes (a renamed file's new name). */
  path: string;
  status: "added" | "modified" | "renamed" | "copied" | "changed";
  previousPath?: string;
  /** Line numbers (1-based, in the file at head) that the change adds or changes; "all" for a new file or a whole-file scan. */
  addedLines: ReadonlySet<number> | "all";
  /** The git blob sha of the file at head, when the API reported it: proves the checkout holds that version. */
  blobSha?: string;
}

export interface ChangeSet {
  /** "diff": only these files and lines changed; "repository": every file of the checkout. */
  kind: "diff" | "repository";
  /** The commit whose contents are scanned and linked to. */
  headSha: string;
  baseSha?: string;
  /** Changed files, deleted ones left out (nothing of theirs is at head). */
  files: ChangedFile[];
  /** Where the list came from, for the summary: "pulls.listFiles", "compare API", "local git"... */
  source: string;
  /** Things the user should know: a fallback taken, deleted files skipped, a new branch compared with the default branch. */
  notes: string[];
}

/** A change set could not be made: the step must fail, never pass a change it did not scan. */
export class ChangeSetError extends Error {
  override name = "ChangeSetError";
}
