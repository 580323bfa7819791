import type { Severity, SettingsRule } from "../engine/types.ts";
import { at, literalTruth, origin, hasWildcardHost } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS031",
  name: "allowed-hosts-wildcard",
  defaultSeverity: "warning",
  cwe: [20, 644],
  docs: {
    summary: "ALLOWED_HOSTS accepts any host ('*'), which Django's own deploy check does not flag.",
    whatItDoes:
      "Finds '*' in ALLOWED_HOSTS, as a literal or as the default of an environment look-up (env.list(..., default=['*']), os.environ.get('ALLOWED_HOSTS', '*')). An error in production settings unless DEBUG is definitely False there; nothing in development and test settings. Django accepts '*' silently; this rule deliberately differs.",
    whyIsThisBad:
      "Django builds absolute URLs, password-reset links among them, from the Host header it validates against ALLOWED_HOSTS; '*' validates anything, so an attacker's Host ends up in the reset e-mail your users click.",
    example: 'ALLOWED_HOSTS = ["*"]',
    useInstead: 'ALLOWED_HOSTS = ["shop.example.com"]',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts", "https://docs.djangoproject.com/en/stable/topics/security/#host-headers-virtual-hosting"],
  },
  judgeSettings(s) {
    const hosts = s.get("ALLOWED_HOSTS");
    if (!hosts || !hasWildcardHost(hosts.binding.value)) return [];
    const role = s.module.role;
    if (role === "dev" || role === "test" || role === "example") return [];
    const debugOff = literalTruth(s.get("DEBUG")?.binding.value) === false || s.get("DEBUG") === undefined;
    const severity: Severity = role === "production" && !debugOff ? "error" : "warning";
    return [at(hosts, severity, `ALLOWED_HOSTS accepts any host ('*')${origin(s, hosts)}: Host-header poisoning can put an attacker's domain into password-reset links. List the real hosts.`)];
  },
};
