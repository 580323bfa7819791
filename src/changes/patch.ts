// Unified diffs to line numbers: the `patch` field of the GitHub API (one file's hunks) and the
// multi-file output of `git diff`. Hunk bodies are walked by their header counts, so a content
// line that happens to look like a header ("--- a/x", "diff --git") is never taken for one.

/** One file of a diff. Paths are repository-relative with forward slashes, as git prints them. */
export interface FileDiff {
  /** The path at head; for a removed file, the path it had. */
  path: string;
  /** The path at base; undefined for an added file. */
  oldPath?: string;
  status: "added" | "modified" | "renamed" | "copied" | "removed";
  /** New-file line numbers of added lines; "all" when git gave no lines (binary to git, which a `-diff` attribute can fake). */
  addedLines: Set<number> | "all";
  binary: boolean;
  /** A gitlink (mode 160000): its content lives in another repository. */
  submodule: boolean;
  /** The blob at head, from `index` lines (full with `--full-index`); absent for removed files and pure renames. */
  blobSha?: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface Hunk {
  nextNew: number;
  oldLeft: number;
  newLeft: number;
}

function openHunk(line: string): Hunk | undefined {
  const m = HUNK_HEADER.exec(line);
  if (!m) return undefined;
  return {
    nextNew: Number(m[3]),
    oldLeft: m[2] === undefined ? 1 : Number(m[2]),
    newLeft: m[4] === undefined ? 1 : Number(m[4]),
  };
}

/** Feeds one body line to an open hunk; false when the line is not part of it. */
function hunkLine(h: Hunk, line: string, added: Set<number>): boolean {
  if (line.startsWith("\\")) return true; // "\ No newline at end of file"
  if (h.oldLeft <= 0 && h.newLeft <= 0) return false;
  const mark = line[0];
  if (mark === "+" && h.newLeft > 0) {
    added.add(h.nextNew++);
    h.newLeft--;
  } else if (mark === "-" && h.oldLeft > 0) {
    h.oldLeft--;
  } else if ((mark === " " || line === "") && h.newLeft > 0 && h.oldLeft > 0) {
    // Context; an empty line is context whose leading space was trimmed by some tool.
    h.nextNew++;
    h.newLeft--;
    h.oldLeft--;
  } else {
    return false;
  }
  return true;
}

/** New-file line numbers of the `+` lines of one file's hunks (GitHub's `patch` field). */
export function addedLinesFromPatch(patch: string): Set<number> {
  const added = new Set<number>();
  let hunk: Hunk | undefined;
  for (const line of patch.split("\n")) {
    if (hunk && hunkLine(hunk, line, added)) continue;
    hunk = openHunk(line);
  }
  return added;
}

/** A git C-style quoted name ("a/tab\there", octal bytes for non-ASCII) back to text. */
export function unquoteGitPath(quoted: string): string {
  return parseQuoted(quoted, 0)?.value ?? quoted;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** Parses a quoted name starting at `start` (a `"`); returns the text and the index after the closing quote. */
function parseQuoted(s: string, start: number): { value: string; end: number } | undefined {
  if (s[start] !== '"') return undefined;
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    if (c === "\\") {
      const next = s[i + 1] ?? "";
      const octal = /^[0-7]{3}/.exec(s.slice(i + 1, i + 4));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
      } else if (next in ESCAPES) {
        bytes.push(ESCAPES[next]!);
        i += 2;
      } else {
        bytes.push(...Buffer.from(next, "utf8"));
        i += 2;
      }
      continue;
    }
    bytes.push(...Buffer.from(c, "utf8"));
    i++;
  }
  return undefined;
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** A name from a `---`/`+++`/`rename from` line: quoted or raw; raw names with a space end in a tab. */
function lineName(raw: string): string {
  if (raw.startsWith('"')) return unquoteGitPath(raw);
  return raw.endsWith("\t") ? raw.slice(0, -1) : raw;
}

/** The two names of `diff --git a/X b/Y`. Unquoted names with spaces are ambiguous unless equal, so
 * callers prefer the rename and ---/+++ lines when a file has them. */
function headerNames(rest: string): { a: string; b: string } | undefined {
  if (rest.startsWith('"')) {
    const first = parseQuoted(rest, 0);
    if (!first || rest[first.end] !== " ") return undefined;
    const tail = rest.slice(first.end + 1);
    const second = tail.startsWith('"') ? unquoteGitPath(tail) : tail;
    return { a: stripPrefix(first.value, "a/"), b: stripPrefix(second, "b/") };
  }
  // Same name on both sides (every change but a rename or copy): "a/P b/P".
  if ((rest.length - 5) % 2 === 0) {
    const p = rest.slice(2, 2 + (rest.length - 5) / 2);
    if (rest === `a/${p} b/${p}`) return { a: p, b: p };
  }
  const quotedB = rest.lastIndexOf(' "b/');
  if (quotedB > 0) return { a: stripPrefix(rest.slice(0, quotedB), "a/"), b: stripPrefix(unquoteGitPath(rest.slice(quotedB + 1)), "b/") };
  const split = rest.indexOf(" b/");
  if (split < 0) return undefined;
  return { a: stripPrefix(rest.slice(0, split), "a/"), b: rest.slice(split + 3) };
}

const ZERO_SHA = /^0+$/;

interface Draft {
  a?: string;
  b?: string;
  minus?: string | null; // null: /dev/null
  plus?: string | null;
  renameFrom?: string;
  renameTo?: string;
  copied: boolean;
  created: boolean;
  deleted: boolean;
  binary: boolean;
  submodule: boolean;
  blobSha?: string;
  added: Set<number>;
}

function finish(d: Draft): FileDiff | undefined {
  // Rename and ---/+++ lines name a side exactly; the header is the last resort. /dev/null: no such side.
  const oldName = d.minus === null ? undefined : (d.renameFrom ?? d.minus ?? d.a);
  const newName = d.plus === null ? undefined : (d.renameTo ?? d.plus ?? d.b);
  const status: FileDiff["status"] = d.created
    ? "added"
    : d.deleted
      ? "removed"
      : d.renameFrom !== undefined
        ? d.copied
          ? "copied"
          : "renamed"
        : "modified";
  const path = status === "removed" ? oldName : newName;
  if (path === undefined) return undefined;
  return {
    path,
    ...(status !== "added" && oldName !== undefined ? { oldPath: oldName } : {}),
    status,
    addedLines: d.binary ? "all" : d.added,
    binary: d.binary,
    submodule: d.submodule,
    ...(d.blobSha && status !== "removed" ? { blobSha: d.blobSha } : {}),
  };
}

/**
 * Parses `git diff --no-color --unified=0 --find-renames --no-ext-diff [--full-index] base...head`
 * (any context size works). Expects the default a/ and b/ prefixes.
 */
export function parseGitDiff(output: string): FileDiff[] {
  const files: FileDiff[] = [];
  let draft: Draft | undefined;
  let hunk: Hunk | undefined;
  const flush = () => {
    const done = draft && finish(draft);
    if (done) files.push(done);
  };
  for (const line of output.split("\n")) {
    if (draft && hunk && hunkLine(hunk, line, draft.added)) continue;
    hunk = undefined;
    if (line.startsWith("diff --git ")) {
      flush();
      const names = headerNames(line.slice("diff --git ".length));
      draft = { ...names, copied: false, created: false, deleted: false, binary: false, submodule: false, added: new Set() };
      continue;
    }
    if (!draft) continue;
    if (line.startsWith("@@ ")) {
      hunk = openHunk(line);
    } else if (line.startsWith("--- ")) {
      const name = line.slice(4);
      draft.minus = name === "/dev/null" ? null : stripPrefix(lineName(name), "a/");
    } else if (line.startsWith("+++ ")) {
      const name = line.slice(4);
      draft.plus = name === "/dev/null" ? null : stripPrefix(lineName(name), "b/");
    } else if (line.startsWith("rename from ") || line.startsWith("copy from ")) {
      draft.renameFrom = lineName(line.slice(line.indexOf(" from ") + 6));
      draft.copied = line.startsWith("copy");
    } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
      draft.renameTo = lineName(line.slice(line.indexOf(" to ") + 4));
    } else if (line.startsWith("new file mode ")) {
      draft.created = true;
      if (line.endsWith(" 160000")) draft.submodule = true;
    } else if (line.startsWith("deleted file mode ")) {
      draft.deleted = true;
      if (line.endsWith(" 160000")) draft.submodule = true;
    } else if (line.startsWith("new mode ")) {
      if (line.endsWith(" 160000")) draft.submodule = true;
    } else if (line.startsWith("index ")) {
      const m = /^index [0-9a-f]+\.\.([0-9a-f]+)(?: (\d+))?$/.exec(line);
      if (m) {
        if (!ZERO_SHA.test(m[1]!)) draft.blobSha = m[1]!;
        if (m[2] === "160000") draft.submodule = true;
      }
    } else if (line.startsWith("Binary files ") || line === "GIT binary patch") {
      draft.binary = true;
    }
  }
  flush();
  // Abbreviated shas (no --full-index) prove nothing about a checkout's bytes.
  for (const f of files) if (f.blobSha && f.blobSha.length < 40) delete f.blobSha;
  return files;
}
