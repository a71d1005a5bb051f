// Versioned judge prompt templates (documented in docs/judges.md); a template id is part of every verdict's cache key.
import type { JudgeKind } from './types.ts';

/** A template: `{{name}}` placeholders, and `{{#name}}…{{/name}}` sections kept only when `name` is non-empty. */
export interface JudgeTemplate {
  id: string;
  kind: JudgeKind;
  text: string;
}

const REPLY_JSON = 'Reply with only a JSON object, no other text: {"verdict": "pass" or "fail", "score": an integer from 1 to 5, "reason": "one or two sentences"}.';

/**
 * Data blocks come first and instructions refer to them by name in capitals, so an instruction never opens a tag the
 * data did not close. Change a template's text only under a new id (`rubric@2`): old verdicts stay valid for `@1`.
 */
export const TEMPLATES = {
  'rubric@1': {
    id: 'rubric@1',
    kind: 'rubric',
    text: `You are grading an AI assistant's response.

<question>
{{question}}
</question>

<response>
{{response}}
</response>

<rubric>
{{rubric}}
</rubric>

Grade the RESPONSE to the QUESTION against the RUBRIC. {{scale}}
${REPLY_JSON}`,
  },
  'reference@1': {
    id: 'reference@1',
    kind: 'reference',
    text: `You are checking an AI assistant's answer against a reference answer.

<question>
{{question}}
</question>

<reference>
{{reference}}
</reference>

<response>
{{response}}
</response>

Decide whether the RESPONSE gives an answer equivalent to the REFERENCE for the QUESTION. Wording, formatting and
working may differ; the final answer must agree. Use "pass" when equivalent, "fail" otherwise; the score says how
close it is (5 equivalent, 1 unrelated or wrong).
${REPLY_JSON}`,
  },
  'pairwise@1': {
    id: 'pairwise@1',
    kind: 'pairwise',
    text: `You are comparing two AI assistant responses to the same question.

<question>
{{question}}
</question>
{{#reference}}
<reference>
{{reference}}
</reference>
{{/reference}}
<response_a>
{{response_a}}
</response_a>

<response_b>
{{response_b}}
</response_b>

Which response answers the QUESTION better{{#reference}}, taking the REFERENCE answer as correct{{/reference}}? {{rubric}}
Judge only the content, not the order or the length. Answer "tie" when neither is better.
Reply in exactly this form: <reason>one or two sentences</reason><winner>A</winner> (or B, or tie).`,
  },
} as const satisfies Record<string, JudgeTemplate>;

export type TemplateId = keyof typeof TEMPLATES;

/** The latest template of each kind. */
export const DEFAULT_TEMPLATE: Record<JudgeKind, TemplateId> = { rubric: 'rubric@1', reference: 'reference@1', pairwise: 'pairwise@1' };

export const DEFAULT_RUBRIC = 'The response answers the question correctly and completely, and its final answer is clearly stated.';
export const DEFAULT_PAIRWISE_CRITERIA = 'Prefer the response that is correct; if both are, prefer the clearer one.';

export const SCALE_TEXT = {
  'pass-fail': 'Use "pass" when the response fully meets the rubric and "fail" otherwise; the score is secondary.',
  '1-5': 'The score matters: 5 fully meets the rubric, 3 partly, 1 not at all; "pass" means a score of 4 or 5.',
} as const;

export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(TEMPLATES, id);
}

// Tags the templates use: a response that writes one would otherwise end its own block early. Matched loosely, as a
// reader would take them (`</response >`, `</response\n>`, `</ response_a>`, `<response id="x">`), up to the next `>`
// unless another `<` comes first; a tag left without its `>` still loses its `<`.
const OWN_TAGS = /<(\s*\/?\s*(?:question|reference|response_a|response_b|response|rubric)\b[^<>]*)(>?)/gi;

/** Swaps the angle brackets of the templates' tags for ‹ › and keeps everything between them. */
function neutralise(value: string): string {
  return value.replace(OWN_TAGS, (_m, inner: string, close: string) => `‹${inner}${close ? '›' : ''}`);
}

/** Fills a template. Unknown placeholders render empty; inserted values cannot open or close the template's tags. */
export function renderTemplate(text: string, values: Record<string, string | undefined>): string {
  const sections = text.replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_m, name: string, body: string) => (values[name] ? body : ''));
  return sections.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => neutralise(values[name] ?? ''));
}
