// Every file of the checkout, for a whole-repository scan: no symlinks followed, .git left out.
import { readdir } from "node:fs/promises";
import { join } from "node:path";

export async function listRepositoryFiles(workspace: string): Promise<string[]> {
  const out: string[] = [];
  async function visit(rel: string): Promise<void> {
    const entries = await readdir(join(workspace, rel), { withFileTypes: true });
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (path !== ".git") await visit(path);
      } else if (e.isFile() || e.isSymbolicLink()) {
        out.push(path); // a link is judged when read: followed only inside the checkout
      }
    }
  }
  await visit("");
  return out.sort();
}
