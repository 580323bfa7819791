// Runs the bundled action the way the runner does: `node dist/index.js` in the workspace, inputs as
// INPUT_* variables, the event as a JSON file, summary and outputs as files the step appends to.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DIST = join(import.meta.dirname, "..", "..", "dist", "index.js");

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  outputsRaw: string;
}

export interface RunOptions {
  workspace: string;
  eventName: string;
  payload: unknown;
  inputs?: Record<string, string>;
  apiUrl?: string;
  sha?: string;
  repository?: string;
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value, then the delimiter (@actions/core's format). */
export function parseOutputs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = raw.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "dss-run-"));
  const eventPath = join(dir, "event.json");
  const summaryPath = join(dir, "summary.md");
  const outputPath = join(dir, "output.txt");
  writeFileSync(eventPath, JSON.stringify(opts.payload));
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  const inputs = { "github-token": "test-token", scope: "added-lines", "fail-on": "error", include: "", exclude: "", "sarif-file": "", ...opts.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_WORKSPACE: opts.workspace,
    // API waits in units of 50 ms instead of a second: retries after 50, 200 and 450 ms, and a request
    // abandoned after 1.5 s (long enough for a loaded test machine, short enough for the slow-answer test).
    DJANGO_SECRET_SCAN_TIME_UNIT_MS: "50",
    GITHUB_REPOSITORY: opts.repository ?? "octo-org/shop",
    GITHUB_SHA: opts.sha ?? "0".repeat(40),
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: opts.apiUrl ?? "http://127.0.0.1:9",
    RUNNER_TEMP: dir,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [DIST], { cwd: opts.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const outputsRaw = readFileSync(outputPath, "utf8");
  return {
    code, stdout, stderr, outputsRaw,
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, "utf8") : "",
    outputs: parseOutputs(outputsRaw),
  };
}
