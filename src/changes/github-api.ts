// The GitHub REST calls that list a change and read a file at a commit. Errors are thrown as
// Octokit gives them; callers decide what a failure means (see httpStatus).
import type { getOctokit } from "@actions/github";
import { addedLinesFromPatch } from "./patch.ts";
import type { FileDiff } from "./patch.ts";

export type Octokit = ReturnType<typeof getOctokit>;

/** pulls.listFiles stops here, whatever the pull request's size. */
export const LIST_FILES_CAP = 3000;
/** The compare API lists at most this many files, on its first page only. */
export const COMPARE_FILES_CAP = 300;

/** The fields used of a file entry of pulls.listFiles and repos.compareCommits ("diff-entry"). */
export interface ApiFile {
  filename: string;
  status: string;
  additions: number;
  patch?: string;
  sha?: string | null;
  previous_filename?: string;
}

export async function listPullRequestFiles(octokit: Octokit, owner: string, repo: string, pullNumber: number): Promise<ApiFile[]> {
  return octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: pullNumber, per_page: 100 });
}

export interface Comparison {
  /** "ahead", "behind", "diverged" or "identical". */
  status: string;
  files: ApiFile[];
  mergeBaseSha?: string;
}

/** `base...head` as the compare API sees it (files from the merge base, at most COMPARE_FILES_CAP). */
export async function compareCommits(octokit: Octokit, owner: string, repo: string, base: string, head: string): Promise<Comparison> {
  // No paging parameters: the files come with the first (and only) response.
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}` });
  return {
    status: data.status,
    files: data.files ?? [],
    ...(data.merge_base_commit?.sha ? { mergeBaseSha: data.merge_base_commit.sha } : {}),
  };
}

/** A blob's bytes by sha (works up to 100 MB). */
export async function getBlobBytes(octokit: Octokit, owner: string, repo: string, sha: string): Promise<Uint8Array> {
  const { data } = await octokit.rest.git.getBlob({ owner, repo, file_sha: sha });
  return data.encoding === "base64" ? Buffer.from(data.content, "base64") : Buffer.from(data.content, "utf8");
}

/** A file's bytes at a ref. Files over 1 MB come without content: then the blob is fetched by its sha. */
export async function getContentBytes(octokit: Octokit, owner: string, repo: string, path: string, ref: string): Promise<Uint8Array> {
  const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
  if (Array.isArray(data)) throw new Error("a directory at that commit");
  // The response is a union whose members differ by `type`; read the few fields used.
  const entry = data as { type: string; sha: string; encoding?: string; content?: string; target?: string };
  switch (entry.type) {
    case "file":
      if (entry.encoding === "base64" && typeof entry.content === "string") return Buffer.from(entry.content, "base64");
      return getBlobBytes(octokit, owner, repo, entry.sha); // encoding "none": larger than 1 MB
    case "symlink":
      // What git stores for a link is its target path.
      return Buffer.from(entry.target ?? "", "utf8");
    case "submodule":
      throw new Error("a submodule (its files live in another repository)");
    default:
      throw new Error(`not a file (${entry.type})`);
  }
}

/** The HTTP status of an Octokit error, if it has one. */
export function httpStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A short, safe description of an API error for a message; a used-up rate limit says which and when it resets. */
export function describeApiError(err: unknown): string {
  const status = httpStatus(err);
  const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
  const headers = (err as { response?: { headers?: Record<string, string | undefined> } } | null)?.response?.headers ?? {};
  const reset = Number(headers["x-ratelimit-reset"]);
  if ((status === 403 || status === 429) && headers["x-ratelimit-remaining"] === "0" && reset > 0) {
    const limit = headers["x-ratelimit-limit"] ? ` of ${headers["x-ratelimit-limit"]} requests an hour` : "";
    const resource = headers["x-ratelimit-resource"] ? ` (${headers["x-ratelimit-resource"]})` : "";
    return `HTTP ${status}: GitHub's API rate limit${limit}${resource} is used up until ${new Date(reset * 1000).toISOString()}: ${message}`;
  }
  return status ? `HTTP ${status}: ${message}` : message;
}

/** A submodule bump: the whole new "file" is one `Subproject commit` line, so nothing to scan. */
function isSubmodulePatch(patch: string | undefined): boolean {
  return patch !== undefined && /^@@ -(?:0,0|1) \+1 @@\n(?:-Subproject commit [0-9a-f]{40,64}\n)?\+Subproject commit [0-9a-f]{40,64}$/.test(patch.trimEnd());
}

export interface ApiFileDiff {
  diff: FileDiff;
  /** The API gave no patch although lines were added (a diff too large for it): lines must come from git. */
  needsLocalDiff: boolean;
}

/** An API file entry as a FileDiff; undefined for "unchanged" entries. */
export function fromApiFile(f: ApiFile): ApiFileDiff | undefined {
  const status = f.status === "removed" ? "removed" : f.status === "added" ? "added" : f.status === "renamed" ? "renamed" : f.status === "copied" ? "copied" : f.status === "unchanged" ? undefined : "modified";
  if (!status) return undefined;
  const noPatch = f.patch === undefined || f.patch === "";
  // No patch and no additions: binary to GitHub, a pure rename, or a mode change. Binary can be faked
  // with a `-diff` attribute, so an added or modified file is scanned whole (decodeBytes skips real binaries).
  const wholeFile = noPatch && f.additions === 0 && (f.status === "added" || f.status === "modified" || f.status === "copied");
  const diff: FileDiff = {
    path: f.filename,
    ...(f.previous_filename !== undefined ? { oldPath: f.previous_filename } : status === "added" ? {} : { oldPath: f.filename }),
    status,
    addedLines: wholeFile ? "all" : noPatch ? new Set() : addedLinesFromPatch(f.patch!),
    binary: wholeFile,
    submodule: isSubmodulePatch(f.patch),
    ...(f.sha ? { blobSha: f.sha } : {}),
  };
  return { diff, needsLocalDiff: noPatch && f.additions > 0 && status !== "removed" };
}
