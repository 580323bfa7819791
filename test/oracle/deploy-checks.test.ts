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
import { fixedKeyPart } from "../helpers/keys.ts";

// Made-up keys in Django's generator alphabet (no quotes or backslashes in it, so they sit in any literal).
const made = fixedKeyPart;
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

// Transport and header checks (DJS050-DJS057). Their settings vary one dimension at a time around a base
// (every middleware, Django's defaults), except where checks depend on each other: the middleware lists
// cross a few profiles of settings, and the three HSTS settings cross each other. Left out on purpose,
// each a documented difference: MIDDLEWARE never set (Django reads [], DJS050 does not guess), literals
// that are truthy but not True (1, "True": Django's `is True` warns, the middleware works), X_FRAME_OPTIONS
// = "deny" (the middleware upper-cases it), SECURE_REFERRER_POLICY = [] (no header: DJS054 warns like for
// None, Django passes it), values read from the environment (the deployment decides). E024 (COOP) is 4.0+.
const TRANSPORT_CHECKS = ["security.W001", "security.W002", "security.W004", "security.W005", "security.W021", "security.W006", "security.W008", "security.W019", "security.W022", "security.E023"];
const MIDDLEWARE_CLASSES_USED = {
  security: "django.middleware.security.SecurityMiddleware",
  sessions: "django.contrib.sessions.middleware.SessionMiddleware",
  csrf: "django.middleware.csrf.CsrfViewMiddleware",
  xframe: "django.middleware.clickjacking.XFrameOptionsMiddleware",
};
const MIDDLEWARE_VARIANTS = [
  ["security", "sessions", "csrf", "xframe"],
  ["sessions", "csrf", "xframe"],
  ["security", "sessions", "csrf"],
  ["sessions", "csrf"],
].map((names) => `MIDDLEWARE = [${names.map((n) => `"${MIDDLEWARE_CLASSES_USED[n as keyof typeof MIDDLEWARE_CLASSES_USED]}"`).join(", ")}]`);
const TRANSPORT_PROFILES = [
  [],
  ["SECURE_HSTS_SECONDS = 0", "SECURE_SSL_REDIRECT = False", "SECURE_CONTENT_TYPE_NOSNIFF = False", "SECURE_REFERRER_POLICY = None", 'X_FRAME_OPTIONS = "SAMEORIGIN"'],
  ["SECURE_HSTS_SECONDS = 3600", "SECURE_HSTS_INCLUDE_SUBDOMAINS = False", 'SECURE_REFERRER_POLICY = "bogus"', 'X_FRAME_OPTIONS = "ALLOW-FROM https://partner.example.com"'],
  ["SECURE_HSTS_SECONDS = 31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS = True", "SECURE_HSTS_PRELOAD = True", "SECURE_SSL_REDIRECT = True", "SECURE_CONTENT_TYPE_NOSNIFF = True", 'SECURE_REFERRER_POLICY = "same-origin"', 'X_FRAME_OPTIONS = "DENY"'],
];
const optional = (name: string, values: string[]) => [undefined, ...values].map((v) => (v === undefined ? [] : [`${name} = ${v}`]));
const ONE_DIMENSION = [
  ...["True", "False"].map((v) => [`SECURE_SSL_REDIRECT = ${v}`]),
  ...["True", "False"].map((v) => [`SECURE_CONTENT_TYPE_NOSNIFF = ${v}`]),
  ...['"DENY"', '"SAMEORIGIN"', '"ALLOW-FROM https://partner.example.com"'].map((v) => [`X_FRAME_OPTIONS = ${v}`]),
  ...["None", '"same-origin"', '"no-referrer, strict-origin-when-cross-origin"', '["origin", "unsafe-url"]', '"bogus"', '"same-origin, bogus"', '""'].map((v) => [`SECURE_REFERRER_POLICY = ${v}`]),
  // Silenced checks: Django drops them from check --deploy, and the mirrors keep quiet about them.
  ['SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008"]'],
  ['SILENCED_SYSTEM_CHECKS = ["security.W005"]', "SECURE_HSTS_SECONDS = 3600"],
  ['SILENCED_SYSTEM_CHECKS = ["security.W019"]', 'X_FRAME_OPTIONS = "SAMEORIGIN"'],
  ['SILENCED_SYSTEM_CHECKS = ["security.W022"]', "SECURE_REFERRER_POLICY = None"],
  ['SILENCED_SYSTEM_CHECKS = ["security.E023"]', 'SECURE_REFERRER_POLICY = "bogus"'],
];

/** The layout of makeCase (key, DEBUG and hosts fixed and clean), with a middleware list and settings after it. */
function makeTransportCase(middleware: string, settings: string[]): Case {
  const body = ["import os", "", "INSTALLED_APPS = []", middleware, `SECRET_KEY = "${GENERATED_KEY}"`, "DEBUG = False", 'ALLOWED_HOSTS = ["shop.example.com"]', ...settings];
  return { settings: body.join("\n") + "\n", lines: { key: 5, debug: 6, hosts: 7 } };
}

function transportCases(): Case[] {
  const cases: Case[] = [];
  for (const m of MIDDLEWARE_VARIANTS) for (const p of TRANSPORT_PROFILES) cases.push(makeTransportCase(m, p));
  for (const seconds of optional("SECURE_HSTS_SECONDS", ["0", "3600"])) {
    for (const sub of optional("SECURE_HSTS_INCLUDE_SUBDOMAINS", ["True", "False"])) {
      for (const preload of optional("SECURE_HSTS_PRELOAD", ["True", "False"])) cases.push(makeTransportCase(MIDDLEWARE_VARIANTS[0]!, [...seconds, ...sub, ...preload]));
    }
  }
  for (const settings of ONE_DIMENSION) cases.push(makeTransportCase(MIDDLEWARE_VARIANTS[0]!, settings));
  return cases;
}

// Session cookie checks (DJS040 <-> W010/W011/W012, DJS041 <-> W013/W014/W015, by which of the sessions app
// and SessionMiddleware is present) and DEFAULT_HASHING_ALGORITHM (DJS062 <-> E100, a 3.1/3.2 check). Django
// 3.2 tests the cookie flags for truthiness, so 1 counts as on. DJS040's notice for an unset flag and its
// warning for False differ only in severity: both fire. The flags read from the environment run unset.
const SESSION_CHECKS = ["security.W010", "security.W011", "security.W012", "security.W013", "security.W014", "security.W015", "security.E100"];
const SESSION_APPS = ["INSTALLED_APPS = []", 'INSTALLED_APPS = ["django.contrib.sessions"]'];
const SESSION_MIDDLEWARE_LISTS = [
  `MIDDLEWARE = ["${MIDDLEWARE_CLASSES_USED.security}", "${MIDDLEWARE_CLASSES_USED.csrf}", "${MIDDLEWARE_CLASSES_USED.xframe}"]`,
  `MIDDLEWARE = ["${MIDDLEWARE_CLASSES_USED.security}", "${MIDDLEWARE_CLASSES_USED.sessions}", "${MIDDLEWARE_CLASSES_USED.csrf}", "${MIDDLEWARE_CLASSES_USED.xframe}"]`,
];
const SESSION_SECURE_VARIANTS = optional("SESSION_COOKIE_SECURE", [
  "True", "False", "1", "0",
  'os.getenv("DJANGO_SESSION_COOKIE_SECURE") == "True"',
  'os.getenv("DJANGO_SESSION_COOKIE_SECURE", "True") == "True"',
]);
const SESSION_HTTPONLY_VARIANTS = optional("SESSION_COOKIE_HTTPONLY", ["True", "False", "0"]);
const HASHING_VARIANTS = optional("DEFAULT_HASHING_ALGORITHM", ['"sha1"', '"sha256"', '"md5"']);
const SESSION_SILENCED = [
  ['SILENCED_SYSTEM_CHECKS = ["security.W012"]', "SESSION_COOKIE_SECURE = False"],
  ['SILENCED_SYSTEM_CHECKS = ["security.W012", "security.W015"]', "SESSION_COOKIE_HTTPONLY = False"],
];

/** makeTransportCase's layout with INSTALLED_APPS varied too: lines 3 and 4 decide which session check applies. */
function makeSessionCase(apps: string, middleware: string, settings: string[]): Case {
  const body = ["import os", "", apps, middleware, `SECRET_KEY = "${GENERATED_KEY}"`, "DEBUG = False", 'ALLOWED_HOSTS = ["shop.example.com"]', ...settings];
  return { settings: body.join("\n") + "\n", lines: { key: 5, debug: 6, hosts: 7 } };
}

function sessionCases(): Case[] {
  const cases: Case[] = [];
  let n = 0;
  for (const apps of SESSION_APPS) {
    for (const middleware of SESSION_MIDDLEWARE_LISTS) {
      for (const secure of SESSION_SECURE_VARIANTS) {
        // The hashing algorithm is independent of the cookies: cycled through, not crossed.
        for (const httponly of SESSION_HTTPONLY_VARIANTS) cases.push(makeSessionCase(apps, middleware, [...secure, ...httponly, ...HASHING_VARIANTS[n++ % HASHING_VARIANTS.length]!]));
      }
    }
  }
  for (const settings of SESSION_SILENCED) cases.push(makeSessionCase(SESSION_APPS[1]!, SESSION_MIDDLEWARE_LISTS[1]!, settings));
  return cases;
}

/** What DJS040/DJS041/DJS062 say, per Django check: their messages name the check they mirror. */
const oursSessions = (findings: Finding[]): Record<string, boolean> =>
  Object.fromEntries(SESSION_CHECKS.map((id) => [id, findings.some((f) => ["DJS040", "DJS041", "DJS062"].includes(f.ruleId) && f.message.includes(`${id})`))]));

// CSRF checks (DJS036 <-> W003, DJS037 <-> W016): the CSRF middleware in or out, crossed with the cookie flag
// and CSRF_USE_SESSIONS. Django 3.2 tests both flags for truthiness, as the cookie code does, so 1 counts as
// on. Left out on purpose: MIDDLEWARE never set (Django reads [], DJS036 does not guess).
const CSRF_CHECKS = ["security.W003", "security.W016"];
const CSRF_MIDDLEWARE_LISTS = [
  '["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware"]',
  '["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware"]',
].map((list) => `MIDDLEWARE = ${list}`);
const csrfOptional = (name: string, values: string[]) => [[], ...values.map((v) => [`${name} = ${v}`])];
const CSRF_COOKIE_VARIANTS = csrfOptional("CSRF_COOKIE_SECURE", ["True", "False", "1", "0"]);
const CSRF_SESSION_VARIANTS = csrfOptional("CSRF_USE_SESSIONS", ["True", "False"]);
const CSRF_SILENCED = [
  ['SILENCED_SYSTEM_CHECKS = ["security.W003"]'],
  ['SILENCED_SYSTEM_CHECKS = ["security.W016"]', "CSRF_COOKIE_SECURE = False"],
];

function csrfCases(): Case[] {
  const make = (middleware: string, settings: string[]): Case => {
    const body = ["import os", "", "INSTALLED_APPS = []", middleware, `SECRET_KEY = "${GENERATED_KEY}"`, "DEBUG = False", 'ALLOWED_HOSTS = ["shop.example.com"]', ...settings];
    return { settings: body.join("\n") + "\n", lines: { key: 5, debug: 6, hosts: 7 } };
  };
  const cases: Case[] = [];
  for (const m of CSRF_MIDDLEWARE_LISTS) for (const c of CSRF_COOKIE_VARIANTS) for (const u of CSRF_SESSION_VARIANTS) cases.push(make(m, [...c, ...u]));
  for (const m of CSRF_MIDDLEWARE_LISTS) for (const settings of CSRF_SILENCED) cases.push(make(m, settings));
  return cases;
}

/** What DJS036/DJS037 say: each mirrors one check. */
const oursCsrf = (findings: Finding[]): Record<string, boolean> => ({
  "security.W003": findings.some((f) => f.ruleId === "DJS036"),
  "security.W016": findings.some((f) => f.ruleId === "DJS037"),
});

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
    ...oursSessions(findings),
    ...oursCsrf(findings),
    ...transportSays(findings),
  };
}

/** A transport rule mirrors several checks (DJS051: W004, W005, W021): each finding names the ones it stands for. */
function transportSays(findings: Finding[]): Record<string, boolean> {
  const says = (rule: string, check: string) => findings.some((f) => f.ruleId === rule && f.message.includes(check));
  return {
    "security.W001": says("DJS050", "security.W001"),
    "security.W002": says("DJS057", "security.W002"),
    "security.W004": says("DJS051", "security.W004"),
    "security.W005": says("DJS051", "security.W005"),
    "security.W021": says("DJS051", "security.W021"),
    "security.W006": says("DJS053", "security.W006"),
    "security.W008": says("DJS052", "security.W008"),
    "security.W019": says("DJS057", "security.W019"),
    "security.W022": says("DJS054", "security.W022"),
    "security.E023": says("DJS054", "security.E023"),
  };
}

test("our mirrored rules fire exactly when Django's check --deploy does", () => {
  const dir = mkdtempSync(join(tmpdir(), "dss-oracle-"));
  try {
    const cases: Case[] = [];
    for (const d of DEBUG_VARIANTS) for (const h of HOSTS_VARIANTS) for (const k of KEY_VARIANTS) cases.push(makeCase(d, h, k));
    cases.push(...sessionCases());
    cases.push(...csrfCases());
    cases.push(...transportCases());
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
        ...Object.fromEntries(SESSION_CHECKS.map((id) => [id, (unset.ids ?? []).includes(id)])),
        ...Object.fromEntries(CSRF_CHECKS.map((id) => [id, (unset.ids ?? []).includes(id)])),
        ...Object.fromEntries(TRANSPORT_CHECKS.map((id) => [id, (unset.ids ?? []).includes(id)])),
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
