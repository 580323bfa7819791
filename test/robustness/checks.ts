// What the robustness tests share: spans checked against the text they point into, a fast-check
// runner whose failure report never prints a planted value, and a stopwatch that takes medians.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Span } from "../../src/engine/types.ts";

/** Offsets where each line starts, counting lines as LineIndex does (\r\n, \n, a lone \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) starts.push(i + 1);
  }
  return starts;
}

/** The span names real characters of the text: lines that exist, columns on them, start before end. */
export function assertSpanOnText(starts: readonly number[], length: number, span: Span, what: string): void {
  const where = `${what} ${JSON.stringify(span)}`;
  assert.ok(span.line >= 1 && span.line <= starts.length && span.column >= 1, `${where}: start outside the text`);
  assert.ok(span.endLine >= 1 && span.endLine <= starts.length && span.endColumn >= 1, `${where}: end outside the text`);
  const from = starts[span.line - 1]! + span.column - 1;
  const to = starts[span.endLine - 1]! + span.endColumn - 1;
  assert.ok(from <= length && to <= length, `${where}: past the end of the text`);
  // A start lies on its own line; an exclusive end may reach the next line's start (a span ending in a line break).
  assert.ok(span.line === starts.length || from < starts[span.line]!, `${where}: start column past its line`);
  assert.ok(span.endLine === starts.length || to <= starts[span.endLine]!, `${where}: end column past its line`);
  assert.ok(from <= to, `${where}: ends before it starts`);
}

/**
 * fc.assert, except that the failure report shows each of `hidden` (values planted in the inputs) as
 * its number: the report must not print a value the test checks is never printed.
 */
export function assertProperty<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number, hidden: readonly string[] = []): void {
  const details = fc.check(fc.property(arb, predicate), { numRuns });
  if (!details.failed) return;
  const redact = (s: string) => hidden.reduce((out, v, i) => out.replaceAll(v, `<planted #${i + 1}>`), s);
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  assert.fail(`${redact(error)}\ncounterexample: ${redact(fc.stringify(details.counterexample))}\nseed ${details.seed}, path ${details.counterexamplePath}`);
}

/** Median of `runs` timings of `fn`, in milliseconds. */
export function medianMs(fn: () => void, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}
