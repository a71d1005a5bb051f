// What the built-in models "understand": word-problem templates (shared with the example-suite generator) and plain expressions.

/** A word-problem template: the generator renders it, the models recognise it with `pattern` and solve it. */
export interface WordProblem {
  tags: string[];
  /** How many numbers `render` takes. */
  arity: number;
  render(numbers: number[], name: string): string;
  /** Captures the numbers in the order `solve` expects. */
  pattern: RegExp;
  /** The arithmetic over the numbers `pattern` captured (not `render`'s inputs), as the models show their working. */
  expression(numbers: number[]): string;
}

const n = (numbers: number[], i: number): number => numbers[i] ?? 0;

export const WORD_PROBLEMS = {
  packs: {
    tags: ['word-problem', 'multi-step'],
    arity: 3,
    render: (x, name) => `A shop sells pencils in packs of ${n(x, 0)}. ${name} buys ${n(x, 1)} packs and gives away ${n(x, 2)} pencils. How many pencils does ${name} have now?`,
    pattern: /packs of (\d+)\. \S+ buys (\d+) packs and gives away (\d+) pencils/,
    expression: (x) => `${n(x, 0)} * ${n(x, 1)} - ${n(x, 2)}`,
  },
  train: {
    tags: ['word-problem', 'multiplication'],
    arity: 2,
    render: (x) => `A train travels at ${n(x, 0)} km/h for ${n(x, 1)} hours. How many kilometres does it cover?`,
    pattern: /at (\d+) km\/h for (\d+) hours/,
    expression: (x) => `${n(x, 0)} * ${n(x, 1)}`,
  },
  marbles: {
    tags: ['word-problem', 'multi-step'],
    arity: 3,
    render: (x, name) => `${name} has ${n(x, 0)} marbles, finds ${n(x, 1)} more and then loses ${n(x, 2)}. How many marbles does ${name} have?`,
    pattern: /has (\d+) marbles, finds (\d+) more and then loses (\d+)/,
    expression: (x) => `${n(x, 0)} + ${n(x, 1)} - ${n(x, 2)}`,
  },
  cookies: {
    tags: ['word-problem', 'division'],
    arity: 2,
    render: (x) => `${n(x, 0) * n(x, 1)} cookies are shared equally among ${n(x, 1)} children. How many cookies does each child get?`,
    pattern: /(\d+) cookies are shared equally among (\d+) children/,
    expression: (x) => `${n(x, 0)} / ${n(x, 1)}`,
  },
  apples: {
    tags: ['word-problem', 'addition', 'non-ascii'],
    arity: 2,
    render: (x) => `りんごが${n(x, 0)}個あります。さらに${n(x, 1)}個買うと、全部で何個になりますか？`,
    pattern: /りんごが(\d+)個あります。さらに(\d+)個買う/,
    expression: (x) => `${n(x, 0)} + ${n(x, 1)}`,
  },
  jar: {
    tags: ['word-problem', 'multi-step', 'non-ascii'],
    arity: 3,
    render: (x) => `🍪 A jar holds ${n(x, 0)} cookies. You bake ${n(x, 1)} trays of ${n(x, 2)} cookies and add them all. How many cookies are in the jar now? 🎉`,
    pattern: /holds (\d+) cookies\. You bake (\d+) trays of (\d+) cookies/,
    expression: (x) => `${n(x, 0)} + ${n(x, 1)} * ${n(x, 2)}`,
  },
} satisfies Record<string, WordProblem>;

export type WordProblemName = keyof typeof WORD_PROBLEMS;

/** A solved prompt: the expression the model worked out and its value. */
export interface Solution {
  expression: string;
  value: number;
}

/** Solves a prompt: first the word-problem templates, then the longest arithmetic expression in the text. */
export function solvePrompt(text: string): Solution | undefined {
  for (const problem of Object.values(WORD_PROBLEMS) as WordProblem[]) {
    const match = problem.pattern.exec(text);
    if (!match) continue;
    const numbers = match.slice(1).map(Number);
    const expression = problem.expression(numbers);
    const value = evaluate(expression);
    if (value !== undefined) return { expression, value };
  }
  const normalised = text.replace(/×/g, '*').replace(/÷/g, '/').replace(/−/g, '-');
  const candidates = normalised.match(/[\d(][\d\s+\-*/().]*[\d)]/g) ?? [];
  let best: Solution | undefined;
  for (const raw of candidates) {
    const expression = raw.trim().replace(/\s+/g, ' ');
    if (!/\d\s*[-+*/]\s*[(\d]/.test(expression)) continue;
    const value = evaluate(expression);
    if (value !== undefined && (!best || expression.length > best.expression.length)) best = { expression, value };
  }
  return best;
}

/** Formats a number the way the models print answers: integers plainly, others to at most 4 decimals. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

/** Evaluates + - * / and parentheses over decimal numbers; undefined for anything else or division by zero. */
export function evaluate(expression: string): number | undefined {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const primary = (): number => {
    const token = tokens[pos++];
    if (token === '(') {
      const value = sum();
      if (tokens[pos++] !== ')') throw new Error('unbalanced');
      return value;
    }
    if (token === '-') return -primary();
    if (token !== undefined && /^\d/.test(token)) return Number(token);
    throw new Error(`unexpected ${token ?? 'end'}`);
  };
  const product = (): number => {
    let value = primary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[pos++];
      const rhs = primary();
      if (op === '/' && rhs === 0) throw new Error('division by zero');
      value = op === '*' ? value * rhs : value / rhs;
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[pos++];
      const rhs = product();
      value = op === '+' ? value + rhs : value - rhs;
    }
    return value;
  };
  try {
    const value = sum();
    return pos === tokens.length && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
