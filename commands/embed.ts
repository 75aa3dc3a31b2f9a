import { ApplicationCommandOptionType } from 'discord.js';
import type { Command } from '../src/command.ts';
import { clip, LIMITS } from '../src/discord/limits.ts';
import {
  bar,
  COLOURS,
  pictureFile,
  pictureImage,
  quoted,
  type Reply,
  unreadableContent,
} from '../src/discord/ui.ts';
import { readability } from '../src/embedding/readable.ts';
import { ANYWHERE, type ArgumentsOf, MAX_TEXT, requiredText, slashCommand } from '../src/input.ts';
import { cosine, norm } from '../src/math/vector.ts';
import { embedPicture } from '../src/pictures/embed.ts';
import { requireText } from '../src/text.ts';
import { round, verdict } from '../src/verdict.ts';
import { embedCli } from './embed/cli.ts';
import type { EmbedComparison, EmbedResult } from './embed/types.ts';

export type * from './embed/types.ts';

const data = slashCommand({
  name: 'embed',
  description: 'Turn text into its 384 numbers and look at them',
  ...ANYWHERE,
  options: [
    requiredText('text', 'The text to embed', MAX_TEXT),
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'values',
      description: 'How many leading values to show (default 10)',
      min_value: 1,
      max_value: 48,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'full',
      description: 'Attach all the values as a JSON file',
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'compare',
      description: 'A second text: its strip is drawn under the first, to compare',
      min_length: 1,
      max_length: MAX_TEXT,
    },
  ],
});

/** The options by name (`values`: how many leading values to show; `full`: attach them all), and
 * `picture`: draw the picture (default true; the CLI draws it only for --image). */
export type EmbedInput = ArgumentsOf<typeof data> & { picture?: boolean };

export const embed: Command<EmbedInput, EmbedResult> = {
  data,

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
      ...readability(other === undefined ? [text] : [text, other], [e, o]),
      ...(picture ? { picture } : {}),
    };
  },

  discord: { render: (r, input) => renderEmbed(r, input.full === true) },
  cli: embedCli,
};

function renderEmbed(r: EmbedResult, withFile: boolean): Reply {
  const values = r.preview.map((x) => (x >= 0 ? ` ${x.toFixed(4)}` : x.toFixed(4)));
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += 4) rows.push(values.slice(i, i + 4).join('  '));
  const compare = r.compare
    ? [
        {
          name: 'Compared with',
          value: `${quoted(r.compare.text, 700)}\n${bar(r.compare.cosine)} cosine **${r.compare.cosine.toFixed(4)}**: ${r.compare.verdict}`,
        },
      ]
    : [];
  const all = JSON.stringify({
    text: r.text,
    model: r.model,
    dtype: r.dtype,
    tokens: r.tokens,
    vector: r.vector,
  });
  return {
    ...unreadableContent(r.unreadable),
    embeds: [
      {
        title: `${r.dimensions} numbers for your text`,
        color: COLOURS.blurple,
        description: quoted(r.text, 1000),
        fields: [
          { name: 'Dimensions', value: String(r.dimensions), inline: true },
          {
            name: 'Tokens',
            value: r.truncated ? `${r.tokens} (cut to ${r.window})` : String(r.tokens),
            inline: true,
          },
          { name: 'Length (norm)', value: r.norm.toFixed(4), inline: true },
          {
            name: `First ${r.preview.length} values`,
            value: clip(`\`\`\`\n${rows.join('\n')}\n\`\`\``, LIMITS.fieldValue),
          },
          ...compare,
        ],
        footer: { text: `${r.model} (${r.dtype})${withFile ? ' · all values in the attached file' : ''}` },
        ...pictureImage(r.picture),
      },
    ],
    files: [
      ...(withFile ? [{ name: 'embedding.json', attachment: Buffer.from(all) }] : []),
      ...(r.picture ? [pictureFile(r.picture)] : []),
    ],
  };
}
