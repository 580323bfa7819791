// Inline expectations (semgrep style): `# ruleid: DJS001 error` above a line that must give that
// finding, `# ok: DJS004` above one that must not. The line meant is the next one that is not itself
// an expectation comment.
export interface Expectation {
  line: number;
  ruleId: string;
  severity?: string;
  ok: boolean;
}

// A comment line of any format (#, //, ;), or, in a notebook, a code cell's source line holding one.
const EXPECT = /^\s*"?(?:#|\/\/|;)\s*(ruleid|ok):\s*(DJS\d{3})(?:\s+(error|warning|notice))?\s*(?:\\n)?(?:",?)?\s*$/;

export function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r\n|\n|\r/);
  const out: Expectation[] = [];
  let pending: Omit<Expectation, "line">[] = [];
  lines.forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) {
      pending.push({ ok: m[1] === "ok", ruleId: m[2]!, ...(m[3] ? { severity: m[3] } : {}) });
      return;
    }
    for (const p of pending) out.push({ ...p, line: i + 1 });
    pending = [];
  });
  return out;
}
