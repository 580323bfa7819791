// The one place bytes become text: size bound, binary detection, BOMs and invalid UTF-8. Every
// source of file content (the checkout, git, the API) hands its bytes here.
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";

/** Larger files are skipped with a notice: settings files are small, and bundles are not settings. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A failure is either a deliberate skip (binary, too large, a path or link we refuse to follow),
 * which is reported, or a file that could not be read, which fails the step. */
type Failure = { ok: false; reason: string; skip?: true; missing?: true };

export type ReadResult = { ok: true; text: string; notes: string[] } | Failure;

/** 5 MiB, 512 KiB, 300 bytes: a size as people read it. */
export function humanSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(size: number, maxBytes: number): string {
  return `larger than ${humanSize(maxBytes)} (${size} bytes; the max-file-size bound)`;
}

export function decodeBytes(bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): ReadResult {
  if (bytes.length > maxBytes) {
    return { ok: false, skip: true, reason: tooLarge(bytes.length, maxBytes) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeStrictly("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeStrictly("utf-16be", bytes.subarray(2));
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return { ok: false, skip: true, reason: "binary (NUL bytes)" };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return decodeStrictly("utf-8", bytes.subarray(start));
}

/** Text in this encoding; bytes that do not decode are replaced, and a note says so, never silently. */
function decodeStrictly(encoding: "utf-8" | "utf-16le" | "utf-16be", body: Uint8Array): ReadResult {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(body), notes: [] };
  } catch {
    const name = encoding.toUpperCase().replace("LE", " LE").replace("BE", " BE");
    return { ok: true, text: new TextDecoder(encoding).decode(body), notes: [`not valid ${name}: scanned with the invalid bytes replaced`] };
  }
}

export type BytesResult = { ok: true; bytes: Uint8Array; symlink: boolean } | Failure;

/** The raw bytes of a file of the checkout, with the same path checks as readWorkspaceFile. A symbolic
 * link inside the repository is followed (`symlink` says so); one leading outside it is refused. */
export async function readWorkspaceBytes(workspace: string, relPath: string, maxBytes = MAX_FILE_BYTES): Promise<BytesResult> {
  if (isAbsolute(relPath) || relPath.split(/[\\/]/).includes("..")) {
    return { ok: false, skip: true, reason: "path leaves the repository (refused)" };
  }
  const full = join(workspace, relPath);
  try {
    const info = await lstat(full);
    const symlink = info.isSymbolicLink();
    if (symlink) {
      const target = await realpath(full);
      const root = await realpath(workspace);
      const rel = relative(root, target);
      if (rel.startsWith(".." + sep) || rel === ".." || isAbsolute(rel)) {
        return { ok: false, skip: true, reason: "symbolic link to outside the repository (not followed)" };
      }
    } else if (!info.isFile()) {
      return { ok: false, skip: true, reason: "not a regular file" };
    }
    // Refuse before reading: decodeBytes would refuse anyway, after holding the whole file in memory.
    const size = symlink ? (await stat(full)).size : info.size;
    if (size > maxBytes) return { ok: false, skip: true, reason: tooLarge(size, maxBytes) };
    return { ok: true, bytes: await readFile(full), symlink };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, reason: "not in the checkout", missing: true };
    return { ok: false, reason: `could not be read (${code ?? "error"})` };
  }
}

/** A file of the checkout, by repository-relative path; never a path that leads outside it. */
export async function readWorkspaceFile(workspace: string, relPath: string, maxBytes = MAX_FILE_BYTES): Promise<ReadResult> {
  const read = await readWorkspaceBytes(workspace, relPath, maxBytes);
  if (!read.ok) return read;
  return decodeBytes(read.bytes, maxBytes);
}
