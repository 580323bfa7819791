// Django's own facts about keys (RULES.md 1.1, 1.2): how its generator shapes them and what its
// W009 check calls weak. Pure functions of a string, used only when a Secret is made.
import { PLACEHOLDER_PATTERN, PLACEHOLDER_WORDS, TEMPLATE_PATTERNS } from "./placeholders.ts";

/** The 50 symbols of `get_random_secret_key()` (django/core/management/utils.py, 1.10 to 5.2). */
export const DJANGO_KEY_CHARS = "a-z0-9!@#$%^&*(\\-_=+)";
export const INSECURE_PREFIX = "django-insecure-";
export const RE_DJANGO_INSECURE = new RegExp(`^${INSECURE_PREFIX}[${DJANGO_KEY_CHARS}]{50}$`);
export const RE_DJANGO_GENERATED = new RegExp(`^[${DJANGO_KEY_CHARS}]{50}$`);
/** A startproject key inside longer text (a comment, a docstring): exactly the prefix and 50 characters. */
export const RE_DJANGO_INSECURE_IN_TEXT = new RegExp(`${INSECURE_PREFIX}[${DJANGO_KEY_CHARS}]{50}`, "g");
export const RE_COOKIECUTTER_64 = /^[A-Za-z0-9]{64}$/;

/** security.W009 / W025: shorter than 50, fewer than 5 distinct characters, or Django's insecure prefix. */
export function djangoWeak(v: string): boolean {
  return v.length < 50 || new Set(v).size < 5 || v.startsWith(INSECURE_PREFIX);
}

export type KeyShape =
  | "django-insecure" // startproject 3.2+: django-insecure- and 50 generated characters
  | "django-generated" // get_random_secret_key(), startproject 1.10 to 3.1
  | "cookiecutter-64" // cookiecutter-django's post-generation hook
  | "random" // long and high in entropy, from some other generator
  | "plain"; // anything else

export type PlaceholderKind = "template" | "vocabulary" | "degenerate";

/** Credentials with a vendor's own shape, recognised whatever name they are bound to. */
export type CredentialShape = "aws-access-key-id" | "stripe-live-key" | "url-with-password";

export interface ValueProfile {
  length: number;
  credential?: CredentialShape;
  shape: KeyShape;
  /** Fails Django's W009 test. */
  weak: boolean;
  /** Why the value is a stand-in and not a key, when it is one. */
  placeholder?: PlaceholderKind;
}

/** Shannon entropy in bits per character. */
export function entropy(v: string): number {
  const counts = new Map<string, number>();
  // Characters, not UTF-16 units: an emoji is one character (dividing by v.length skewed the sum).
  let total = 0;
  for (const ch of v) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    total++;
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / total;
    h -= p * Math.log2(p);
  }
  return h;
}

function shapeOf(v: string): KeyShape {
  if (RE_DJANGO_INSECURE.test(v)) return "django-insecure";
  if (RE_DJANGO_GENERATED.test(v)) return "django-generated";
  if (RE_COOKIECUTTER_64.test(v)) return "cookiecutter-64";
  if (v.length >= 32 && entropy(v) >= 4.0) return "random";
  return "plain";
}

/** Mostly a run of consecutive characters (abcdefgh, 12345678): typed, not generated. */
function isSequential(v: string): boolean {
  if (v.length < 6) return false;
  let steps = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v.charCodeAt(i) - v.charCodeAt(i - 1)) === 1) steps++;
  return steps / (v.length - 1) >= 0.8;
}

/** How placeholder values are compared: case and surrounding blanks do not matter. */
export const placeholderKey = (v: string): string => v.trim().toLowerCase();

function placeholderOf(v: string, shape: KeyShape, extra?: ReadonlySet<string>): PlaceholderKind | undefined {
  const t = v.trim();
  if (TEMPLATE_PATTERNS.some((re) => re.test(t))) return "template";
  // A value with Django's generator shape is judged by its shape: random text can hold "xxx" by chance.
  if (shape === "django-insecure" || shape === "django-generated" || shape === "cookiecutter-64") return undefined;
  if (PLACEHOLDER_WORDS.includes(placeholderKey(t)) || extra?.has(placeholderKey(t)) || PLACEHOLDER_PATTERN.test(t)) return "vocabulary";
  if (new Set(t).size < 5 || isSequential(t)) return "degenerate";
  if (t.startsWith(INSECURE_PREFIX)) return "degenerate"; // hand-edited fake: django-insecure-abc123
  return undefined;
}

/** `scheme://user:password@host...`: the password part, when there is one. */
export const RE_URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@/\s]+)@/i;

function credentialOf(v: string): CredentialShape | undefined {
  if (/^(AKIA|ASIA)[0-9A-Z]{16}$/.test(v)) return "aws-access-key-id";
  if (/^[sr]k_live_[0-9A-Za-z]{20,}$/.test(v)) return "stripe-live-key";
  if (RE_URL_PASSWORD.test(v)) return "url-with-password";
  return undefined;
}

/** `placeholders`: a project's own stand-in values (config), compared by `placeholderKey`. */
export function profile(v: string, placeholders?: ReadonlySet<string>): ValueProfile {
  const shape = shapeOf(v);
  const placeholder = placeholderOf(v, shape, placeholders);
  const credential = credentialOf(v);
  return { length: v.length, shape, weak: djangoWeak(v), ...(placeholder ? { placeholder } : {}), ...(credential ? { credential } : {}) };
}

/** Looks like a key a generator made: the shapes that make a committed value a real leak. */
export const looksGenerated = (p: ValueProfile): boolean => !p.placeholder && p.shape !== "plain";

/** A real key: generated-looking, or long and varied enough to pass W009 and no placeholder. */
export const looksReal = (p: ValueProfile): boolean => looksGenerated(p) || (!p.weak && !p.placeholder);

export const SHAPE_WORDS: Record<KeyShape, string> = {
  "django-insecure": "a key generated by Django's startproject (django-insecure- prefix, 66 characters)",
  "django-generated": "a key in the shape of Django's get_random_secret_key() (50 characters)",
  "cookiecutter-64": "a 64-character key in the shape cookiecutter-django generates",
  random: "a long random-looking value",
  plain: "a literal value",
};
