import { ApplicationCommandOptionType } from 'discord.js';
import type { Command } from '../src/command.ts';
import { LIMITS } from '../src/discord/limits.ts';
import {
  bar,
  MODEL,
  pictureFiles,
  pictureImage,
  quoted,
  type Reply,
  scoreColour,
  unreadableContent,
} from '../src/discord/ui.ts';
import { readability } from '../src/embedding/readable.ts';
import { UserError } from '../src/errors.ts';
import { ANYWHERE, type ArgumentsOf, MAX_TEXT, requiredText, slashCommand } from '../src/input.ts';
import { compareVectors } from '../src/math/compare.ts';
import { closestPair, farthestPair } from '../src/math/pairs.ts';
import { cosine } from '../src/math/vector.ts';
import { similarMatrixPicture, similarPairPicture } from '../src/pictures/similar.ts';
import { hasVisibleText, requireText } from '../src/text.ts';
import { round, verdict } from '../src/verdict.ts';
import { similarCli } from './similar/cli.ts';
import type { RankedPair, SimilarMatrixResult, SimilarPairResult, SimilarResult } from './similar/types.ts';

export type * from './similar/types.ts';

/** The options after a and b, in order: together up to ten sentences. */
export const EXTRA_SENTENCES = ['c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;
export const MAX_SENTENCES = 2 + EXTRA_SENTENCES.length;

const data = slashCommand({
  name: 'similar',
  description: 'How close in meaning are two sentences (or up to ten)?',
  ...ANYWHERE,
  options: [
    requiredText('a', 'First sentence', MAX_TEXT),
    requiredText('b', 'Second sentence', MAX_TEXT),
    ...EXTRA_SENTENCES.map((name) => ({
      type: ApplicationCommandOptionType.String as const,
      name,
      description: 'Another sentence (3 to 10 sentences give a heatmap of every pair)',
      min_length: 1,
      max_length: MAX_TEXT,
    })),
  ],
});

/**
 * Sentences a…j by name, or `lines`: one per line instead (the CLI's --lines), and `picture`: draw
 * the picture (default true; the CLI draws it only for --image).
 */
export type SimilarInput = Omit<ArgumentsOf<typeof data>, 'b'> & {
  b?: string;
  lines?: string;
  picture?: boolean;
};

/** The sentences of an input: `lines` one per line, or `a` alone split into lines, or a…j. */
export function sentencesOf(input: SimilarInput): string[] {
  const splitLines = (text: string) => text.split(/\r?\n/).filter(hasVisibleText);
  let raw: string[];
  if (input.lines !== undefined) raw = splitLines(input.lines);
  else {
    const options = [input.b, ...EXTRA_SENTENCES.map((k) => input[k])].filter(
      (s): s is string => s !== undefined,
    );
    raw = options.length === 0 && typeof input.a === 'string' ? splitLines(input.a) : [input.a, ...options];
  }
  if (raw.length > MAX_SENTENCES) {
    throw new UserError(`That is ${raw.length} sentences; /similar compares up to ${MAX_SENTENCES}.`);
  }
  if (raw.length < 2) {
    throw new UserError('Give at least two sentences to compare (b, or one sentence per line).');
  }
  const names = 'abcdefghij';
  return raw.map((s, k) =>
    requireText(
      s,
      k < 2 ? (k === 0 ? 'first sentence' : 'second sentence') : `sentence ${names[k]}`,
      MAX_TEXT,
    ),
  );
}

export const similar: Command<SimilarInput, SimilarResult> = {
  data,

  usesModel: true,

  async run(input, { embedder }) {
    const sentences = sentencesOf(input);
    const drawn = input.picture ?? true;
    const embeddings = await embedder.embedMany(sentences);
    const truncated = embeddings.some((e) => e.truncated);
    const readable = readability(sentences, embeddings);
    if (sentences.length === 2) {
      const [a, b] = sentences as [string, string];
      const scores = compareVectors(embeddings[0]!.vector, embeddings[1]!.vector);
      return {
        kind: 'pair',
        a,
        b,
        ...scores,
        ...readable,
        truncated,
        ...(drawn ? { picture: await similarPairPicture({ a, b, ...scores }) } : {}),
      };
    }
    const cosines = sentences.map((_, i) =>
      sentences.map((_, j) => (i === j ? 1 : round(cosine(embeddings[i]!.vector, embeddings[j]!.vector)))),
    );
    const ranked = ([i, j]: [number, number]): RankedPair => ({
      a: i,
      b: j,
      cosine: cosines[i]![j]!,
      verdict: verdict(cosines[i]![j]!),
    });
    return {
      kind: 'matrix',
      sentences,
      cosines,
      closest: ranked(closestPair(cosines)),
      farthest: ranked(farthestPair(cosines)),
      ...readable,
      truncated,
      ...(drawn ? { picture: await similarMatrixPicture({ sentences, cosines }) } : {}),
    };
  },

  discord: { render: (r) => (r.kind === 'matrix' ? renderMatrix(r) : renderPair(r)) },
  cli: similarCli,
};

const cutNote = (truncated: boolean): string =>
  truncated ? ' · a long text was cut to its first 256 tokens' : '';

function renderPair(r: SimilarPairResult): Reply {
  return {
    ...unreadableContent(r.unreadable),
    ...pictureFiles(r.picture),
    embeds: [
      {
        title: 'How close in meaning?',
        color: scoreColour(r.cosine),
        description: `**A** ${quoted(r.a, 1500)}\n**B** ${quoted(r.b, 1500)}`,
        fields: [
          { name: 'Cosine similarity', value: `${bar(r.cosine)} **${r.cosine.toFixed(4)}**\n${r.verdict}` },
          { name: 'Euclidean distance', value: r.euclidean.toFixed(4), inline: true },
          { name: 'Dot product', value: r.dot.toFixed(4), inline: true },
        ],
        footer: { text: `${MODEL} · cosine 1 = same direction, 0 = unrelated${cutNote(r.truncated)}` },
        ...pictureImage(r.picture),
      },
    ],
  };
}

function renderMatrix(r: SimilarMatrixResult): Reply {
  // Ten sentences share the description: each gets an equal part of it.
  const each = Math.floor((LIMITS.embedDescription - 40) / r.sentences.length) - 12;
  const pair = (p: RankedPair) =>
    `**${p.a + 1}** and **${p.b + 1}** · ${bar(p.cosine)} **${p.cosine.toFixed(4)}**\n${p.verdict}`;
  return {
    ...unreadableContent(r.unreadable),
    ...pictureFiles(r.picture),
    embeds: [
      {
        title: `How close in meaning? ${r.sentences.length} sentences`,
        color: scoreColour(r.closest.cosine),
        description: r.sentences.map((t, i) => `**${i + 1}** ${quoted(t, Math.min(each, 1000))}`).join('\n'),
        fields: [
          { name: 'Closest pair', value: pair(r.closest), inline: true },
          { name: 'Farthest pair', value: pair(r.farthest), inline: true },
        ],
        footer: { text: `${MODEL} · every pair's cosine is in the picture${cutNote(r.truncated)}` },
        ...pictureImage(r.picture),
      },
    ],
  };
}
