#!/usr/bin/env node
// The command line: `django-secret-scan [options] [paths...]` (see src/cli/args.ts for the options).
import { runCli } from "./cli/run.ts";

try {
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
} catch (err) {
  // A bug, not a finding: say so, and never exit 0 on a scan that did not finish.
  process.stderr.write(`django-secret-scan: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 2;
}
