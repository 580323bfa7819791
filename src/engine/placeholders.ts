// Placeholder vocabulary and template syntax: values that are not real keys. Kept as data, so a
// reviewer can read the whole list and a config file can add to it (gitleaks-style allowlists).

/** Exact values (compared lower-cased, trimmed) seen as stand-ins for a key in real repositories. */
export const PLACEHOLDER_WORDS: readonly string[] = [
  "changeme", "changeme!!!", "change_me", "change-me", "please_change_me", "__changeme__",
  "change_me__generate_a_random_secret", "your-secret-key", "your_secret_key",
  "your-secret-key-change-in-production", "secret", "secretkey", "secret_key", "secret-key", "no-secret",
  "set_me_in_prod", "dummysecret", "dummy", "test", "temp", "temp_value", "build", "build-time-secret",
  "foo", "bar", "x", "xxx", "top-secret", "topsecret", "django-secret-key", "dev-secret-key",
  "super-secret-key-for-dev-only", "string", "generated_by_django", "a-long-and-random-string",
  "a_secret_key", "somerandomkey", "fall back value", "...im incredibly still here...",
  "secret_key_goes_here", "your_secret_key_here", "longhairdontcare", "you-will-never-guess",
  "1", "none", "null", "nil", "undefined", "password", "default", "development", "insecure",
  "notsecret", "not-secret", "not_secret", "local", "localdev", "devkey", "dev", "testkey", "test-key",
  "testing", "ci", "placeholder", "redacted", "unset", "todo", "fixme",
];

/**
 * Words and shapes that mark a stand-in wherever they sit in the value (RULES.md 4.1). The negative
 * look-ahead keeps a real startproject key (`django-insecure-` + 50 generated characters) out.
 */
export const PLACEHOLDER_PATTERN =
  /(change[-_ ]?me|your[-_ ]|replace|placeholder|example|sample|dummy|fake|^test|todo|xxx+|not[-_]?secret|insecure(?!-[a-z0-9!@#$%^&*(\-_=+)]{50}$)|^secret(_?key)?$|goes[-_]here|set[-_]me|for[-_ ]?(dev|local|test)|(dev|local|test)[-_ ]?only)/i;

/** Unrendered template syntax: the real value is filled in elsewhere, so there is nothing to judge. */
export const TEMPLATE_PATTERNS: readonly RegExp[] = [
  // The first two read "a `}}` somewhere after the first `{{`": anchored, and unable to pass that
  // first `{{`, so a value of many `{{` and no `}}` costs one pass, not one per `{{` (`/\{\{.*\}\}/s` did).
  /^(?:[^{]|\{(?!\{))*\{\{[\s\S]*\}\}/, // Django, Jinja, Helm: {{ secret_key }}, {{ .Values.x }}
  /^(?:[^$]|\$(?!\{\{))*\$\{\{[\s\S]*\}\}/, // GitHub expressions: ${{ secrets.X }}
  /^\$\{[^}]*\}$/, // ${SECRET_KEY}, ${SECRET_KEY:?error}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $SECRET_KEY
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %SECRET_KEY%
  /^<[^<>]+>$/, // <your-key-here>
  /^__[A-Za-z0-9_]+__$/, // __SECRETKEY__
  /^#\{[^}]*\}$/, // #{SECRET_KEY}
  /^\{[A-Z_]+\}$/, // {REPLACE_ME}
  /^!!!.*!!!$/, // !!!SET DJANGO_SECRET_KEY!!! (cookiecutter-django before its hook runs)
  /^@(format|jinja|get|str|int|bool|json|float|read_file|insert|merge)\b/, // dynaconf's lazy values: @format {env[X]}
  /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, // AWS_SECRET_ACCESS_KEY: the name of a variable that holds the key, not a key
];
