// The command line's body, loaded by src/cli.ts once Node's compile cache is on (see there).
import { runCli } from "./run.ts";

// A reader that stops early (`| head`) closes the pipe: the rest of the report has nowhere to go, and the
// exit status still says what the scan found. Any other failure to write is an error of the run.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") return;
  process.stderr.write(`django-secret-scan: could not write the report (${err.code ?? err.message})\n`);
  process.exitCode = 2;
});

try {
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
} catch (err) {
  // A bug, not a finding: say so, and never exit 0 on a scan that did not finish.
  process.stderr.write(`django-secret-scan: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 2;
}
