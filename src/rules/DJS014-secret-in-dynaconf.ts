import { baseName } from "../formats/format.ts";
import { keyInFileRule } from "./committed-value.ts";

const PRODUCTION_SECTION = /^(production|prod|live|deploy)$/i;
const SECRETS_FILE = /^\.?secrets\./;
const DEV_SECTION = /^(development|dev|local|testing|test)$/i;

export const rule = keyInFileRule({
  id: "DJS014",
  name: "secret-key-in-dynaconf",
  defaultSeverity: "error",
  cwe: [798],
  contexts: ["dynaconf"],
  docs: {
    summary: "dynaconf settings (settings.toml/.yaml, .secrets.*) commit SECRET_KEY.",
    whatItDoes:
      "Finds SECRET_KEY in dynaconf settings files by environment section: a literal in .secrets.* or a [production] section is an error, one in [default] (which every environment inherits) a warning, one in [development] a notice.",
    whyIsThisBad:
      "dynaconf's own init git-ignores .secrets.* because real values belong there; committed, the key is public. [default] values reach production whenever nothing overrides them.",
    example: '[production]\nSECRET_KEY = "kP3x..."',
    useInstead: "# .secrets.toml, git-ignored; or the DJANGO_SECRET_KEY environment variable with DjangoDynaconf",
    references: ["https://www.dynaconf.com/django/", "https://www.dynaconf.com/secrets/"],
  },
  policy: ({ role, path }, b) => {
    const section = b.section ?? "";
    if (role === "test" || role === "example") return { real: "notice", weak: undefined, placeholder: undefined };
    // dynaconf keeps real values in .secrets.*: committed, that file is the production key.
    if (SECRETS_FILE.test(baseName(path)) || PRODUCTION_SECTION.test(section) || role === "production") return { real: "error", weak: "warning", placeholder: "notice" };
    if (DEV_SECTION.test(section) || role === "dev") return { real: "notice", weak: undefined, placeholder: undefined };
    return { real: "warning", weak: undefined, placeholder: undefined };
  },
});
