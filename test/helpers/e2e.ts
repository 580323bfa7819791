// Pieces the end-to-end tests share: real event payloads pointed at made-up commits, the API's
// `patch` for a new file, and the workflow commands a step printed, parsed as the runner parses them.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const EXAMPLES = require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{ name: string; examples: any[] }>;

export const BASE_SHA = "a".repeat(40);
export const HEAD_SHA = "b".repeat(40);
export const PR = 42;

/** A real `pull_request` payload as GitHub sends it, pointed at our commits. */
export function prPayload(changedFiles: number): unknown {
  const opened = EXAMPLES.find((e) => e.name === "pull_request")!.examples.find((x) => x.action === "opened");
  const payload = structuredClone(opened);
  payload.number = PR;
  payload.pull_request.number = PR;
  payload.pull_request.base.sha = BASE_SHA;
  payload.pull_request.head.sha = HEAD_SHA;
  payload.pull_request.changed_files = changedFiles;
  return payload;
}

export const blobSha = (text: string) => createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest("hex");

/** The API's `patch` for a file the PR adds whole. */
export const addedPatch = (text: string) => {
  const lines = text.replace(/\n$/, "").split("\n");
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join("\n")}`;
};

/** Every workflow command the step printed, parsed as the runner parses them. */
export function commands(stdout: string): Array<{ name: string; props: Record<string, string>; data: string }> {
  const out = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? "").trim().split(",").filter(Boolean)) {
      const i = kv.indexOf("=");
      props[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    }
    out.push({ name: m[1]!, props, data: m[3]! });
  }
  return out;
}
