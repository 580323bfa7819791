// A rule's docs rendered once, for every reporter (SARIF help, annotations, README). Built from the
// rule's own metadata only: nothing from a scanned file ever reaches this text.
import type { Rule } from "../engine/types.ts";

/** `DJS001 django-insecure-key (security.W009)`: the Django check only when the rule mirrors one. */
export function ruleTitle(rule: Rule): string {
  const check = rule.djangoCheck ? ` (${rule.djangoCheck})` : "";
  return `${rule.id} ${rule.name}${check}`;
}

/** Plain text, for places that show no markdown; code is indented so it stands apart. */
export function ruleHelpText(rule: Rule): string {
  const d = rule.docs;
  return [
    ruleTitle(rule),
    d.summary,
    `What it does\n${d.whatItDoes}`,
    `Why is this bad?\n${d.whyIsThisBad}`,
    `Example\n${indent(d.example)}`,
    `Use instead\n${indent(d.useInstead)}`,
    `References\n${d.references.map((r) => `- ${r}`).join("\n")}`,
  ].join("\n\n");
}

/** Markdown in Ruff's section layout; code in fenced python blocks, references as links. */
export function ruleHelpMarkdown(rule: Rule): string {
  const d = rule.docs;
  return [
    d.summary,
    `## What it does\n\n${d.whatItDoes}`,
    `## Why is this bad?\n\n${d.whyIsThisBad}`,
    `## Example\n\n${fenced(d.example)}`,
    `## Use instead\n\n${fenced(d.useInstead)}`,
    `## References\n\n${d.references.map((r) => `- <${r}>`).join("\n")}`,
  ].join("\n\n");
}

function indent(code: string): string {
  return code
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/** A fence longer than any backtick run inside the code, so the code cannot close it early. */
function fenced(code: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}python\n${code}\n${fence}`;
}
