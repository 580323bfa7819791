import type { Severity, SettingsRule } from "../engine/types.ts";
import { at, failsOpen, isDeployedRole, literalTruth, origin, readsRawEnv, hasWildcardHost } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS032",
  name: "trusting-x-forwarded-host",
  defaultSeverity: "notice",
  cwe: [644, 348],
  docs: {
    summary: "USE_X_FORWARDED_HOST makes Django take the host from a header any client can send, unless the proxy in front overwrites it.",
    whatItDoes:
      "Finds USE_X_FORWARDED_HOST on (True, or read from the environment so that it ends up on) in deployed settings: a notice, a warning when ALLOWED_HOSTS also accepts any host ('*'). Development and test settings are left alone.",
    whyIsThisBad:
      "request.get_host() then prefers X-Forwarded-Host over Host. It is right only behind a proxy that sets or strips that header on every request; otherwise a client chooses the host Django builds absolute URLs from, password-reset links among them. ALLOWED_HOSTS still validates the value, so with '*' nothing stops a forged one.",
    example: "USE_X_FORWARDED_HOST = True",
    useInstead: 'ALLOWED_HOSTS = ["shop.example.com"]\n# Only behind a proxy that overwrites the header on every request (nginx: proxy_set_header X-Forwarded-Host $host;)\nUSE_X_FORWARDED_HOST = True',
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#use-x-forwarded-host",
      "https://docs.djangoproject.com/en/stable/topics/security/#host-headers-virtual-hosting",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const forwarded = s.get("USE_X_FORWARDED_HOST");
    const v = forwarded?.binding.value;
    if (!forwarded || !v) return [];
    const how = literalTruth(v) === true ? "is on"
      : failsOpen(v) ? "defaults to on when the environment does not set it"
      : v.kind === "env" && v.cast === "presence" ? "is on whenever the variable is set, even to \"False\""
      : readsRawEnv(v) ? "is the raw string from the environment: set to anything, \"False\" included, it is on"
      : undefined;
    if (!how) return [];
    const wildcard = hasWildcardHost(s.get("ALLOWED_HOSTS")?.binding.value);
    const severity: Severity = wildcard ? "warning" : "notice";
    const risk = wildcard
      ? "and ALLOWED_HOSTS accepts any host ('*'), so any client can choose the host in password-reset links and other absolute URLs. List the real hosts in ALLOWED_HOSTS"
      : "so a client can choose the host Django builds absolute URLs from unless the proxy in front overwrites the header. Make sure it does";
    return [at(forwarded, severity, `USE_X_FORWARDED_HOST ${how}${origin(s, forwarded)}: Django takes the host from the X-Forwarded-Host header, ${risk}.`)];
  },
};
