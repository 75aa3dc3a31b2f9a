import { ApplicationCommandOptionType } from 'discord.js';
import type { Command } from '../src/command.ts';
import { clip, LIMITS, userText } from '../src/discord/limits.ts';
import {
  bar,
  COLOURS,
  pictureFiles,
  pictureImage,
  type Reply,
  unreadableContent,
} from '../src/discord/ui.ts';
import { readability } from '../src/embedding/readable.ts';
import { UserError, ZeroVectorError } from '../src/errors.ts';
import { ANYWHERE, type ArgumentsOf, requiredText, slashCommand } from '../src/input.ts';
import { add, cosine, normalize, subtract } from '../src/math/vector.ts';
import { analogyPicture } from '../src/pictures/analogy.ts';
import { hasVisibleText, requireText } from '../src/text.ts';
import { round } from '../src/verdict.ts';
import { analogyCli } from './analogy/cli.ts';
import type { AnalogyResult } from './analogy/types.ts';

export type * from './analogy/types.ts';

const MAX_WORD = 100;
const MAX_CANDIDATES = 200;

const data = slashCommand({
  name: 'analogy',
  description: 'Vector arithmetic: a − b + c (king − man + woman ≈ ?)',
  ...ANYWHERE,
  options: [
    requiredText('a', 'Start from (e.g. king)', MAX_WORD),
    requiredText('b', 'Take away (e.g. man)', MAX_WORD),
    requiredText('c', 'Add (e.g. woman)', MAX_WORD),
    {
      type: ApplicationCommandOptionType.String,
      name: 'candidates',
      description: 'Words to rank, separated by commas (default: built-in vocabulary)',
      min_length: 1,
      max_length: 2000,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'include_inputs',
      description: 'Also rank a, b and c themselves (they usually win)',
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'top',
      description: 'How many results (default 5)',
      min_value: 1,
      max_value: 20,
    },
  ],
});

/**
 * The options by name (`candidates`: comma-separated words to rank, the built-in vocabulary when
 * absent), and `picture`: draw the picture (default true; the CLI draws it only for --image).
 */
export type AnalogyInput = ArgumentsOf<typeof data> & { picture?: boolean };

export function parseCandidates(list: string): string[] {
  const words = [...new Set(list.split(/[,\n]/).map((w) => w.trim()))].filter(hasVisibleText);
  if (words.length === 0) throw new UserError('The candidate list is empty: give words separated by commas.');
  if (words.length > MAX_CANDIDATES) {
    throw new UserError(`That is ${words.length} candidates; the limit is ${MAX_CANDIDATES}.`);
  }
  const long = words.find((w) => w.length > MAX_WORD);
  if (long) throw new UserError(`The candidate "${long.slice(0, 20)}…" is over ${MAX_WORD} characters.`);
  return words;
}

export const analogy: Command<AnalogyInput, AnalogyResult> = {
  data,

  usesModel: true,

  async run(input, { embedder, vocabulary }) {
    const a = requireText(input.a, 'word a', MAX_WORD);
    const b = requireText(input.b, 'word b', MAX_WORD);
    const c = requireText(input.c, 'word c', MAX_WORD);
    const top = Math.min(Math.max(Math.floor(input.top ?? 5), 1), 50);
    const includeInputs = input.include_inputs ?? false;

    let words: string[];
    let vectors: Float32Array[];
    if (input.candidates !== undefined && hasVisibleText(input.candidates)) {
      words = parseCandidates(input.candidates);
      vectors = (await embedder.embedMany(words)).map((e) => e.vector);
    } else {
      ({ words, vectors } = await vocabulary.load(embedder));
    }

    // gensim's convention: unit vectors in, combine, back to unit length, rank by cosine.
    const given = await embedder.embedMany([a, b, c]);
    const [va, vb, vc] = given.map((e) => normalize(e.vector));
    let target: Float32Array;
    try {
      target = normalize(add(subtract(va!, vb!), vc!));
    } catch (error) {
      if (error instanceof ZeroVectorError) {
        throw new UserError(
          `${a} − ${b} + ${c} cancels out to nothing, so there is no direction to rank by.`,
        );
      }
      throw error;
    }

    const inputs = new Set([a, b, c].map((w) => w.toLowerCase()));
    const best = words
      .map((word, i) => ({
        word,
        score: cosine(target, vectors[i]!),
        input: inputs.has(word.toLowerCase()),
        vector: vectors[i]!,
      }))
      .filter((r) => includeInputs || !r.input)
      .sort((x, y) => y.score - x.score)
      .slice(0, top);
    const ranked = best.map(({ word, score, input }) => ({ word, score: round(score), input }));
    const picture =
      (input.picture ?? true)
        ? await analogyPicture({
            a: { word: a, vector: va! },
            b: { word: b, vector: vb! },
            c: { word: c, vector: vc! },
            candidates: best.map((r) => ({ word: r.word, vector: r.vector, score: round(r.score) })),
          })
        : undefined;

    return {
      expression: `${a} − ${b} + ${c}`,
      source:
        input.candidates !== undefined && hasVisibleText(input.candidates) ? 'candidates' : 'vocabulary',
      candidateCount: words.length,
      includeInputs,
      results: ranked,
      ...readability([a, b, c], given),
      ...(picture ? { picture } : {}),
    };
  },

  discord: { render: (r) => renderAnalogy(r) },
  cli: analogyCli,
};

function renderAnalogy(r: AnalogyResult): Reply {
  const best = r.results[0];
  const lines = r.results.map(
    (x, i) =>
      `\`${String(i + 1).padStart(2)}.\` ${bar(x.score)} **${userText(x.word, 100)}** ${x.score.toFixed(4)}${x.input ? ' *(input)*' : ''}`,
  );
  const from =
    r.source === 'vocabulary' ? `${r.candidateCount} built-in words` : `your ${r.candidateCount} candidates`;
  return {
    ...unreadableContent(r.unreadable),
    ...pictureFiles(r.picture),
    embeds: [
      {
        title: clip(`${r.expression} ≈ ${best ? best.word : '?'}`, LIMITS.embedTitle),
        color: COLOURS.blurple,
        description: lines.join('\n') || 'No candidates were left to rank.',
        footer: {
          text: `Ranked by cosine to normalise(a − b + c) from ${from} · ${r.includeInputs ? 'inputs included' : 'inputs left out (include_inputs shows them)'}`,
        },
        ...pictureImage(r.picture),
      },
    ],
  };
}
