// The REST calls that list a pull request's commits and what each one changed. Every request is
// counted in a Budget, since GITHUB_TOKEN allows 1,000 an hour per repository and the history of a
// long pull request can spend a good part of that.
import type { ApiFile, Octokit } from "./github-api.ts";

/** pulls.listCommits lists no more than this many commits, whatever the pull request's size. */
export const PULL_COMMITS_CAP = 250;
/** repos.getCommit lists at most this many files of a commit, 300 a page. */
export const COMMIT_FILES_CAP = 3000;

export interface ApiCommit {
  sha: string;
  parents: string[];
  /** The first line of the message. */
  subject: string;
}

/** API requests spent so far. */
export interface Budget {
  requests: number;
}

interface RawCommit {
  sha: string;
  parents: Array<{ sha: string }>;
  commit: { message: string };
}

const toCommit = (c: RawCommit): ApiCommit => ({
  sha: c.sha,
  parents: c.parents.map((p) => p.sha),
  subject: c.commit.message.split("\n", 1)[0] ?? "",
});

/** Every commit the pull request lists now (at most PULL_COMMITS_CAP), 100 a page. */
export async function listPullCommits(octokit: Octokit, owner: string, repo: string, pullNumber: number, budget: Budget): Promise<ApiCommit[]> {
  const out: ApiCommit[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listCommits, { owner, repo, pull_number: pullNumber, per_page: 100 })) {
    budget.requests++;
    out.push(...page.data.map(toCommit));
  }
  return out;
}

/**
 * The commits reachable from `head` and not from `base`, 100 a page: what GitHub's compare gives past
 * pulls.listCommits' cap. Unlike walking repos.listCommits back from head, it needs no guess where the
 * pull request starts when the base branch was merged into it, and it is pinned to the two commits.
 */
export async function listComparedCommits(octokit: Octokit, owner: string, repo: string, base: string, head: string, budget: Budget, limit: number): Promise<ApiCommit[]> {
  const out: ApiCommit[] = [];
  // Past `limit` the caller gives up anyway: no need to spend requests listing the rest.
  for (let page = 1; out.length <= limit; page++) {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 100, page });
    budget.requests++;
    out.push(...(data.commits as RawCommit[]).map(toCommit));
    if (data.commits.length === 0 || out.length >= data.total_commits) break;
  }
  return out;
}

/** The files a commit changed against its first parent, with patches; pages of 300, up to COMMIT_FILES_CAP. */
export async function listCommitFiles(octokit: Octokit, owner: string, repo: string, sha: string, budget: Budget): Promise<ApiFile[]> {
  const out: ApiFile[] = [];
  for (let page = 1; ; page++) {
    const response = await octokit.rest.repos.getCommit({ owner, repo, ref: sha, ...(page > 1 ? { page } : {}) });
    budget.requests++;
    out.push(...((response.data.files ?? []) as ApiFile[]));
    if (!/\brel="next"/.test(response.headers.link ?? "") || out.length >= COMMIT_FILES_CAP) return out;
  }
}
