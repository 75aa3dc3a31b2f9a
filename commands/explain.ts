import { ApplicationCommandOptionType } from 'discord.js';
import type { Command, Services } from '../src/command.ts';
import { readability } from '../src/embedding/readable.ts';
import { UserError } from '../src/errors.ts';
import { ANYWHERE, type ArgumentsOf, MAX_TEXT, slashCommand } from '../src/input.ts';
import { compareVectors } from '../src/math/compare.ts';
import { norm } from '../src/math/vector.ts';
import { requireText } from '../src/text.ts';
import { round } from '../src/verdict.ts';
import { explainCli } from './explain/cli.ts';
import { explainComponents, renderExplain } from './explain/discord.ts';
import { explainPages, TOPICS } from './explain/pages.ts';
import type { Contribution, ExplainResult, LiveExplain } from './explain/types.ts';

export { explainPages, TOPICS } from './explain/pages.ts';
export type * from './explain/types.ts';

/** How many dimensions each of "together" and "apart" lists. */
export const TOP_DIMENSIONS = 5;

const contribution = (dimension: number, a: number, b: number): Contribution => ({
  dimension,
  a: round(a),
  b: round(b),
  product: round(a * b),
});

/** The numbers behind /similar for two sentences, from the same vectors and the same rounding. */
export async function liveExplain(
  rawA: string,
  rawB: string,
  { embedder }: Pick<Services, 'embedder'>,
): Promise<LiveExplain> {
  const a = requireText(rawA, 'first sentence', MAX_TEXT);
  const b = requireText(rawB, 'second sentence', MAX_TEXT);
  const [info, [ea, eb], piecesA, piecesB] = await Promise.all([
    embedder.ready(),
    embedder.embedMany([a, b]),
    embedder.pieces(a),
    embedder.pieces(b),
  ]);
  const va = ea!.vector;
  const vb = eb!.vector;
  const scores = compareVectors(va, vb);
  const terms = Array.from(va, (x, i) => ({ i, product: x * vb[i]! }));
  const byProduct = [...terms].sort((x, y) => y.product - x.product || x.i - y.i);
  const pick = (list: typeof terms) => list.map((t) => contribution(t.i, va[t.i]!, vb[t.i]!));
  return {
    a: { text: a, pieces: piecesA, tokens: ea!.tokens, truncated: ea!.truncated },
    b: { text: b, pieces: piecesB, tokens: eb!.tokens, truncated: eb!.truncated },
    window: info.window,
    dimensions: va.length,
    dot: scores.dot,
    normA: round(norm(va)),
    normB: round(norm(vb)),
    cosine: scores.cosine,
    euclidean: scores.euclidean,
    verdict: scores.verdict,
    ...readability([a, b], [ea, eb]),
    firstTerms: pick(terms.slice(0, 3)),
    together: pick(byProduct.filter((t) => t.product > 0).slice(0, TOP_DIMENSIONS)),
    apart: pick(
      byProduct
        .filter((t) => t.product < 0)
        .reverse()
        .slice(0, TOP_DIMENSIONS),
    ),
  };
}

const data = slashCommand({
  name: 'explain',
  description: 'How embeddings work, step by step',
  ...ANYWHERE,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'topic',
      description: 'Jump to a page',
      choices: explainPages().map((p) => ({ name: p.title, value: p.topic })),
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'a',
      description: 'A sentence to work through, step by step (with b)',
      min_length: 1,
      max_length: MAX_TEXT,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'b',
      description: 'The sentence to compare it with',
      min_length: 1,
      max_length: MAX_TEXT,
    },
  ],
});

/** A topic to jump to, or two sentences to work through live (both or neither). */
export type ExplainInput = ArgumentsOf<typeof data>;

export const explain: Command<ExplainInput, ExplainResult> = {
  data,

  // Only with a and b; the pages alone answer at once.
  usesModel: true,

  async run(input, services) {
    const pages = explainPages();
    if (input.a !== undefined || input.b !== undefined) {
      if (input.a === undefined || input.b === undefined) {
        throw new UserError('Give both sentences, a and b, to see the numbers worked through.');
      }
      return { start: 0, pages, live: await liveExplain(input.a, input.b, services) };
    }
    if (input.topic === undefined) return { start: 0, pages };
    const start = pages.findIndex((p) => p.topic === input.topic);
    if (start < 0) throw new UserError(`There is no topic "${input.topic}". Topics: ${TOPICS.join(', ')}.`);
    return { start, pages };
  },

  discord: { render: renderExplain, components: explainComponents },
  cli: explainCli,
};
