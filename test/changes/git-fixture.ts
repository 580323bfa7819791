// Temporary git repositories for the change-set tests: real commits, real `git` output.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// Independent of the machine's git configuration, and a fixed identity for commits.
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string | Uint8Array, mode?: number): void;
  commit(message: string): string;
  remove(): void;
}

export function tempDir(prefix = "dss-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempRepo(): TempRepo {
  const dir = tempDir("dss-git-");
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { env: GIT_ENV, encoding: "utf8" });
  git("init", "--quiet", "--initial-branch=main");
  return {
    dir,
    git,
    write(path, content, mode) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      if (mode !== undefined) chmodSync(full, mode);
    },
    commit(message) {
      git("add", "--all");
      git("commit", "--quiet", "--allow-empty", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Lines 1..n as text, each "line <i>" unless given. */
export function lines(n: number, at: Record<number, string> = {}): string {
  return Array.from({ length: n }, (_, i) => at[i + 1] ?? `line ${i + 1}`).join("\n") + "\n";
}
