// A changed file's text at the head commit. The checkout is read first, but only trusted when its
// bytes are head's blob: the default pull_request checkout is the merge commit, whose content can
// differ from head, and annotations must point at head's lines.
import { createHash } from "node:crypto";
import { decodeBytes, readWorkspaceBytes } from "../io/read-file.ts";
import type { ReadResult } from "../io/read-file.ts";
import type { ChangeContext } from "./change-set.ts";
import { describeApiError, getBlobBytes, getContentBytes } from "./github-api.ts";
import { blobShaAt, hasCommit, showFile } from "./local-git.ts";
import type { ChangedFile, ChangeSet } from "./types.ts";

/** The git object id of a blob with these bytes (sha1 of "blob <size>\0" + bytes). */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

// Whether head is in the local repository, asked once per change set.
const headIsLocal = new WeakMap<ChangeSet, Promise<boolean>>();

function headLocal(cs: ChangeSet, ctx: ChangeContext): Promise<boolean> {
  let known = headIsLocal.get(cs);
  if (!known) {
    known = hasCommit(ctx.workspace, cs.headSha);
    headIsLocal.set(cs, known);
  }
  return known;
}

export async function readAtHead(file: ChangedFile, cs: ChangeSet, ctx: ChangeContext): Promise<ReadResult> {
  const tried: string[] = [];
  const local = await readWorkspaceBytes(ctx.workspace, file.path, ctx.maxFileBytes);
  // Refused on purpose (a path that leaves the repository, a link out of it, a file over the size
  // bound): no other source makes it acceptable, and a path like `../x` is never asked of git or the API.
  if (!local.ok && local.skip) return local;
  const gitHasHead = await headLocal(cs, ctx);

  if (local.ok && local.symlink) {
    // Git stores a link as its target path; the checkout shows the target's content instead.
    tried.push("the checkout has a symbolic link there");
  } else if (local.ok) {
    const expected = file.blobSha ?? (gitHasHead ? await blobShaAt(ctx.workspace, cs.headSha, file.path) : undefined);
    if (expected ? gitBlobSha(local.bytes) === expected : cs.kind === "repository" || cs.headSha === ctx.sha) {
      return decodeBytes(local.bytes, ctx.maxFileBytes);
    }
    tried.push(expected ? "the checkout holds another version" : "the checkout is not the head commit");
  } else {
    tried.push(`checkout: ${local.reason}`);
  }

  if (gitHasHead) {
    const bytes = await showFile(ctx.workspace, cs.headSha, file.path);
    if (bytes) return decodeBytes(bytes, ctx.maxFileBytes);
    tried.push("local git: not a file at that commit");
  } else {
    tried.push("local git: the commit is not in the checkout");
  }

  if (ctx.octokit) {
    try {
      const bytes = file.blobSha
        ? await getBlobBytes(ctx.octokit, ctx.owner, ctx.repo, file.blobSha)
        : await getContentBytes(ctx.octokit, ctx.owner, ctx.repo, file.path, cs.headSha);
      return decodeBytes(bytes, ctx.maxFileBytes);
    } catch (err) {
      tried.push(`GitHub API: ${describeApiError(err)}`);
    }
  } else {
    tried.push("GitHub API: no token");
  }

  return { ok: false, reason: `could not be read at ${cs.headSha.slice(0, 12)} (${tried.join("; ")})` };
}
