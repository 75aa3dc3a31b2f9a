import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.ts';
import { cosine, norm } from '../src/math/vector.ts';
import { embedPicture } from '../src/pictures/embed.ts';
import type { Picture } from '../src/pictures/png.ts';
import { requireText } from '../src/text.ts';
import { round, verdict } from '../src/verdict.ts';

export interface EmbedInput {
  text: string;
  /** How many leading values to show (default 10). */
  values?: number;
  /** Attach every value as a file (transports decide how). */
  full?: boolean;
  /** A second text whose strip is drawn under the first. */
  compare?: string;
  /** Draw the picture (default true; the CLI draws it only for --image). */
  picture?: boolean;
}

export interface EmbedComparison {
  text: string;
  tokens: number;
  truncated: boolean;
  cosine: number;
  verdict: string;
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
  compare?: EmbedComparison;
  picture?: Picture;
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
    .addStringOption((o) =>
      o
        .setName('compare')
        .setDescription('A second text: its strip is drawn under the first, to compare')
        .setMinLength(1)
        .setMaxLength(MAX_TEXT),
    )
    .toJSON(),

  usesModel: true,

  async run(input, { embedder }) {
    const text = requireText(input.text, 'text', MAX_TEXT);
    const count = Math.min(Math.max(Math.floor(input.values ?? 10), 1), 384);
    const other =
      input.compare === undefined ? undefined : requireText(input.compare, 'text to compare', MAX_TEXT);
    const [info, e, o] = await Promise.all([
      embedder.ready(),
      embedder.embed(text),
      other === undefined ? undefined : embedder.embed(other),
    ]);
    const vector = Array.from(e.vector);
    let compare: EmbedComparison | undefined;
    if (other !== undefined && o) {
      const c = round(cosine(e.vector, o.vector));
      compare = { text: other, tokens: o.tokens, truncated: o.truncated, cosine: c, verdict: verdict(c) };
    }
    const picture =
      (input.picture ?? true)
        ? await embedPicture(
            { text, vector: e.vector },
            compare && o
              ? { text: compare.text, vector: o.vector, cosine: compare.cosine, verdict: compare.verdict }
              : undefined,
          )
        : undefined;
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
      ...(compare ? { compare } : {}),
      ...(picture ? { picture } : {}),
    };
  },
};
