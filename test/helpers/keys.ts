// Made-up keys for tests, in the shapes Django's generators give: never a real one.
import { randomInt } from "node:crypto";

/** The alphabet of Django's get_random_secret_key() (and startproject's keys). */
export const DJANGO_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

/** `n` random characters of `alphabet`. */
export const randomText = (n: number, alphabet: string): string => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");

/** A key as get_random_secret_key() makes one: 50 characters of Django's alphabet. */
export const randomKeyPart = (n = 50): string => randomText(n, DJANGO_KEY_ALPHABET);

/** A key as `django-admin startproject` (Django 3.2+) writes one. */
export const startprojectKey = (): string => `django-insecure-${randomKeyPart()}`;

/** The same key every run (a fixed stride through the alphabet), where a test compares figures across runs. */
export const fixedKeyPart = (step: number): string => Array.from({ length: 50 }, (_, i) => DJANGO_KEY_ALPHABET[(i * step + 3) % DJANGO_KEY_ALPHABET.length]).join("");
