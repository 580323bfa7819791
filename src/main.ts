// The action: GitHub's event in, annotations, summary, SARIF, outputs and a failing check out.
// The engine underneath knows nothing of GitHub; this file is the glue.
import * as core from "@actions/core";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { resolveChangeSet, type ChangeContext } from "./changes/change-set.ts";
import { applyBaseline, writeBaseline } from "./config/baseline.ts";
import { loadBaseline, loadConfig } from "./config/load.ts";
import { readAtHead } from "./changes/contents.ts";
import { makeOctokit } from "./changes/octokit.ts";
import { maskSecret, secretHash } from "./engine/secret.ts";
import { readInputs } from "./inputs.ts";
import { atOrAbove } from "./report/fail-on.ts";
import { pathFilter } from "./io/path-filter.ts";
import { readWorkspaceFile } from "./io/read-file.ts";
import { annotate, PER_STEP_LIMIT } from "./report/annotations.ts";
import { isFromFork, publishCheckRun } from "./report/check-run.ts";
import { logText } from "./report/escape.ts";
import { bySeverity, countBySeverity } from "./report/order.ts";
import { buildSarif, writeSarif } from "./report/sarif.ts";
import { renderSummary } from "./report/summary.ts";
import { scanFiles } from "./scan-files.ts";
import { scanTree } from "./scan-tree.ts";
import { scanHistory } from "./scan-history.ts";
import pkg from "../package.json" with { type: "json" };
import { plural } from "./report/plural.ts";



async function readPayload(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new Error(`Could not read the event payload at GITHUB_EVENT_PATH (${(err as Error).message}).`);
  }
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const env = process.env;
    const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
    const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
    // Read before anything is scanned: a broken config or baseline stops the run with its own message.
    const config = await loadConfig(workspace, inputs.configFile);
    const baseline = inputs.baselineFile && !inputs.writeBaseline ? await loadBaseline(workspace, inputs.baselineFile) : undefined;
    const octokit = inputs.token ? makeOctokit(inputs.token, (message) => core.info(logText(message))) : undefined;
    const ctx: ChangeContext = {
      eventName: env.GITHUB_EVENT_NAME ?? "",
      payload: await readPayload(env.GITHUB_EVENT_PATH),
      workspace,
      sha: env.GITHUB_SHA ?? "",
      owner,
      repo,
      wholeRepository: inputs.scope === "repository",
      maxFileBytes: inputs.maxFileBytes,
      ...(octokit ? { octokit } : {}),
    };

    const changes = await resolveChangeSet(ctx);
    const changedByPath = new Map(changes.files.map((f) => [f.path, f]));
    // The SARIF log a previous run left in the checkout is this action's output, not the project's.
    const filter = pathFilter([...inputs.include, ...config.include], [...inputs.exclude, ...config.exclude, ...(inputs.sarifFile ? [relative(workspace, resolve(workspace, inputs.sarifFile))] : [])]);
    // The whole checkout goes through the tree scan and its prefilter; .gitignore is not consulted, since
    // what a checkout holds is committed (a force-added .env included).
    const outcome =
      changes.kind === "repository"
        ? await scanTree({ root: workspace, filter, gitignore: false, config, maxFileBytes: inputs.maxFileBytes })
        : await scanFiles({
            targets: changes.files.map((f) => ({ path: f.path, addedLines: f.addedLines })),
            filter,
            scope: inputs.scope,
            read: (path) => {
              const file = changedByPath.get(path);
              return file ? readAtHead(file, changes, ctx) : readWorkspaceFile(workspace, path, inputs.maxFileBytes);
            },
            config,
          });
    // Keys a later commit of the pull request removed: gone from the net diff, not from the history.
    const history = inputs.scanHistory
      ? await scanHistory(ctx, changes, outcome, (targets, read) => scanFiles({ targets, filter, scope: "added-lines", read, config }))
      : undefined;
    const found = [...outcome.findings, ...(history?.findings ?? [])];
    const changeNotes = [...changes.notes, ...(history?.notes ?? [])];

    // Mask first, each value once: from here on the runner hides every found value in this job's log.
    const masked = new Set<string>();
    for (const f of [...found, ...outcome.suppressed.map((s) => s.finding)]) {
      if (!f.secret || masked.has(secretHash(f.secret))) continue;
      masked.add(secretHash(f.secret));
      maskSecret(f.secret, core.setSecret);
    }

    // Writing a baseline accepts every current finding; reading one sets the accepted ones aside.
    const written = inputs.writeBaseline ? await writeBaseline(resolve(workspace, inputs.baselineFile), found) : undefined;
    if (written) core.info(logText(`Wrote ${plural(found.length, "finding")} to the baseline ${inputs.baselineFile}: commit it to accept them for now.`));
    const accepted = applyBaseline(found, written ?? baseline);
    const findings = bySeverity(accepted.findings);
    const counts = countBySeverity(findings);
    const failing = findings.filter((f) => atOrAbove(f, inputs.failOn));
    const failed = failing.length > 0 || outcome.unreadable.length > 0;

    core.startGroup(`django-secret-scan: ${plural(findings.length, "finding")} in ${plural(outcome.scanned, "scanned file")}`);
    for (const f of findings) {
      const value = f.secret ? ` [${f.secret.redacted()}]` : "";
      core.info(logText(`${f.path}:${f.span.line}:${f.span.column}: ${f.severity} ${f.ruleId}${value} ${f.message}`));
    }
    for (const n of outcome.skipped) core.debug(logText(`skipped ${n.path}: ${n.note}`));
    core.endGroup();

    // What limits the scan comes first: GitHub shows only the first ten annotations of each level.
    for (const note of changeNotes) core.notice(logText(note), { title: "django-secret-scan" });
    for (const n of outcome.unreadable) core.error(logText(`Could not scan ${n.path}: ${n.note}.`), { title: "django-secret-scan: file not scanned" });
    for (const n of outcome.refused) core.warning(logText(`Not scanned: ${n.note}.`), { title: "django-secret-scan: file not scanned", file: n.path });
    for (const n of outcome.notes) core.notice(logText(n.note), { title: "django-secret-scan: scanned with remarks", file: n.path });
    // A change can loosen its own check: say so on the file, where the reviewer looks.
    const ownFiles = [config.path, baseline?.path].filter((p): p is string => p !== undefined && changedByPath.has(p));
    for (const path of ownFiles) {
      core.warning(logText("This change edits a file django-secret-scan reads (its config or baseline), and was scanned with the edited version: review what it turns off or accepts."), { title: "django-secret-scan: scan settings changed", file: path });
    }
    const used = {
      error: outcome.unreadable.length + (failed ? 1 : 0),
      warning: outcome.refused.length + ownFiles.length,
      notice: changeNotes.length + outcome.notes.length,
    };
    if (inputs.annotations === "check-run") {
      const published = await publishCheckRun(octokit, {
        owner,
        repo,
        headSha: changes.headSha,
        findings,
        failed,
        headline: `${plural(findings.length, "finding")} in ${plural(outcome.scanned, "scanned file")}: the check ${failed ? "fails" : "passes"} (fail-on: ${inputs.failOn}).`,
        notes: [...changeNotes, ...outcome.unreadable.map((n) => `Could not scan ${n.path}: ${n.note}.`)],
        fromFork: isFromFork(ctx.payload),
      });
      if (published.ok) {
        core.info(logText(`Check run ${published.id} holds every finding as an annotation${published.url ? `: ${published.url}` : ""}.`));
      } else {
        core.notice(logText(`Findings are annotated with workflow commands instead of a check run (GitHub shows ${PER_STEP_LIMIT} of each level): ${published.reason}.`), { title: "django-secret-scan: no check run" });
        annotate(findings, { error: core.error, warning: core.warning, notice: core.notice }, { ...used, notice: used.notice + 1 });
      }
    } else {
      annotate(findings, { error: core.error, warning: core.warning, notice: core.notice }, used);
    }

    let sarifPath = "";
    if (inputs.sarifFile) {
      sarifPath = resolve(workspace, inputs.sarifFile);
      await writeSarif(sarifPath, buildSarif(findings, {
        toolVersion: pkg.version,
        informationUri: "https://github.com/django-secret-scan/django-secret-scan",
        withheld: { suppressed: outcome.suppressed.length, baselined: accepted.baselined.length },
      }));
    }

    const serverUrl = env.GITHUB_SERVER_URL || "https://github.com";
    if (env.GITHUB_STEP_SUMMARY) {
      const md = renderSummary({ ...outcome, findings }, {
        ...(owner && repo ? { repoUrl: `${serverUrl}/${owner}/${repo}` } : {}),
        sha: changes.headSha,
        scope: inputs.scope,
        failOn: inputs.failOn,
        source: changes.source,
        failed,
        changeNotes,
        ...(history ? { history: { commits: history.commits, source: history.source, findings: history.findings.length, requests: history.requests } } : {}),
        ...(inputs.baselineFile
          ? { baseline: { path: inputs.baselineFile, accepted: accepted.baselined, written: inputs.writeBaseline, unmatched: changes.kind === "repository" ? accepted.unmatched : 0 } }
          : {}),
      });
      await core.summary.addRaw(md).write();
    } else {
      core.info("GITHUB_STEP_SUMMARY is not set: no job summary written.");
    }

    core.setOutput("findings", findings.length);
    core.setOutput("errors", counts.errors);
    core.setOutput("warnings", counts.warnings);
    core.setOutput("notices", counts.notices);
    core.setOutput("sarif-file", sarifPath);
    core.setOutput("files-scanned", outcome.scanned);
    core.setOutput("files-skipped", outcome.skipped.length + outcome.refused.length);
    core.setOutput("suppressed", outcome.suppressed.length);
    core.setOutput("baselined", accepted.baselined.length);

    if (outcome.unreadable.length > 0) {
      core.setFailed(`${plural(outcome.unreadable.length, "changed file")} could not be read, so the change was not fully scanned.`);
    } else if (failing.length > 0) {
      core.setFailed(`${plural(failing.length, "finding")} at or above '${inputs.failOn}': see the annotations and the job summary.`);
    }
  } catch (err) {
    core.setFailed(logText(`django-secret-scan could not scan: ${err instanceof Error ? err.message : String(err)}`));
  }
}
