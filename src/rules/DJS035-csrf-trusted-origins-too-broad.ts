import type { Severity, SettingsRule, SettingsVerdict, Value } from "../engine/types.ts";
import { isDeployedRole, origin, textOf, isLocalHost } from "./settings-values.ts";

/**
 * Hosting domains whose subdomains belong to anyone who signs up (RULES.md 2.C, and a few more of the
 * same kind): a wildcard over one trusts every other tenant.
 */
const SHARED_HOSTS = new Set([
  "herokuapp.com", "ngrok.io", "ngrok-free.app", "ngrok.app", "vercel.app", "onrender.com", "github.io",
  "pythonanywhere.com", "netlify.app", "fly.dev", "railway.app", "up.railway.app", "pages.dev", "web.app",
  "firebaseapp.com", "appspot.com", "azurewebsites.net", "trycloudflare.com", "loca.lt", "gitpod.io", "replit.dev",
]);

/** The string entries of a list, or of an environment look-up's default (a list, or a comma-separated string). */
function entries(v: Value | undefined): Array<{ entry: Value; text: string }> {
  if (!v) return [];
  if (v.kind === "list") return v.items.flatMap((i) => entries(i));
  if (v.kind === "string") return (textOf(v) ?? "").split(",").map((t) => t.trim()).filter(Boolean).map((text) => ({ entry: v, text }));
  if (v.kind === "env") return entries(v.default);
  return [];
}

/** What is wrong with one entry, and how loud. */
function problem(text: string): { severity: Severity; why: string } | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  const netloc = scheme ? text.slice(scheme[0].length).replace(/\/.*$/, "") : text;
  const host = netloc.replace(/:\d+$/, "").toLowerCase();
  if (host === "*" || host === "") {
    return { severity: "notice", why: `"${text}" matches no origin: Django drops the leading '*' of a wildcard entry and an empty host matches nothing. List the real origins` };
  }
  // Django 4.0+: Django matches `*.example.com` (and, before 4.0, `.example.com`) as the domain and all its subdomains.
  const wildcard = /^\*?\./.test(host) ? host.replace(/^\*?\./, "") : undefined;
  if (wildcard !== undefined && (SHARED_HOSTS.has(wildcard) || !wildcard.includes("."))) {
    const whose = SHARED_HOSTS.has(wildcard) ? `every app anyone hosts on ${wildcard}` : `every domain under .${wildcard}`;
    return { severity: "warning", why: `"${text}" trusts ${whose}: any of them passes Django's Origin and Referer checks, leaving only the CSRF token between it and your users' sessions. Name your own host instead` };
  }
  if (!scheme) {
    return { severity: "warning", why: `"${text}" has no scheme: Django 4.0 and later require one (check 4_0.E001) and never match an entry without it. Before 4.0 entries were bare hosts; write "https://${text.replace(/^\./, "*.")}" when you upgrade` };
  }
  if (scheme[1]!.toLowerCase() === "http" && !isLocalHost(netloc)) {
    return { severity: "warning", why: `"${text}" trusts a plain-http origin: anyone on its network path can run script in that origin, and the unsafe requests it sends pass Django's origin check. Use its https:// origin` };
  }
  return undefined;
}

export const rule: SettingsRule = {
  id: "DJS035",
  name: "csrf-trusted-origins-too-broad",
  defaultSeverity: "warning",
  djangoCheck: "4_0.E001",
  cwe: [352, 346],
  docs: {
    summary: "CSRF_TRUSTED_ORIGINS trusts more than the site's own front ends, or holds entries Django cannot match.",
    whatItDoes:
      "In deployed settings, checks each CSRF_TRUSTED_ORIGINS entry (a list literal, or an environment look-up's default): a wildcard over a shared hosting domain (https://*.herokuapp.com, *.vercel.app, *.ngrok.io, *.github.io...) or over a whole top-level domain (https://*.com), also in the pre-4.0 form .herokuapp.com, is a warning; an entry without a scheme is a warning, as Django 4.0+'s check 4_0.E001 (an error there); an http:// origin other than localhost is a warning; https://* and '*' match nothing and are a notice. Development and test settings are left alone: Django's own check stops them loudly enough.",
    whyIsThisBad:
      "A trusted origin passes Django's Origin check (and, over HTTPS, its Referer check) for unsafe requests; the CSRF token is then the only check left. Every tenant of a shared hosting domain controls a subdomain of it, and an http:// origin belongs to whoever sits on its network path. Since Django 4.0 entries must carry a scheme, and an entry without one is refused by the system check and matches nothing at run time.",
    example: 'CSRF_TRUSTED_ORIGINS = ["https://*.herokuapp.com", "shop.example.com"]',
    useInstead: 'CSRF_TRUSTED_ORIGINS = ["https://shop.example.com"]',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins",
      "https://docs.djangoproject.com/en/stable/releases/4.0/#csrf-trusted-origins-changes",
      "https://publicsuffix.org/",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const trusted = s.get("CSRF_TRUSTED_ORIGINS");
    if (!trusted) return [];
    const out: SettingsVerdict[] = [];
    for (const { entry, text } of entries(trusted.binding.value)) {
      const p = problem(text);
      if (p) out.push({ severity: p.severity, path: trusted.path, span: entry.span, message: `CSRF_TRUSTED_ORIGINS${origin(s, trusted)}: ${p.why}.` });
    }
    return out;
  },
};
