import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.ts';
import { cosine, dot, euclidean } from '../src/math/vector.ts';
import { requireText } from '../src/text.ts';
import { round, verdict } from '../src/verdict.ts';
import { MAX_TEXT } from './embed.ts';

export interface SimilarInput {
  a: string;
  b: string;
}

export interface SimilarResult {
  a: string;
  b: string;
  cosine: number;
  euclidean: number;
  dot: number;
  verdict: string;
  truncated: boolean;
}

export const similar: Command<SimilarInput, SimilarResult> = {
  data: new SlashCommandBuilder()
    .setName('similar')
    .setDescription('How close in meaning are two sentences?')
    .addStringOption((o) =>
      o
        .setName('a')
        .setDescription('First sentence')
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_TEXT),
    )
    .addStringOption((o) =>
      o
        .setName('b')
        .setDescription('Second sentence')
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_TEXT),
    )
    .toJSON(),

  usesModel: true,

  async run(input, { embedder }) {
    const a = requireText(input.a, 'first sentence', MAX_TEXT);
    const b = requireText(input.b, 'second sentence', MAX_TEXT);
    const [ea, eb] = await embedder.embedMany([a, b]);
    const c = cosine(ea!.vector, eb!.vector);
    return {
      a,
      b,
      cosine: round(c),
      euclidean: round(euclidean(ea!.vector, eb!.vector)),
      dot: round(dot(ea!.vector, eb!.vector)),
      verdict: verdict(c),
      truncated: ea!.truncated || eb!.truncated,
    };
  },
};
