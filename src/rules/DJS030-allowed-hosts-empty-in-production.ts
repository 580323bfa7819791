import type { SettingsRule } from "../engine/types.ts";
import { at, unsetAt } from "./settings-values.ts";

export const rule: SettingsRule = {
  id: "DJS030",
  name: "allowed-hosts-empty-in-production",
  defaultSeverity: "warning",
  djangoCheck: "security.W020",
  cwe: [16],
  docs: {
    summary: "Production settings leave ALLOWED_HOSTS empty: Django answers 400 to every request (or, with DEBUG on, only to localhost).",
    whatItDoes: "Finds ALLOWED_HOSTS = [] (or never set, Django's default) in production settings, as Django's security.W020 does.",
    whyIsThisBad:
      "With DEBUG off, an empty ALLOWED_HOSTS rejects every request; the usual 'fix' under pressure is ['*'], which opens Host-header poisoning of password-reset links.",
    example: "ALLOWED_HOSTS = []",
    useInstead: 'ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")  # e.g. shop.example.com',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts"],
  },
  judgeSettings(s) {
    if (s.module.role !== "production") return [];
    const hosts = s.get("ALLOWED_HOSTS");
    const message = (what: string) => `ALLOWED_HOSTS is ${what} in production settings ${s.module.path} (Django's security.W020): Django will refuse every request. List the site's hosts, from the environment if they differ per deployment.`;
    // Unset, but maybe set in a star-imported module this scan did not see: say nothing rather than guess.
    if (!hosts && !s.complete) return [];
    if (!hosts) return [unsetAt(s, "warning", message("never set (Django's default is [])"))];
    const v = hosts.binding.value;
    return v.kind === "list" && v.items.length === 0 ? [at(hosts, "warning", message("empty"))] : [];
  },
};
