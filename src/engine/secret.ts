// The one place a found secret's raw text lives. A Secret prints, serialises and inspects as its
// redacted form only; the raw text leaves this module through three doors: the shape profile (made
// when a rule first asks for it), a hash (fingerprints, reuse, deny-lists) and the mask call
// (core.setSecret).
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { placeholderKey, profile, RE_URL_PASSWORD, type ValueProfile } from "./key-shape.ts";

const raw = new WeakMap<Secret, string>();

/** Shorter values are not masked: the runner would blank that word everywhere in the job's log. */
export const MIN_MASK_LENGTH = 8;
/** Shorter values show no characters at all, only their length. */
const MIN_PREFIX_LENGTH = 16;
const PREFIX_CHARS = 4;

export class Secret {
  #profile: ValueProfile | undefined;
  readonly #placeholders: ReadonlySet<string> | undefined;

  constructor(text: string, placeholders?: ReadonlySet<string>) {
    raw.set(this, text);
    this.#placeholders = placeholders;
  }

  /** Its shape, made when first asked for: most values a file binds are never judged (no rule reads their name). */
  get profile(): ValueProfile {
    return (this.#profile ??= profile(raw.get(this) ?? "", this.#placeholders));
  }

  get length(): number {
    return (raw.get(this) ?? "").length;
  }

  /** At most the first four characters and the length: enough to find it, not enough to use it. */
  redacted(): string {
    const text = raw.get(this) ?? "";
    const shown = text.length >= MIN_PREFIX_LENGTH ? text.slice(0, PREFIX_CHARS) : "";
    return `${shown}*** (${text.length} chars)`;
  }

  toString(): string {
    return this.redacted();
  }

  toJSON(): string {
    return this.redacted();
  }

  [inspect.custom](): string {
    return `Secret(${this.redacted()})`;
  }
}

/** SHA-256 of the raw value, hex: for fingerprints and comparing values without holding them. */
export function secretHash(secret: Secret): string {
  return createHash("sha256").update(raw.get(secret) ?? "", "utf8").digest("hex");
}

/**
 * The same value judged again with a project's own placeholder values (config `placeholders`): the
 * original when they change nothing, so most values are not profiled twice.
 */
export function withPlaceholders(secret: Secret, placeholders: ReadonlySet<string>): Secret {
  const text = raw.get(secret) ?? "";
  if (!placeholders.has(placeholderKey(text)) || secret.profile.placeholder) return secret;
  return new Secret(text, placeholders);
}

/** Hands the raw value to a masker (core.setSecret) so the runner hides it in every later log line. */
export function maskSecret(secret: Secret, mask: (value: string) => void): void {
  const text = raw.get(secret) ?? "";
  if (text.length >= MIN_MASK_LENGTH) mask(text);
}

/** The password of a `scheme://user:password@host` value, as a Secret of its own (URL-decoded). */
export function urlPassword(secret: Secret): Secret | undefined {
  const m = RE_URL_PASSWORD.exec(raw.get(secret) ?? "");
  if (!m) return undefined;
  let password = m[1]!;
  try {
    password = decodeURIComponent(password);
  } catch {
    // a stray % is kept as it is
  }
  return new Secret(password);
}
