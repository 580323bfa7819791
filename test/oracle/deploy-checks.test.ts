// The differential test: many generated production settings, judged by our rules and by Django's own
// `check --deploy` (Debian's python3-django). For every Django check a rule mirrors, our rule must fire
// exactly when Django's check does. The agreement is printed as a figure.
//
// DEBUG is checked with the variable unset and with DJANGO_DEBUG=False: a raw `os.environ.get` is off in
// the first and on in the second, and we report it because of the second. ALLOWED_HOSTS = ["*"] is left
// out of the mirror on purpose: Django accepts it, DJS031 does not (see its docs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scanText } from "../../src/engine/scan.ts";
import { judgeSettings } from "../../src/engine/judge-settings.ts";
import type { Finding } from "../../src/engine/types.ts";

// Made-up keys in Django's generator alphabet (no quotes or backslashes in it, so they sit in any literal).
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";
const made = (step: number) => Array.from({ length: 50 }, (_, i) => ALPHABET[(i * step + 3) % ALPHABET.length]).join("");
const INSECURE_KEY = `django-insecure-${made(7)}`;
const GENERATED_KEY = made(11);

const DEBUG_VARIANTS = [
  "True", "False", "1", "0",
  'os.environ.get("DJANGO_DEBUG", False)',
  'os.getenv("DJANGO_DEBUG", "True") == "True"',
  'os.getenv("DJANGO_DEBUG") == "True"',
  'bool(os.getenv("DJANGO_DEBUG"))',
  '"DJANGO_DEBUG" in os.environ',
  'os.getenv("DJANGO_DEBUG", "false").lower() in ("1", "true")',
];
const HOSTS_VARIANTS = ["ALLOWED_HOSTS = []", 'ALLOWED_HOSTS = ["shop.example.com"]', "", 'ALLOWED_HOSTS = ("api.example.com",)'];
const KEY_VARIANTS = [
  `SECRET_KEY = "${INSECURE_KEY}"`,
  `SECRET_KEY = "${GENERATED_KEY}"`,
  'SECRET_KEY = "changeme"',
  'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-key")',
  `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${GENERATED_KEY}")`,
];

interface Case {
  settings: string;
  lines: { debug: number; hosts: number; key: number };
}

function makeCase(debug: string, hosts: string, key: string): Case {
  const body = [
    "import os",
    "",
    "INSTALLED_APPS = []  # no apps: Django sets up in a few milliseconds, and the mirrored checks need none",
    'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware"]',
    key,
    `DEBUG = ${debug}`,
    hosts,
  ];
  return { settings: body.join("\n") + "\n", lines: { key: 5, debug: 6, hosts: 7 } };
}

const djangoSees = (dir: string, cases: Array<{ module: string; env: Record<string, string> }>): Array<{ ids?: string[]; error?: string }> =>
  JSON.parse(
    execFileSync("/usr/bin/python3", [join(import.meta.dirname, "deploy_checks.py")], {
      input: JSON.stringify(cases.map((c) => ({ ...c, dir }))),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  );

/** What our rules say, per mirrored Django check, for the generated production module. */
function ours(findings: Finding[], lines: Case["lines"]) {
  const on = (line: number, ids: string[]) => findings.some((f) => f.span.line === line && ids.includes(f.ruleId));
  return {
    "security.W018": on(lines.debug, ["DJS020", "DJS021", "DJS022"]),
    "security.W020": findings.some((f) => f.ruleId === "DJS030"),
    "security.W009": findings.some((f) => f.span.line === lines.key && (f.ruleId === "DJS001" || f.ruleId === "DJS005" || (f.ruleId === "DJS004" && !!f.secret?.profile.weak))),
  };
}

test("our mirrored rules fire exactly when Django's check --deploy does", () => {
  const dir = mkdtempSync(join(tmpdir(), "dss-oracle-"));
  try {
    const cases: Case[] = [];
    for (const d of DEBUG_VARIANTS) for (const h of HOSTS_VARIANTS) for (const k of KEY_VARIANTS) cases.push(makeCase(d, h, k));
    cases.forEach((c, i) => {
      mkdirSync(join(dir, `v${i}`));
      writeFileSync(join(dir, `v${i}`, "__init__.py"), "");
      writeFileSync(join(dir, `v${i}`, "production.py"), c.settings);
    });
    const runs: Array<{ module: string; env: Record<string, string> }> = cases.flatMap((_, i) => [
      { module: `v${i}.production`, env: {} as Record<string, string> },
      { module: `v${i}.production`, env: { DJANGO_DEBUG: "False" } },
    ]);
    const seen = djangoSees(dir, runs);
    const agreement: Record<string, { agree: number; total: number; disagreements: string[] }> = {};
    cases.forEach((c, i) => {
      const unset = seen[2 * i]!;
      const debugFalse = seen[2 * i + 1]!;
      assert.ok(unset.ids && debugFalse.ids, `Django could not load variant ${i}: ${unset.error ?? debugFalse.error}`);
      const django: Record<string, boolean> = {
        "security.W018": unset.ids.includes("security.W018") || debugFalse.ids.includes("security.W018"),
        "security.W020": unset.ids.includes("security.W020"),
        "security.W009": unset.ids.includes("security.W009"),
      };
      const scan = scanText(`v${i}/production.py`, c.settings);
      const findings = [...scan.findings, ...judgeSettings([{ path: `v${i}/production.py`, scan }])];
      const mine = ours(findings, c.lines);
      for (const check of Object.keys(django)) {
        const a = (agreement[check] ??= { agree: 0, total: 0, disagreements: [] });
        a.total++;
        if (django[check] === mine[check as keyof typeof mine]) a.agree++;
        else a.disagreements.push(`variant ${i}: Django ${django[check] ? "fires" : "is silent"}, we ${mine[check as keyof typeof mine] ? "fire" : "are silent"}\n${c.settings}`);
      }
    });
    const figures = Object.entries(agreement).map(([check, a]) => `${check} ${a.agree}/${a.total}`);
    console.log(`agreement with Django ${execFileSync("/usr/bin/python3", ["-c", "import django; print(django.get_version())"], { encoding: "utf8" }).trim()} check --deploy over ${cases.length} variants: ${figures.join(", ")}`);
    for (const [check, a] of Object.entries(agreement)) assert.equal(a.agree, a.total, `${check} disagrees:\n${a.disagreements.slice(0, 3).join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
