import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.ts';
import { norm } from '../src/math/vector.ts';
import { requireText } from '../src/text.ts';
import { round } from '../src/verdict.ts';

export interface EmbedInput {
  text: string;
  /** How many leading values to show (default 10). */
  values?: number;
  /** Attach every value as a file (transports decide how). */
  full?: boolean;
}

export interface EmbedResult {
  text: string;
  model: string;
  dtype: string;
  dimensions: number;
  tokens: number;
  window: number;
  truncated: boolean;
  norm: number;
  preview: number[];
  vector: number[];
}

export const MAX_TEXT = 2000;

export const embed: Command<EmbedInput, EmbedResult> = {
  data: new SlashCommandBuilder()
    .setName('embed')
    .setDescription('Turn text into its 384 numbers and look at them')
    .addStringOption((o) =>
      o
        .setName('text')
        .setDescription('The text to embed')
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_TEXT),
    )
    .addIntegerOption((o) =>
      o
        .setName('values')
        .setDescription('How many leading values to show (default 10)')
        .setMinValue(1)
        .setMaxValue(48),
    )
    .addBooleanOption((o) => o.setName('full').setDescription('Attach all the values as a JSON file'))
    .toJSON(),

  usesModel: true,

  async run(input, { embedder }) {
    const text = requireText(input.text, 'text', MAX_TEXT);
    const count = Math.min(Math.max(Math.floor(input.values ?? 10), 1), 384);
    const [info, e] = await Promise.all([embedder.ready(), embedder.embed(text)]);
    const vector = Array.from(e.vector);
    return {
      text,
      model: info.modelId,
      dtype: info.dtype,
      dimensions: vector.length,
      tokens: e.tokens,
      window: info.window,
      truncated: e.truncated,
      norm: round(norm(e.vector), 6),
      preview: vector.slice(0, count).map((x) => round(x)),
      vector,
    };
  },
};
