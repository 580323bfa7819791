import { secretHash } from "../engine/secret.ts";
import type { BindingRule } from "../engine/types.ts";
import { KNOWN_PUBLIC_KEY_HASHES, KNOWN_PUBLIC_KEY_LENGTHS } from "./known-public-keys.ts";
import { literalOrDefault, ROTATE, sentence, subject } from "./secret-key-bindings.ts";

export const rule: BindingRule = {
  id: "DJS015",
  name: "known-public-key",
  defaultSeverity: "error",
  cwe: [798, 1392],
  docs: {
    summary: "The key is one published in a tutorial, book, documentation or project template: anyone can look it up.",
    whatItDoes:
      "Compares every committed value (in any file, under any name) with a shipped list of keys that are public because they are printed in well-known places and copied into many repositories. The list holds only SHA-256 hashes.",
    whyIsThisBad:
      "A key from a tutorial may pass Django's W009 check and look random, but it is in attackers' word lists: sessions, password-reset tokens and signed cookies made with it can be forged by anyone, wherever the file sits.",
    example: "SECRET_KEY = '<the key printed in a popular tutorial>'",
    useInstead: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # a new key from get_random_secret_key()',
    references: ["https://docs.djangoproject.com/en/stable/ref/settings/#secret-key"],
  },
  judge(b) {
    const secret = literalOrDefault(b.value);
    // Only values of a published key's length are worth hashing.
    if (!secret || !KNOWN_PUBLIC_KEY_LENGTHS.has(secret.length)) return undefined;
    const source = KNOWN_PUBLIC_KEY_HASHES.get(secretHash(secret));
    if (!source) return undefined;
    return {
      severity: "error",
      secret,
      message: `${sentence(subject(b))} is a publicly known key (${source}): whatever its file, anyone can forge what Django signs with it. ${ROTATE}`,
    };
  },
};
