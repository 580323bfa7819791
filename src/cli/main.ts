// The command line's body, loaded by src/cli.ts once Node's compile cache is on (see there).
import { runCli } from "./run.ts";

try {
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
} catch (err) {
  // A bug, not a finding: say so, and never exit 0 on a scan that did not finish.
  process.stderr.write(`django-secret-scan: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 2;
}
