// A deterministic Django-like monorepo for `npm run bench` and the prefilter test: several projects, each
// with split settings, many apps (models, views, migrations, templates, static files), minified bundles,
// a few large and binary files, and a handful of real findings at known places. A seeded PRNG makes every
// byte, the planted keys included (made up here, never real), the same on every run.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Bump when the output changes: a corpus on disk with another version is regenerated. */
export const GENERATOR_VERSION = 3;
/** What a corpus holds is written next to it (`<dir>.json`), not in it: the scan must not see it. */
const stampOf = (dir: string): string => dir.replace(/[\\/]+$/, "") + ".json";

export interface CorpusInfo {
  version: number;
  seed: number;
  targetBytes: number;
  files: number;
  bytes: number;
  /** Top folders holding one project each, in order: subsets of the corpus for the linearity runs. */
  projects: string[];
  /** Where findings were planted: path and the rule expected there. */
  planted: Array<{ path: string; ruleId: string }>;
}

/** mulberry32: small, fast, and the same sequence everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APP_WORDS = ["blog", "shop", "orders", "catalog", "billing", "accounts", "inventory", "reports", "search", "events", "news", "forum", "wiki", "media", "support", "crm", "invoices", "shipping", "reviews", "payments", "polls", "survey", "booking", "calendar", "messaging", "notifications", "profiles", "teams", "projects", "tasks"];
const NOUNS = ["article", "order", "customer", "product", "invoice", "item", "category", "comment", "author", "tag", "entry", "ticket", "booking", "event", "profile", "team", "task", "report", "page", "photo", "address", "shipment", "review", "payment", "message"];
const FIELDS = ["CharField(max_length=200)", "TextField(blank=True)", "IntegerField(default=0)", "BooleanField(default=False)", "DateTimeField(auto_now_add=True)", "DecimalField(max_digits=10, decimal_places=2)", "SlugField(unique=True)", "EmailField(blank=True)", "URLField(blank=True)", "PositiveIntegerField(default=1)", "DateField(null=True, blank=True)", "JSONField(default=dict)"];
const WORDS = "the a of to and in is it you that he was for on are with as his they be at one have this from or had by hot word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find".split(" ");
const JS_IDENTS = ["e", "t", "n", "r", "i", "o", "a", "s", "u", "c", "l", "f", "d", "h", "p", "m", "g", "v", "y", "b", "w", "k", "x", "_", "$", "Ee", "Te", "ne", "re", "ie", "oe", "ae", "se"];
const JS_WORDS = ["function", "return", "var", "this", "prototype", "length", "push", "call", "apply", "undefined", "null", "typeof", "object", "string", "number", "addEventListener", "querySelector", "classList", "dataset", "value", "token", "key", "keys", "state", "props", "render", "children", "createElement", "Promise", "then", "catch", "Symbol", "iterator", "forEach", "map", "filter", "reduce", "indexOf", "slice", "split", "join", "setTimeout", "document", "window", "location", "href", "headers", "fetch", "json", "csrftoken", "password", "Object", "defineProperty", "exports", "module", "require"];
const CSS_PROPS = ["color", "background", "margin", "padding", "border", "display", "font-size", "line-height", "width", "height", "position", "top", "left", "flex", "grid-template-columns", "box-shadow", "transition", "opacity", "z-index", "text-align"];

class Gen {
  readonly rand: () => number;
  constructor(seed: number) {
    this.rand = prng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }
  chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.rand() * alphabet.length)];
    return s;
  }
  sentence(lo = 4, hi = 14): string {
    const n = this.int(lo, hi);
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(this.pick(WORDS));
    const s = ws.join(" ");
    return s.charAt(0).toUpperCase() + s.slice(1) + ".";
  }
  hex(n: number): string {
    return this.chars("0123456789abcdef", n);
  }
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const DJANGO_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

// --- file makers ------------------------------------------------------------------------------

function models(g: Gen, app: string): string {
  const out = ["from django.conf import settings", "from django.db import models", "from django.urls import reverse", "from django.utils.translation import gettext_lazy as _", ""];
  const n = g.int(3, 9);
  for (let i = 0; i < n; i++) {
    const name = cap(g.pick(NOUNS)) + (i ? String(i) : "");
    out.push("", `class ${name}(models.Model):`, `    """${g.sentence()}"""`, "");
    const fields = g.int(4, 12);
    for (let f = 0; f < fields; f++) out.push(`    ${g.pick(NOUNS)}_${g.pick(["name", "title", "count", "code", "status", "note", "date", "amount", "slug", "url"])} = models.${g.pick(FIELDS)}`);
    out.push(`    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="${app}_${name.toLowerCase()}s")`);
    out.push("", "    class Meta:", `        ordering = ["-id"]`, `        verbose_name = _("${name.toLowerCase()}")`, "");
    out.push("    def __str__(self):", `        return f"{self.pk}: ${g.pick(WORDS)}"`, "");
    out.push("    def get_absolute_url(self):", `        return reverse("${app}:${name.toLowerCase()}-detail", kwargs={"pk": self.pk})`);
    if (g.rand() < 0.5) out.push("", "    def clean(self):", `        # ${g.sentence()}`, "        if self.pk and not self.owner_id:", `            raise ValueError("${g.sentence()}")`);
  }
  return out.join("\n") + "\n";
}

function views(g: Gen, app: string): string {
  const out = [
    "from django.contrib.auth.decorators import login_required",
    "from django.contrib.auth.mixins import LoginRequiredMixin",
    "from django.http import JsonResponse",
    "from django.shortcuts import get_object_or_404, redirect, render",
    "from django.views.generic import CreateView, DetailView, ListView, UpdateView",
    "",
    "from .forms import *  # noqa",
    "from .models import *  # noqa",
    "",
  ];
  const n = g.int(4, 10);
  for (let i = 0; i < n; i++) {
    const noun = g.pick(NOUNS);
    const kind = g.pick(["List", "Detail", "Create", "Update"]);
    out.push("", `class ${cap(noun)}${kind}View${i}(LoginRequiredMixin, ${kind}View):`, `    """${g.sentence()}"""`, "", `    model = ${cap(noun)}`, `    template_name = "${app}/${noun}_${kind.toLowerCase()}.html"`, `    paginate_by = ${g.int(10, 50)}`, "");
    out.push("    def get_queryset(self):", `        qs = super().get_queryset().filter(owner=self.request.user)`, `        q = self.request.GET.get("q", "")`, "        if q:", `            qs = qs.filter(${noun}_name__icontains=q)`, "        return qs.select_related(\"owner\")");
  }
  out.push("", "", "@login_required", `def ${app}_summary(request):`, `    """${g.sentence()}"""`, `    data = {"count": 0, "message": "${g.sentence()}"}`, "    return JsonResponse(data)");
  return out.join("\n") + "\n";
}

function forms(g: Gen, app: string): string {
  const out = ["from django import forms", "", "from .models import *  # noqa", ""];
  const n = g.int(2, 5);
  for (let i = 0; i < n; i++) {
    const noun = g.pick(NOUNS);
    out.push("", `class ${cap(noun)}Form${i}(forms.ModelForm):`, "    class Meta:", `        model = ${cap(noun)}`, `        fields = ["${noun}_name", "${noun}_status"]`, "", "    def clean(self):", "        data = super().clean()", `        # ${g.sentence()}`, "        return data");
  }
  // An accounts app has password fields: a name the prefilter keeps, with nothing to report.
  if (app === "accounts") out.push("", "class SignupForm(forms.Form):", "    email = forms.EmailField()", "    password = forms.CharField(widget=forms.PasswordInput)", "    password_confirm = forms.CharField(widget=forms.PasswordInput)");
  return out.join("\n") + "\n";
}

function urls(g: Gen, app: string): string {
  const out = ["from django.urls import path", "", "from . import views", "", `app_name = "${app}"`, "", "urlpatterns = ["];
  const n = g.int(3, 12);
  for (let i = 0; i < n; i++) {
    const noun = g.pick(NOUNS);
    out.push(`    path("${noun}s/<int:pk>/", views.${cap(noun)}DetailView${i}.as_view(), name="${noun}-detail"),`);
  }
  out.push("]");
  return out.join("\n") + "\n";
}

function migration(g: Gen, app: string, n: number): string {
  const out = ["from django.conf import settings", "from django.db import migrations, models", "import django.db.models.deletion", "", "", "class Migration(migrations.Migration):", "", `    initial = ${n === 1 ? "True" : "False"}`, "", "    dependencies = [", `        ("${app}", "${String(n - 1).padStart(4, "0")}_auto"),`, "        migrations.swappable_dependency(settings.AUTH_USER_MODEL),", "    ]", "", "    operations = ["];
  const ops = g.int(2, 8);
  for (let i = 0; i < ops; i++) {
    const noun = g.pick(NOUNS);
    out.push("        migrations.CreateModel(", `            name="${cap(noun)}${i}",`, "            fields=[", '                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),');
    const fields = g.int(3, 10);
    for (let f = 0; f < fields; f++) out.push(`                ("${noun}_${g.pick(["name", "title", "count", "code", "status"])}${f}", models.${g.pick(FIELDS)}),`);
    out.push("            ],", `            options={"ordering": ["-id"], "verbose_name": "${noun}"},`, "        ),");
  }
  out.push("    ]");
  return out.join("\n") + "\n";
}

function tests(g: Gen, app: string): string {
  const out = ["from django.test import TestCase", "from django.urls import reverse", "", ""];
  const n = g.int(3, 10);
  for (let i = 0; i < n; i++) {
    out.push(`class ${cap(g.pick(NOUNS))}Tests${i}(TestCase):`, "    def setUp(self):", `        self.user = self.make_user("user${i}")`, "", `    def test_${g.pick(WORDS)}_${i}(self):`, `        response = self.client.get(reverse("${app}:${g.pick(NOUNS)}-detail", kwargs={"pk": 1}))`, "        self.assertEqual(response.status_code, 200)", `        self.assertContains(response, "${g.pick(WORDS)}")`, "", "");
  }
  return out.join("\n");
}

function template(g: Gen, app: string, noun: string): string {
  const out = ['{% extends "base.html" %}', "{% load static i18n %}", `{% block title %}{% trans "${cap(noun)}" %}{% endblock %}`, "{% block content %}", `<div class="container ${app}-${noun}">`, `  <h1 class="title">{{ object.${noun}_name }}</h1>`, '  <form method="post" class="form">{% csrf_token %}'];
  const n = g.int(10, 40);
  for (let i = 0; i < n; i++) {
    out.push(`    <div class="row"><label for="id_${noun}_${i}">${g.sentence(2, 5)}</label><input type="text" name="${noun}_${i}" id="id_${noun}_${i}" value="{{ form.${noun}_${i}.value|default_if_none:'' }}"></div>`);
    if (g.rand() < 0.3) out.push(`    <p class="help">${g.sentence()}</p>`);
  }
  out.push('    <button type="submit" class="btn btn-primary">{% trans "Save" %}</button>', "  </form>", "  <ul>", "  {% for item in object_list %}", `    <li><a href="{{ item.get_absolute_url }}">{{ item }}</a></li>`, "  {% empty %}<li>{% trans \"Nothing yet\" %}</li>", "  {% endfor %}", "  </ul>", "</div>", "{% endblock %}");
  return out.join("\n") + "\n";
}

function css(g: Gen, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    out.push(`.${g.pick(NOUNS)}-${g.pick(WORDS)}${i} .${g.pick(NOUNS)} {`);
    const n = g.int(2, 6);
    for (let j = 0; j < n; j++) out.push(`  ${g.pick(CSS_PROPS)}: ${g.int(0, 40)}px ${g.pick(["solid", "auto", "#" + g.hex(6), "0", "1em", "inherit"])};`);
    out.push("}");
  }
  return out.join("\n") + "\n";
}

function js(g: Gen, lines: number): string {
  const out = ['"use strict";', "(function () {"];
  for (let i = 0; i < lines; i++) {
    const noun = g.pick(NOUNS);
    out.push(`  function ${noun}${cap(g.pick(WORDS))}${i}(el, options) {`, `    const ${noun} = el.querySelector(".${noun}");`, `    if (!${noun}) return null; // ${g.sentence(3, 8)}`, `    ${noun}.addEventListener("click", (event) => { event.preventDefault(); fetch("/api/${noun}s/" + el.dataset.id + "/", { headers: { "X-CSRFToken": options.token } }).then((r) => r.json()); });`, `    return ${noun};`, "  }");
  }
  out.push("})();");
  return out.join("\n") + "\n";
}

/** A minified bundle: long lines of short identifiers and keywords, as webpack writes them. */
function minified(g: Gen, bytes: number): string {
  const parts: string[] = ["/*! bundle " + g.hex(8) + " | (c) vendors, MIT */\n"];
  let size = parts[0]!.length;
  let line = 0;
  while (size < bytes) {
    let s: string;
    switch (g.int(0, 7)) {
      case 0:
        s = `function ${g.pick(JS_IDENTS)}(${g.pick(JS_IDENTS)},${g.pick(JS_IDENTS)}){return ${g.pick(JS_IDENTS)}.${g.pick(JS_WORDS)}(${g.pick(JS_IDENTS)})}`;
        break;
      case 1:
        s = `var ${g.pick(JS_IDENTS)}=${g.pick(JS_IDENTS)}(${g.int(0, 999)}),${g.pick(JS_IDENTS)}=${g.pick(JS_IDENTS)}.n(${g.pick(JS_IDENTS)});`;
        break;
      case 2:
        s = `"${g.pick(JS_WORDS)}"===typeof ${g.pick(JS_IDENTS)}&&(${g.pick(JS_IDENTS)}.${g.pick(JS_WORDS)}=${g.pick(JS_IDENTS)});`;
        break;
      case 3:
        s = `${g.pick(JS_IDENTS)}.prototype.${g.pick(JS_WORDS)}=function(){return this.${g.pick(JS_WORDS)}||"${g.pick(WORDS)}-${g.hex(4)}"};`;
        break;
      case 4:
        s = `if(${g.pick(JS_IDENTS)}<${g.int(0, 99)}){for(var ${g.pick(JS_IDENTS)}=0;${g.pick(JS_IDENTS)}<${g.pick(JS_IDENTS)}.length;${g.pick(JS_IDENTS)}++)${g.pick(JS_IDENTS)}.push(${g.pick(JS_IDENTS)}[${g.pick(JS_IDENTS)}])}`;
        break;
      case 5:
        s = `${g.pick(JS_IDENTS)}={${g.pick(JS_WORDS)}:${g.int(0, 9999)},${g.pick(JS_WORDS)}:"${g.sentence(1, 4)}",${g.pick(JS_WORDS)}:!0};`;
        break;
      case 6:
        s = `},${g.int(100, 9999)}:function(${g.pick(JS_IDENTS)},${g.pick(JS_IDENTS)},${g.pick(JS_IDENTS)}){"use strict";${g.pick(JS_IDENTS)}.r(${g.pick(JS_IDENTS)});`;
        break;
      default:
        s = `${g.pick(JS_IDENTS)}.${g.pick(JS_WORDS)}("${g.chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", g.int(8, 40))}")?${g.pick(JS_IDENTS)}:${g.pick(JS_IDENTS)};`;
    }
    // Bundlers wrap at a few hundred kilobytes or never: lines of about 32 KB here.
    line += s.length;
    if (line > 32_000) {
      s += "\n";
      line = 0;
    }
    parts.push(s);
    size += s.length;
  }
  return parts.join("");
}

function markdown(g: Gen, paragraphs: number): string {
  const out = [`# ${cap(g.pick(NOUNS))} ${g.pick(WORDS)}`, ""];
  for (let i = 0; i < paragraphs; i++) {
    if (g.rand() < 0.2) out.push(`## ${cap(g.pick(WORDS))} ${g.pick(NOUNS)}`, "");
    out.push(Array.from({ length: g.int(2, 6) }, () => g.sentence()).join(" "), "");
    if (g.rand() < 0.15) out.push("```sh", `python manage.py ${g.pick(["migrate", "collectstatic --noinput", "createsuperuser", "runserver"])}`, "```", "");
  }
  return out.join("\n");
}

function po(g: Gen, entries: number): string {
  const out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""];
  for (let i = 0; i < entries; i++) out.push(`#: ${g.pick(APP_WORDS)}/templates/${g.pick(NOUNS)}.html:${g.int(1, 200)}`, `msgid "${g.sentence(2, 8)}"`, `msgstr "${g.sentence(2, 8)}"`, "");
  return out.join("\n");
}

function fixture(g: Gen, app: string, rows: number): string {
  const items: string[] = [];
  for (let i = 0; i < rows; i++) {
    const noun = g.pick(NOUNS);
    items.push(`  {"model": "${app}.${noun}", "pk": ${i + 1}, "fields": {"${noun}_name": "${g.sentence(1, 4)}", "${noun}_status": "${g.pick(["draft", "published", "archived"])}", "${noun}_code": "${g.hex(12)}", "created": "2024-0${g.int(1, 9)}-1${g.int(0, 9)}T10:00:00Z"}}`);
  }
  return "[\n" + items.join(",\n") + "\n]\n";
}

/** Binary content: a real PNG signature and chunk names around random bytes (NULs included). */
function binary(g: Gen, kind: "png" | "woff2" | "sqlite", bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Math.floor(g.rand() * 256);
  const head = kind === "png" ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13] : kind === "woff2" ? [0x77, 0x4f, 0x46, 0x32, 0, 1, 0, 0] : [...Buffer.from("SQLite format 3\0")];
  out.set(head, 0);
  return out;
}

function csvData(g: Gen, bytes: number): string {
  const parts = ["id,name,email,amount,status,created\n"];
  let size = parts[0]!.length;
  for (let i = 1; size < bytes; i++) {
    const row = `${i},${g.pick(NOUNS)} ${g.pick(WORDS)},${g.pick(WORDS)}${i}@example.com,${g.int(0, 99999) / 100},${g.pick(["new", "paid", "void"])},2024-0${g.int(1, 9)}-1${g.int(0, 9)}\n`;
    parts.push(row);
    size += row.length;
  }
  return parts.join("");
}

function sqlDump(g: Gen, bytes: number): string {
  const parts = ["-- PostgreSQL database dump\nSET statement_timeout = 0;\n"];
  let size = parts[0]!.length;
  for (let i = 1; size < bytes; i++) {
    const row = `INSERT INTO public.orders_order VALUES (${i}, '${g.pick(WORDS)} ${g.pick(NOUNS)}', ${g.int(0, 9999)}, '2024-01-01 10:00:00+00');\n`;
    parts.push(row);
    size += row.length;
  }
  return parts.join("");
}

// --- settings: clean, so that the planted findings are the only ones -----------------------------

function baseSettings(project: string, apps: readonly string[]): string {
  return `"""Django settings for ${project}: shared by every environment."""
from pathlib import Path

import environ

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["${project}.example.com"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
${apps.map((a) => `    "${a}",`).join("\n")}
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DATABASES = {"default": env.db("DATABASE_URL")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
`;
}

const PRODUCTION_SETTINGS = `"""Production settings."""
from .base import *  # noqa

DEBUG = False
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
`;

const DEV_SETTINGS = `"""Local development settings."""
from .base import *  # noqa

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
`;

const TEST_SETTINGS = `"""Settings for the test suite."""
from .base import *  # noqa

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
`;

// --- the corpus -------------------------------------------------------------------------------

interface Writer {
  file(path: string, content: string | Uint8Array): Promise<void>;
  /** Size of every file written, by path (a planted file may replace one written before). */
  sizes: Map<string, number>;
  bytes(): number;
}

/** The bench's corpus: this many bytes at least (with the default seed, the same files on every machine). */
export const BENCH_CORPUS_BYTES = 110 * 1024 * 1024;

/**
 * Writes the corpus into `dir` (emptied first) and returns what it holds. `targetBytes` sets the size:
 * projects are added until it is reached, each scaled so that small corpora keep every kind of file.
 */
export async function generateCorpus(dir: string, targetBytes: number, seed = 20240611): Promise<CorpusInfo> {
  await rm(dir, { recursive: true, force: true });
  await rm(stampOf(dir), { force: true });
  await mkdir(dir, { recursive: true });
  const made = new Set<string>();
  let total = 0;
  const w: Writer = {
    sizes: new Map(),
    bytes: () => total,
    async file(path, content) {
      const full = join(dir, path);
      const parent = dirname(full);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await writeFile(full, content);
      const size = typeof content === "string" ? Buffer.byteLength(content) : content.length;
      total += size - (w.sizes.get(path) ?? 0);
      w.sizes.set(path, size);
    },
  };
  const g = new Gen(seed);
  // A project is about 9 MB at full size; a small corpus gets smaller projects rather than fewer kinds of file.
  const scale = Math.min(1, targetBytes / (100 * 1024 * 1024));
  const projects: string[] = [];
  const planted: CorpusInfo["planted"] = [];

  // Repository-wide files: docs, large data files, a database file, a dump over the size bound.
  await w.file("README.md", markdown(g, 30));
  for (let i = 0; i < 6; i++) await w.file(`docs/${g.pick(NOUNS)}-${i}.md`, markdown(g, Math.ceil(40 * scale) + 5));
  await w.file(".gitignore", "*.pyc\n__pycache__/\n/staticfiles/\n/media/\n.env\n");
  await w.file("data/export.csv", csvData(g, Math.round(4_000_000 * scale)));
  await w.file("data/db.sqlite3", binary(g, "sqlite", Math.round(2_000_000 * scale)));
  await w.file("data/dump.sql", sqlDump(g, Math.max(Math.round(6_000_000 * scale), 64_000)));

  for (let p = 0; w.bytes() < targetBytes; p++) {
    const project = `projects/${g.pick(APP_WORDS)}-site-${p}`;
    projects.push(project);
    const appCount = Math.max(3, Math.round(g.int(18, 26) * scale));
    const apps = Array.from({ length: appCount }, (_, i) => (i === 0 ? "accounts" : `${APP_WORDS[(p * 7 + i) % APP_WORDS.length]}${i}`));
    await w.file(`${project}/manage.py`, `#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n`);
    await w.file(`${project}/config/__init__.py`, "");
    await w.file(`${project}/config/settings/__init__.py`, "");
    await w.file(`${project}/config/settings/base.py`, baseSettings(project.split("/")[1]!, apps));
    await w.file(`${project}/config/settings/local.py`, DEV_SETTINGS);
    await w.file(`${project}/config/settings/test.py`, TEST_SETTINGS);
    await w.file(`${project}/config/urls.py`, `from django.contrib import admin\nfrom django.urls import include, path\n\nurlpatterns = [\n    path("admin/", admin.site.urls),\n${apps.map((a) => `    path("${a}/", include("${a}.urls")),`).join("\n")}\n]\n`);
    await w.file(`${project}/config/wsgi.py`, `import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\napplication = get_wsgi_application()\n`);
    await w.file(`${project}/requirements/base.txt`, "Django==5.0.6\ndjango-environ==0.11.2\npsycopg[binary]==3.1.19\nwhitenoise==6.6.0\ncelery==5.4.0\n");
    await w.file(`${project}/requirements/production.txt`, "-r base.txt\ngunicorn==22.0.0\nsentry-sdk==2.3.1\n");
    await w.file(`${project}/.env.example`, "DJANGO_SECRET_KEY=change-me\nDATABASE_URL=postgres://localhost/app\nDJANGO_DEBUG=True\n");
    await w.file(`${project}/Dockerfile`, "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/ requirements/\nRUN pip install -r requirements/production.txt\nCOPY . .\nRUN DJANGO_SECRET_KEY=build-only-dummy python manage.py collectstatic --noinput\nCMD [\"gunicorn\", \"config.wsgi\"]\n");
    await w.file(`${project}/.github/workflows/ci.yml`, "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DJANGO_SETTINGS_MODULE: config.settings.test\n      DJANGO_SECRET_KEY: ${{ secrets.DJANGO_SECRET_KEY }}\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements/base.txt && python manage.py test\n");
    await w.file(`${project}/pyproject.toml`, `[project]\nname = "${project.split("/")[1]}"\nversion = "1.${p}.0"\n\n[tool.ruff]\nline-length = 120\n`);
    await w.file(`${project}/setup.cfg`, "[flake8]\nmax-line-length = 120\nexclude = migrations\n");
    await w.file(`${project}/package.json`, JSON.stringify({ name: project.split("/")[1], private: true, scripts: { build: "webpack --mode production" }, devDependencies: { webpack: "^5.91.0", "webpack-cli": "^5.1.4" } }, null, 2) + "\n");
    await w.file(`${project}/README.md`, markdown(g, 12));
    await w.file(`${project}/locale/fr/LC_MESSAGES/django.po`, po(g, Math.round(600 * scale) + 20));
    await w.file(`${project}/templates/base.html`, '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head>\n<body>{% block content %}{% endblock %}</body>\n</html>\n');

    for (const app of apps) {
      const a = `${project}/${app}`;
      await w.file(`${a}/__init__.py`, "");
      await w.file(`${a}/apps.py`, `from django.apps import AppConfig\n\n\nclass ${cap(app)}Config(AppConfig):\n    name = "${app}"\n`);
      await w.file(`${a}/admin.py`, `from django.contrib import admin\n\nfrom .models import *  # noqa\n`);
      await w.file(`${a}/models.py`, models(g, app));
      await w.file(`${a}/views.py`, views(g, app));
      await w.file(`${a}/forms.py`, forms(g, app));
      await w.file(`${a}/urls.py`, urls(g, app));
      await w.file(`${a}/tests/__init__.py`, "");
      await w.file(`${a}/tests/test_views.py`, tests(g, app));
      const migrations = g.int(2, 8);
      await w.file(`${a}/migrations/__init__.py`, "");
      for (let m = 1; m <= migrations; m++) await w.file(`${a}/migrations/${String(m).padStart(4, "0")}_${g.pick(["initial", "auto", "add_field", "alter_options"])}.py`, migration(g, app, m));
      for (const noun of [g.pick(NOUNS), g.pick(NOUNS), g.pick(NOUNS)]) await w.file(`${a}/templates/${app}/${noun}_detail.html`, template(g, app, noun));
      await w.file(`${a}/static/${app}/css/${app}.css`, css(g, g.int(40, 200)));
      await w.file(`${a}/static/${app}/js/${app}.js`, js(g, g.int(20, 120)));
      for (let i = 0; i < 2; i++) await w.file(`${a}/static/${app}/img/${g.pick(NOUNS)}-${i}.png`, binary(g, "png", g.int(20_000, 120_000)));
      if (g.rand() < 0.3) await w.file(`${a}/fixtures/${app}.json`, fixture(g, app, g.int(50, 400)));
    }
    // Build output of the front end: minified bundles of a few MB (not *.min.js, which is excluded by default).
    await w.file(`${project}/static/dist/vendor.${g.hex(8)}.js`, minified(g, Math.round(g.int(2_500_000, 3_800_000) * scale)));
    await w.file(`${project}/static/dist/app.${g.hex(8)}.js`, minified(g, Math.round(g.int(300_000, 900_000) * scale)));
    await w.file(`${project}/static/dist/styles.${g.hex(8)}.css`, css(g, Math.round(4000 * scale) + 50).replace(/\n\s*/g, ""));
    await w.file(`${project}/static/fonts/inter.woff2`, binary(g, "woff2", Math.round(300_000 * scale) + 1000));
    await w.file(`${project}/config/settings/production.py`, PRODUCTION_SETTINGS);
  }

  // Real findings at known places (keys made up with the seeded generator).
  const plant = async (path: string, ruleId: string, content: string) => {
    await w.file(path, content);
    planted.push({ path, ruleId });
  };
  const at = (i: number) => projects[i % projects.length]!;
  await plant(`${at(0)}/config/settings/production.py`, "DJS004", PRODUCTION_SETTINGS + `SECRET_KEY = env("DJANGO_SECRET_KEY", default="${g.chars(DJANGO_ALPHABET, 50)}")\n`);
  await plant(`${at(1)}/.envs/.production/.django`, "DJS008", `DJANGO_SECRET_KEY=${g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 64)}\nDJANGO_ADMIN_URL=admin/\n`);
  await plant(`${at(2)}/docker-compose.yml`, "DJS001", `services:\n  web:\n    build: .\n    environment:\n      - DJANGO_SECRET_KEY=\${DJANGO_SECRET_KEY:-django-insecure-${g.chars(DJANGO_ALPHABET, 50)}}\n      - DATABASE_URL=postgres://postgres@db/app\n  db:\n    image: postgres:16\n`);
  await plant(`${at(3)}/docs/deploy.md`, "DJS001", markdown(g, 8) + `\nThe development server uses django-insecure-${g.chars(DJANGO_ALPHABET, 50)} until you set DJANGO_SECRET_KEY.\n`);
  await plant(`${at(4)}/accounts/fixtures/storage.json`, "DJS017", JSON.stringify({ storage: { aws_access_key_id: `AKIA${g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`, bucket: "media" } }, null, 2) + "\n");
  await plant(`${at(5)}/accounts/payments.py`, "DJS017", `"""Stripe integration."""\nimport stripe\n\nSTRIPE_API_KEY = "sk_live_${g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32)}"\n\n\ndef charge(amount):\n    return stripe.Charge.create(amount=amount, api_key=STRIPE_API_KEY)\n`);
  const bundle = `${at(6)}/static/dist/legacy.${g.hex(8)}.js`;
  await plant(bundle, "DJS001", minified(g, Math.round(1_200_000 * scale)) + `\nwindow.__CONFIG__={debugKey:"django-insecure-${g.chars(DJANGO_ALPHABET, 50)}"};\n` + minified(g, Math.round(400_000 * scale)));
  await plant(`${at(7)}/config/settings/staging.py`, "DJS020", `"""Staging: deployed like production."""\nfrom .production import *  # noqa\n\nDEBUG = True\n`);

  const info: CorpusInfo = { version: GENERATOR_VERSION, seed, targetBytes, files: w.sizes.size, bytes: w.bytes(), projects, planted };
  await writeFile(stampOf(dir), JSON.stringify(info, null, 2) + "\n");
  return info;
}

/** The corpus already in `dir`, when it was made by this generator version with the same size and seed. */
export async function existingCorpus(dir: string, targetBytes: number, seed = 20240611): Promise<CorpusInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(stampOf(dir), "utf8")) as CorpusInfo;
    return info.version === GENERATOR_VERSION && info.targetBytes === targetBytes && info.seed === seed ? info : undefined;
  } catch {
    return undefined;
  }
}
