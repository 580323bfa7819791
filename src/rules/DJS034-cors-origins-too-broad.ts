import type { EffectiveSettings, Setting } from "../engine/settings-module.ts";
import type { Severity, SettingsRule, SettingsVerdict, Value } from "../engine/types.ts";
import { failsOpen, isDeployedRole, literalTruth, origin, readsRawEnv, textOf, isLocalHost } from "./settings-values.ts";

/** The string entries of a list, or of an environment look-up's default (a list, or a comma-separated string). */
function entries(v: Value | undefined): Value[] {
  if (!v) return [];
  if (v.kind === "list") return v.items;
  if (v.kind === "string") return [v];
  if (v.kind === "env") return entries(v.default);
  return [];
}

/** django-cors-headers reads the new name first and the old one only when the new one is unset. */
const either = (s: EffectiveSettings, name: string, old: string): Setting | undefined => s.get(name) ?? s.get(old);

/** What is wrong with an origin-matching regex: re.match anchors it at the start only. */
function regexProblems(re: string): string[] {
  const problems: string[] = [];
  const body = re.replace(/\\\\/g, "");
  if (!/(\$|\\Z)$/.test(body)) problems.push("it has no $ at the end and re.match anchors only the start, so https://app.example.com.attacker.net matches too");
  if (/(^|[^\\])\.[*+]/.test(body)) problems.push("'.*' (or '.+') matches any host part, dots and slashes included");
  // A dot outside a character class that is not escaped matches any character: https://appXexample.com.
  else if (/(^|[^\\[])\.(?![*+])/.test(body.replace(/\[[^\]]*\]/g, ""))) problems.push("an unescaped '.' matches any character, so a look-alike domain matches");
  return problems;
}

export const rule: SettingsRule = {
  id: "DJS034",
  name: "cors-origins-too-broad",
  defaultSeverity: "warning",
  cwe: [942],
  docs: {
    summary: "The CORS origin list lets in more than the front ends it names: 'null', plain-http origins, or loose regexes.",
    whatItDoes:
      "In deployed settings, checks CORS_ALLOWED_ORIGINS (old name CORS_ORIGIN_WHITELIST) for \"null\" (a warning, an error with CORS_ALLOW_CREDENTIALS on), http:// origins other than localhost (a warning) and \"*\" (a notice: it matches nothing), and CORS_ALLOWED_ORIGIN_REGEXES (old name CORS_ORIGIN_REGEX_WHITELIST) for patterns with no $ at the end, with '.*' or '.+', or with unescaped dots (a warning). The new names win over the old ones, as in django-cors-headers. Development and test settings are left alone.",
    whyIsThisBad:
      "Browsers send `Origin: null` from sandboxed iframes and data: documents, which any website can create: allowing \"null\" allows every site. An http:// origin can be taken over by anyone on the network path, who then reads what the origin may read. django-cors-headers matches regexes with re.match, anchored at the start only, so `^https://app\\.example\\.com` also admits https://app.example.com.attacker.net. \"*\" is no wildcard here: origins are compared by scheme and host, and its own check (corsheaders.E013) rejects it.",
    example: 'CORS_ALLOWED_ORIGINS = ["null", "http://app.example.com"]\nCORS_ALLOWED_ORIGIN_REGEXES = [r"^https://.*example.com"]',
    useInstead: 'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\\.example\\.com$"]',
    references: [
      "https://github.com/adamchainz/django-cors-headers#cors_allowed_origins-sequencestr",
      "https://github.com/adamchainz/django-cors-headers#cors_allowed_origin_regexes-sequencestr--patternstr",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Origin",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const out: SettingsVerdict[] = [];
    const finding = (setting: Setting, entry: Value, severity: Severity, message: string): void => {
      out.push({ severity, message, path: setting.path, span: entry.span });
    };
    const credentials = s.get("CORS_ALLOW_CREDENTIALS")?.binding.value;
    const withCredentials = !!credentials && (literalTruth(credentials) === true || failsOpen(credentials) || readsRawEnv(credentials));

    const origins = either(s, "CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST");
    for (const entry of origins ? entries(origins.binding.value) : []) {
      const where = `${origins!.binding.name}${origin(s, origins!)}`;
      for (const text of (textOf(entry) ?? "").split(",").map((t) => t.trim()).filter(Boolean)) {
        if (text === "null") {
          finding(origins!, entry, withCredentials ? "error" : "warning", `${where} allows the origin "null", which browsers send from sandboxed iframes and data: documents any website can create: it lets every site read responses${withCredentials ? ", and with CORS_ALLOW_CREDENTIALS on, authenticated ones" : ""}. Remove it.`);
        } else if (text === "*") {
          finding(origins!, entry, "notice", `${where} holds "*", which matches no origin (django-cors-headers compares scheme and host, and its check corsheaders.E013 rejects it). List the real origins; allowing all is CORS_ALLOW_ALL_ORIGINS, rarely what you want.`);
        } else if (/^http:\/\//i.test(text) && !isLocalHost(text.slice("http://".length).replace(/\/.*$/, ""))) {
          finding(origins!, entry, "warning", `${where} allows a plain-http origin: anyone on its network path can inject script into that page and read what it may read from this site. Use its https:// origin.`);
        }
      }
    }

    const regexes = either(s, "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST");
    for (const entry of regexes ? entries(regexes.binding.value) : []) {
      const re = textOf(entry);
      const problems = re === undefined ? [] : regexProblems(re);
      if (problems.length === 0) continue;
      finding(regexes!, entry, "warning", `A pattern in ${regexes!.binding.name}${origin(s, regexes!)} admits more origins than it names: ${problems.join("; ")}. Escape the dots, match the host part with [a-z0-9-]+, and end the pattern with $.`);
    }
    return out;
  },
};
