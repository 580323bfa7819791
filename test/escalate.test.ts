import { test } from "node:test";
import assert from "node:assert/strict";
import { scanText } from "../src/engine/scan.ts";
import { judgeSettings } from "../src/engine/judge-settings.ts";
import { escalateSignedPickleSessions } from "../src/engine/escalate.ts";
import { scanFiles } from "../src/scan-files.ts";
import type { Finding } from "../src/engine/types.ts";
import { fixedKeyPart } from "./helpers/keys.ts";

// Made-up keys: a startproject key in Django's alphabet, and cookiecutter-django's 64 letters and digits.
const INSECURE_KEY = `django-insecure-${fixedKeyPart(7)}`;
const COOKIECUTTER_KEY = "q8XbT2mZr5Lw9KcV1nHs7DfY3gJp6RtA0uEyWi4oNkMxQzBvCl2Sd8Fh5Gj7Ka9P";

const SIGNED = 'SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"';
const PICKLE = 'SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"';

function settingsPy(...lines: string[]): string {
  return ["import os", "", 'INSTALLED_APPS = ["django.contrib.sessions"]', 'ALLOWED_HOSTS = ["shop.example.com"]', ...lines].join("\n") + "\n";
}

/** Every finding of a scan of these files, as scan-files makes them before the post-passes. */
function findingsOf(files: Record<string, string>): Finding[] {
  const scans = Object.entries(files).map(([path, text]) => ({ path, scan: scanText(path, text) }));
  return [...scans.flatMap((s) => s.scan.findings), ...judgeSettings(scans)];
}

const byRule = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id);

test("pickle in signed cookies with a committed key: the key findings become errors, and each side names the other", () => {
  const found = findingsOf({
    "settings.py": settingsPy(`SECRET_KEY = "${INSECURE_KEY}"`, SIGNED, PICKLE),
    "docker-compose.yml": `services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${COOKIECUTTER_KEY}\n`,
  });
  const compose = byRule(found, "DJS009");
  assert.equal(compose.length, 1);
  assert.equal(compose[0]!.severity, "warning", "alone, a key in a dev compose file is a warning");
  assert.equal(byRule(found, "DJS042")[0]!.severity, "error");

  const out = escalateSignedPickleSessions(found);
  assert.equal(out.length, found.length);
  const pickle = byRule(out, "DJS042")[0]!;
  const keyInSettings = byRule(out, "DJS001")[0]!;
  const keyInCompose = byRule(out, "DJS009")[0]!;
  assert.equal(keyInSettings.severity, "error");
  assert.equal(keyInCompose.severity, "error", "the compose key is raised");
  assert.match(keyInSettings.message, /unpickles to code: remote code execution/);
  assert.match(keyInSettings.message, /signed cookies \(settings\.py:7\)/);
  assert.match(keyInCompose.message, /signed cookies \(settings\.py:7\)/);
  assert.match(pickle.message, /SECRET_KEY is committed in this repository \(settings\.py:5, docker-compose\.yml:4\)/);
  assert.deepEqual(pickle.related?.map((r) => `${r.path}:${r.span.line}`), ["settings.py:5", "docker-compose.yml:4"]);
  assert.deepEqual(keyInCompose.related?.map((r) => `${r.path}:${r.span.line}`), ["settings.py:7"]);
  // The DJS044 notice and everything else pass through as they were.
  for (const f of out.filter((x) => !["DJS042", "DJS001", "DJS009"].includes(x.ruleId))) assert.ok(found.includes(f));
  assert.ok(!JSON.stringify(out).includes(INSECURE_KEY) && !JSON.stringify(out).includes(COOKIECUTTER_KEY), "no message holds a key");
});

test("split settings: pickle set in base.py, signed cookies in production.py, the key in the production dotenv file", () => {
  const found = findingsOf({
    "config/settings/base.py": settingsPy('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', PICKLE),
    "config/settings/production.py": `from .base import *  # noqa\n\nDEBUG = False\n${SIGNED}\n`,
    ".envs/.production/.django": `DJANGO_SECRET_KEY=${COOKIECUTTER_KEY}\n`,
  });
  const out = escalateSignedPickleSessions(found);
  const pickle = byRule(out, "DJS042")[0]!;
  assert.equal(pickle.path, "config/settings/base.py");
  assert.match(pickle.message, /SESSION_ENGINE at config\/settings\/production\.py:4/);
  assert.match(pickle.message, /committed in this repository \(\.envs\/\.production\/\.django:1\)/);
  const dotenv = byRule(out, "DJS008")[0]!;
  assert.equal(dotenv.severity, "error");
  assert.match(dotenv.message, /signed cookies \(config\/settings\/base\.py:6\)/);
});

test("no escalation without the pair: pickle with database sessions, or signed cookies with JSON", () => {
  const key = `SECRET_KEY = "${INSECURE_KEY}"`;
  for (const settings of [settingsPy(key, PICKLE), settingsPy(key, SIGNED)]) {
    const found = findingsOf({ "settings.py": settings, "docker-compose.yml": `services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${COOKIECUTTER_KEY}\n` });
    assert.deepEqual(escalateSignedPickleSessions(found), found);
  }
});

test("no escalation without a committed key, and development or test keys (notices) stay as they are", () => {
  const clean = findingsOf({ "settings.py": settingsPy('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', SIGNED, PICKLE) });
  assert.deepEqual(escalateSignedPickleSessions(clean), clean);

  const found = findingsOf({
    "config/settings/production.py": settingsPy('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', SIGNED, PICKLE),
    "config/settings/local.py": `import environ\n\nenv = environ.Env()\nSECRET_KEY = env("DJANGO_SECRET_KEY", default="${COOKIECUTTER_KEY}")\nDEBUG = True\n`,
  });
  const devKey = byRule(found, "DJS004");
  assert.equal(devKey.length, 1);
  assert.equal(devKey[0]!.severity, "notice");
  assert.deepEqual(escalateSignedPickleSessions(found), found);
});

test("pickle in signed cookies in development settings is a notice, and escalates nothing", () => {
  const found = findingsOf({
    "config/settings/local.py": settingsPy(SIGNED, PICKLE),
    "docker-compose.yml": `services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${COOKIECUTTER_KEY}\n`,
  });
  assert.equal(byRule(found, "DJS042")[0]!.severity, "notice");
  assert.deepEqual(escalateSignedPickleSessions(found), found);
});

test("scan-files runs the escalation before linking reused keys", async () => {
  const files: Record<string, string> = {
    "settings.py": settingsPy(`SECRET_KEY = "${COOKIECUTTER_KEY}"`, SIGNED, PICKLE),
    "docker-compose.yml": `services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${COOKIECUTTER_KEY}\n`,
  };
  const outcome = await scanFiles({
    targets: Object.keys(files).map((path) => ({ path, addedLines: "all" as const })),
    filter: { excluded: () => undefined },
    scope: "repository",
    read: async (path) => ({ ok: true, text: files[path]!, notes: [] }),
  });
  const compose = byRule(outcome.findings, "DJS009")[0]!;
  assert.equal(compose.severity, "error");
  assert.match(compose.message, /unpickles to code/);
  assert.match(compose.message, /also committed at settings\.py:5/);
  assert.match(byRule(outcome.findings, "DJS042")[0]!.message, /committed in this repository \(settings\.py:5, docker-compose\.yml:4\)/);
});
