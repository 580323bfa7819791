// A loopback fake of the GitHub REST endpoints the action calls, for tests. State is plain data;
// any owner/repo is accepted; unknown routes answer 404 as GitHub does.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getOctokit } from "@actions/github";

export interface FakeFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions?: number;
  patch?: string;
  sha: string | null;
  previous_filename?: string;
}

/** A commit as pulls.listCommits and the compare API list it (the fields the action reads). */
export interface FakeCommit {
  sha: string;
  commit: { message: string };
  parents: Array<{ sha: string }>;
}

export interface FakeComparison {
  status?: "ahead" | "behind" | "diverged" | "identical";
  files: FakeFile[];
  merge_base_sha?: string;
  /** The commits of `base...head`, oldest first; paged (100 at most) when per_page or page is given, as GitHub does. */
  commits?: FakeCommit[];
}

export interface FakeState {
  /** pulls.listFiles, by pull request number. */
  pullFiles?: Record<number, FakeFile[]>;
  /** pulls.listCommits, by pull request number: oldest first; GitHub lists at most 250. */
  pullCommits?: Record<number, FakeCommit[]>;
  /** repos.getCommit, by sha: the files it changed against its first parent, 300 a page up to 3,000. */
  commits?: Record<string, { files: FakeFile[]; parents?: Array<{ sha: string }>; message?: string }>;
  /** compareCommitsWithBasehead, by "base...head". */
  compares?: Record<string, FakeComparison>;
  /** git.getBlob, by sha: the raw content. */
  blobs?: Record<string, string | Uint8Array>;
  /** repos.getContent, by "path@ref": the raw content (over 1 MB answers with encoding "none", as GitHub does). */
  contents?: Record<string, string | Uint8Array>;
  /** Answer 403 to check-run calls, as GitHub does for a token without `checks: write` (a fork's PR). */
  checkRunsForbidden?: boolean;
  /** Faults injected before a route answers: the first fault whose path matches and has `times` left is served. */
  faults?: FakeFault[];
}

/**
 * A fault, as GitHub or the network can serve one: a 5xx, a primary rate limit (403 with the
 * x-ratelimit headers, reset `resetIn` seconds from now), a secondary one (403 or 429 with Retry-After),
 * a connection dropped before any answer, an answer that starts only after `delayMs`, or a 200 whose
 * JSON body is cut short.
 */
export type FakeFault = { path: RegExp; times: number; method?: string } & (
  | { kind: "status"; status: 500 | 502 | 503 | 504 }
  | { kind: "rate-limit"; resetIn: number }
  | { kind: "secondary"; status: 403 | 429; retryAfter: number }
  | { kind: "reset" }
  | { kind: "slow"; delayMs: number }
  | { kind: "truncated" }
);

/** A check run as the fake holds it: the create body with every update merged in, annotations appended. */
export interface FakeCheckRun {
  id: number;
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string };
  annotations: unknown[];
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The JSON body of a POST or PATCH, parsed. */
  body?: unknown;
}

export interface FakeGitHub {
  url: string;
  requests: FakeRequest[];
  checkRuns: FakeCheckRun[];
  close(): Promise<void>;
}

const CONTENTS_INLINE_LIMIT = 1024 * 1024;

const bytesOf = (content: string | Uint8Array): Buffer => (typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content));
const blobSha = (bytes: Buffer): string => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
/** GitHub wraps base64 content at 60 characters. */
const base64Lines = (bytes: Buffer): string => (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse): void => send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });

export async function startFakeGitHub(state: FakeState): Promise<FakeGitHub> {
  const requests: FakeRequest[] = [];
  const checkRuns: FakeCheckRun[] = [];
  let base = "";

  /** One page of `items` (per_page and page from the query, as GitHub reads them) and its Link header. */
  const paged = <T>(url: URL, items: readonly T[], defaultPerPage: number, maxPerPage: number): { items: T[]; headers: Record<string, string> } => {
    const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? defaultPerPage) || defaultPerPage, 1), maxPerPage);
    const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const pageUrl = (n: number) => {
      const u = new URL(url.pathname, base);
      u.searchParams.set("per_page", String(perPage));
      u.searchParams.set("page", String(n));
      return u.toString();
    };
    const links: string[] = [];
    if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
    if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`, `<${pageUrl(1)}>; rel="first"`);
    return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(", ") } : {} };
  };

  const withDefaults = (f: FakeFile) => ({ deletions: 0, changes: f.additions + (f.deletions ?? 0), blob_url: "", raw_url: "", contents_url: "", ...f });

  const listFiles = (res: ServerResponse, url: URL, pull: number): void => {
    const files = state.pullFiles?.[pull];
    if (!files) return notFound(res);
    const capped = files.slice(0, 3000); // GitHub lists no more than 3,000 files
    const { items, headers } = paged(url, capped, 30, 100);
    send(res, 200, items.map(withDefaults), headers);
  };

  const listCommits = (res: ServerResponse, url: URL, pull: number): void => {
    const commits = state.pullCommits?.[pull];
    if (!commits) return notFound(res);
    const { items, headers } = paged(url, commits.slice(0, 250), 30, 100); // GitHub lists no more than 250 commits
    send(res, 200, items, headers);
  };

  const getCommit = (res: ServerResponse, url: URL, sha: string): void => {
    const c = state.commits?.[sha];
    if (!c) return notFound(res);
    // Every page repeats the commit; only the file list is paged (300 a page, 3,000 at most).
    const { items, headers } = paged(url, c.files.slice(0, 3000), 300, 300);
    send(res, 200, { sha, commit: { message: c.message ?? "" }, parents: c.parents ?? [], files: items.map(withDefaults) }, headers);
  };

  const compare = (res: ServerResponse, url: URL, basehead: string): void => {
    const c = state.compares?.[basehead];
    if (!c) return notFound(res);
    const [baseRef = "", headRef = ""] = basehead.split("...");
    const commits = c.commits ?? [{ sha: headRef, commit: { message: "" }, parents: [{ sha: baseRef }] }];
    // Without paging parameters GitHub gives up to 250 commits; with them, pages of commits and the files on the first only.
    const paging = url.searchParams.has("per_page") || url.searchParams.has("page");
    const page = paging ? paged(url, commits, 250, 100) : { items: commits.slice(0, 250), headers: {} };
    const first = !paging || (Number(url.searchParams.get("page") ?? 1) || 1) <= 1;
    send(res, 200, {
      status: c.status ?? "ahead",
      ahead_by: commits.length,
      behind_by: 0,
      total_commits: commits.length,
      base_commit: { sha: baseRef },
      merge_base_commit: { sha: c.merge_base_sha ?? baseRef },
      commits: page.items,
      files: first ? c.files.map((f) => ({ deletions: 0, changes: f.additions + (f.deletions ?? 0), ...f })) : [],
    }, page.headers);
  };

  const blob = (res: ServerResponse, sha: string): void => {
    const content = state.blobs?.[sha];
    if (content === undefined) return notFound(res);
    const bytes = bytesOf(content);
    send(res, 200, { sha, node_id: "", size: bytes.length, url: `${base}/repos/o/r/git/blobs/${sha}`, content: base64Lines(bytes), encoding: "base64" });
  };

  const contents = (res: ServerResponse, path: string, ref: string): void => {
    const content = state.contents?.[`${path}@${ref}`];
    if (content === undefined) return notFound(res);
    const bytes = bytesOf(content);
    const large = bytes.length > CONTENTS_INLINE_LIMIT;
    send(res, 200, {
      type: "file",
      encoding: large ? "none" : "base64",
      size: bytes.length,
      name: path.split("/").pop(),
      path,
      content: large ? "" : base64Lines(bytes),
      sha: blobSha(bytes),
    });
  };

  const forbidden = (res: ServerResponse): void =>
    send(res, 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/checks/runs#create-a-check-run", status: "403" });

  /** POST /repos/{o}/{r}/check-runs and PATCH /repos/{o}/{r}/check-runs/{id}. */
  const checkRun = (res: ServerResponse, method: string, id: string | undefined, body: any): void => {
    if (state.checkRunsForbidden) return forbidden(res);
    if (typeof body !== "object" || body === null) return send(res, 400, { message: "Problems parsing JSON" });
    const annotations = Array.isArray(body.output?.annotations) ? body.output.annotations : [];
    if (annotations.length > 50) return send(res, 422, { message: "Validation Failed: at most 50 annotations a request" });
    for (const text of [body.output?.summary, body.output?.text]) {
      if (typeof text === "string" && text.length > 65535) return send(res, 422, { message: "Validation Failed: output too long" });
    }
    let run: FakeCheckRun | undefined;
    if (method === "POST" && id === undefined) {
      if (!body.name || !body.head_sha) return send(res, 422, { message: "Validation Failed" });
      run = { id: checkRuns.length + 1, annotations: [] };
      checkRuns.push(run);
    } else if (method === "PATCH" && id !== undefined && /^\d+$/.test(id)) {
      run = checkRuns.find((r) => r.id === Number(id));
    }
    if (!run) return notFound(res);
    const { output, ...rest } = body;
    Object.assign(run, rest);
    if (output) {
      const { annotations: _, ...text } = output;
      run.output = { ...run.output, ...text };
      run.annotations.push(...annotations);
    }
    send(res, method === "POST" ? 201 : 200, { ...run, annotations: undefined, html_url: `https://github.com/o/r/runs/${run.id}`, output: { ...run.output, annotations_count: run.annotations.length } });
  };

  const route = (req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): void => {
    const parts = url.pathname.split("/").slice(1).map(decodeURIComponent);
    const [top, , , kind, ...rest] = parts;
    if (top !== "repos" || parts.length < 4) return notFound(res);
    if (kind === "check-runs" && rest.length <= 1) return checkRun(res, req.method ?? "", rest[0], body);
    if (req.method !== "GET" || parts.length < 5) return notFound(res);
    if (kind === "pulls" && rest.length === 2 && rest[1] === "files" && /^\d+$/.test(rest[0]!)) return listFiles(res, url, Number(rest[0]));
    if (kind === "pulls" && rest.length === 2 && rest[1] === "commits" && /^\d+$/.test(rest[0]!)) return listCommits(res, url, Number(rest[0]));
    if (kind === "commits" && rest.length === 1) return getCommit(res, url, rest[0]!);
    if (kind === "compare" && rest.length === 1) return compare(res, url, rest[0]!);
    if (kind === "git" && rest[0] === "blobs" && rest.length === 2) return blob(res, rest[1]!);
    if (kind === "contents" && rest.length >= 1) return contents(res, rest.join("/"), url.searchParams.get("ref") ?? "");
    notFound(res);
  };

  const serveFault = (fault: FakeFault, req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): void => {
    switch (fault.kind) {
      case "status":
        return send(res, fault.status, { message: "Server Error" });
      case "rate-limit": {
        const reset = Math.floor(Date.now() / 1000) + fault.resetIn;
        return send(res, 403, { message: "API rate limit exceeded for installation ID 1.", documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" }, {
          "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "1000", "x-ratelimit-reset": String(reset), "x-ratelimit-resource": "core",
        });
      }
      case "secondary":
        return send(res, fault.status, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": String(fault.retryAfter) });
      case "reset":
        return void req.socket.destroy();
      case "slow": {
        const timer = setTimeout(() => route(req, res, url, body), fault.delayMs);
        res.on("close", () => clearTimeout(timer));
        return;
      }
      case "truncated": {
        // The route's answer, cut in the middle of its JSON.
        const end = res.end.bind(res);
        (res as any).end = (chunk: unknown) => end(typeof chunk === "string" ? chunk.slice(0, Math.max(1, Math.floor(chunk.length / 2))) : chunk);
        return route(req, res, url, body);
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", base);
    const request: FakeRequest = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams) };
    requests.push(request);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: unknown;
      if (chunks.length) {
        const raw = Buffer.concat(chunks).toString("utf8");
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
        request.body = body;
      }
      const fault = state.faults?.find((f) => f.times > 0 && f.path.test(url.pathname) && (!f.method || f.method === req.method));
      if (!fault) return route(req, res, url, body);
      fault.times--;
      serveFault(fault, req, res, url, body);
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    checkRuns,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Runs `fn` against a fresh fake, with an Octokit pointed at it, and always shuts the fake down. */
export async function withFakeGitHub<T>(state: FakeState, fn: (gh: FakeGitHub, octokit: ReturnType<typeof getOctokit>) => Promise<T>): Promise<T> {
  const gh = await startFakeGitHub(state);
  try {
    return await fn(gh, getOctokit("test-token", { baseUrl: gh.url }));
  } finally {
    await gh.close();
  }
}
