import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type AttachmentPayload,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { AnalogyResult } from '../../commands/analogy.ts';
import type { EmbedResult } from '../../commands/embed.ts';
import type { Contribution, ExplainResult, LiveExplain, LiveSide } from '../../commands/explain.ts';
import type { KbResult } from '../../commands/kb.ts';
import type { SearchOutput } from '../../commands/search.ts';
import type { SimilarMatrixResult, SimilarPairResult, SimilarResult } from '../../commands/similar.ts';
import type { Picture } from '../pictures/png.ts';
import { clip, LIMITS, userText } from './limits.ts';
import { renderKb, renderSearch } from './render-kb.ts';

/** What a transport sends for a result: Discord's message fields, minus the mention policy. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  files?: AttachmentPayload[];
}

const BLURPLE = 0x5865f2;
const MODEL = 'all-MiniLM-L6-v2';

/** A 10-step bar for a score in [-1, 1] (negative scores show as empty). */
export function bar(score: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, score)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
}

/** Green for close, amber for related, grey for unrelated. */
const scoreColour = (cos: number): number => (cos >= 0.5 ? 0x57f287 : cos >= 0.3 ? 0xfee75c : 0x99aab5);

const quoted = (text: string, max: number): string => `“${userText(text, max)}”`;

/** A picture as a file of the reply, with its words as the alt text. */
export const pictureFile = (p: Picture): AttachmentPayload => ({
  name: p.name,
  attachment: p.png,
  description: clip(p.alt, 1024),
});

/** The embed field that shows an attached picture. */
export const pictureImage = (p: Picture | undefined): Pick<APIEmbed, 'image'> =>
  p ? { image: { url: `attachment://${p.name}` } } : {};

export function renderSimilar(r: SimilarResult): Reply {
  return r.kind === 'matrix' ? renderSimilarMatrix(r) : renderSimilarPair(r);
}

function renderSimilarPair(r: SimilarPairResult): Reply {
  return {
    ...(r.picture ? { files: [pictureFile(r.picture)] } : {}),
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
        footer: {
          text: `${MODEL} · cosine 1 = same direction, 0 = unrelated${r.truncated ? ' · a long text was cut to its first 256 tokens' : ''}`,
        },
        ...pictureImage(r.picture),
      },
    ],
  };
}

function renderSimilarMatrix(r: SimilarMatrixResult): Reply {
  // Ten sentences share the description: each gets an equal part of it.
  const each = Math.floor((LIMITS.embedDescription - 40) / r.sentences.length) - 12;
  const pair = (p: { a: number; b: number; cosine: number; verdict: string }) =>
    `**${p.a + 1}** and **${p.b + 1}** · ${bar(p.cosine)} **${p.cosine.toFixed(4)}**\n${p.verdict}`;
  return {
    ...(r.picture ? { files: [pictureFile(r.picture)] } : {}),
    embeds: [
      {
        title: `How close in meaning? ${r.sentences.length} sentences`,
        color: scoreColour(r.closest.cosine),
        description: r.sentences.map((t, i) => `**${i + 1}** ${quoted(t, Math.min(each, 1000))}`).join('\n'),
        fields: [
          { name: 'Closest pair', value: pair(r.closest), inline: true },
          { name: 'Farthest pair', value: pair(r.farthest), inline: true },
        ],
        footer: {
          text: `${MODEL} · every pair's cosine is in the picture${r.truncated ? ' · a long text was cut to its first 256 tokens' : ''}`,
        },
        ...pictureImage(r.picture),
      },
    ],
  };
}

export function renderEmbed(r: EmbedResult, withFile: boolean): Reply {
  const values = r.preview.map((x) => (x >= 0 ? ` ${x.toFixed(4)}` : x.toFixed(4)));
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += 4) rows.push(values.slice(i, i + 4).join('  '));
  return {
    embeds: [
      {
        title: `${r.dimensions} numbers for your text`,
        color: BLURPLE,
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
          ...(r.compare
            ? [
                {
                  name: 'Compared with',
                  value: `${quoted(r.compare.text, 700)}\n${bar(r.compare.cosine)} cosine **${r.compare.cosine.toFixed(4)}**: ${r.compare.verdict}`,
                },
              ]
            : []),
        ],
        footer: { text: `${r.model} (${r.dtype})${withFile ? ' · all values in the attached file' : ''}` },
        ...pictureImage(r.picture),
      },
    ],
    files: [
      ...(withFile
        ? [
            {
              name: 'embedding.json',
              attachment: Buffer.from(
                JSON.stringify({
                  text: r.text,
                  model: r.model,
                  dtype: r.dtype,
                  tokens: r.tokens,
                  vector: r.vector,
                }),
              ),
            },
          ]
        : []),
      ...(r.picture ? [pictureFile(r.picture)] : []),
    ],
  };
}

export function renderAnalogy(r: AnalogyResult): Reply {
  const best = r.results[0];
  const lines = r.results.map(
    (x, i) =>
      `\`${String(i + 1).padStart(2)}.\` ${bar(x.score)} **${userText(x.word, 100)}** ${x.score.toFixed(4)}${x.input ? ' *(input)*' : ''}`,
  );
  const from =
    r.source === 'vocabulary' ? `${r.candidateCount} built-in words` : `your ${r.candidateCount} candidates`;
  return {
    ...(r.picture ? { files: [pictureFile(r.picture)] } : {}),
    embeds: [
      {
        title: clip(`${r.expression} ≈ ${best ? best.word : '?'}`, LIMITS.embedTitle),
        color: BLURPLE,
        description: lines.join('\n') || 'No candidates were left to rank.',
        footer: {
          text: `Ranked by cosine to normalise(a − b + c) from ${from} · ${r.includeInputs ? 'inputs included' : 'inputs left out (include_inputs shows them)'}`,
        },
        ...pictureImage(r.picture),
      },
    ],
  };
}

export const explainButtonId = (userId: string, page: number): string => `explain:${userId}:${page}`;

export function parseExplainButton(customId: string): { userId: string; page: number } | undefined {
  const m = /^explain:(\d+):(-?\d+)$/.exec(customId);
  return m ? { userId: m[1]!, page: Number(m[2]) } : undefined;
}

export function renderExplain(r: ExplainResult, page: number, userId: string): Reply {
  const index = Math.max(0, Math.min(page, r.pages.length - 1));
  const p = r.pages[index]!;
  const button = (label: string, to: number): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: explainButtonId(userId, to),
    disabled: to < 0 || to >= r.pages.length,
  });
  return {
    embeds: [
      {
        title: p.title,
        color: BLURPLE,
        description: clip(p.body, LIMITS.embedDescription),
        footer: { text: `Page ${index + 1} of ${r.pages.length} · /explain topic: jumps to a page` },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [button('◀ Previous', index - 1), button('Next ▶', index + 1)],
      },
    ],
  };
}

const signed = (x: number): string => (x < 0 ? `−${(-x).toFixed(4)}` : x.toFixed(4));
const factor = (x: number): string => (x < 0 ? `(${signed(x)})` : signed(x));

/** Word pieces in a code block: backticks in a piece become a look-alike so the block holds. */
function piecesField(name: string, side: LiveSide, window: number): { name: string; value: string } {
  const cut = side.truncated ? `, cut to the first ${window}` : '';
  const shown = side.pieces.map((p) => p.replace(/`/g, 'ˋ')).join(' ');
  return {
    name: `${name} became ${side.tokens} pieces${cut}`,
    value: `\`\`\`\n${clip(shown, LIMITS.fieldValue - 8)}\n\`\`\``,
  };
}

const contributionLine = (c: Contribution): string =>
  `\`#${String(c.dimension).padStart(3)}\` ${factor(c.a)} × ${factor(c.b)} = **${c.product < 0 ? signed(c.product) : `+${c.product.toFixed(4)}`}**`;

/** /explain a: b: — the arithmetic behind /similar on the user's two sentences, in one embed. */
export function renderExplainLive(r: LiveExplain): Reply {
  const terms = r.firstTerms.map((t) => `${factor(t.a)} × ${factor(t.b)}`).join(' + ');
  const sum = (list: Contribution[]) => list.reduce((s, c) => s + c.product, 0);
  return {
    embeds: [
      {
        title: 'Your two sentences, worked through',
        color: scoreColour(r.cosine),
        description: `**A** ${quoted(r.a.text, 700)}\n**B** ${quoted(r.b.text, 700)}`,
        fields: [
          piecesField('A', r.a, r.window),
          piecesField('B', r.b, r.window),
          {
            name: 'Each becomes 384 numbers',
            value: `The pieces' vectors are averaged (mean pooling) and scaled to length 1:\n|a| = √(a · a) = **${r.normA.toFixed(4)}**   |b| = **${r.normB.toFixed(4)}**`,
          },
          {
            name: 'Dot product a · b',
            value: `Multiply dimension by dimension and add all ${r.dimensions}:\n${terms} + … = **${signed(r.dot)}**`,
          },
          {
            name: 'Cosine, step by step',
            value: `cos = (a · b) / (|a| × |b|)\n= ${signed(r.dot)} / (${r.normA.toFixed(4)} × ${r.normB.toFixed(4)})\n= **${signed(r.cosine)}**`,
          },
          {
            name: 'Euclidean distance',
            value: `|a − b| = √Σ (aᵢ − bᵢ)² = **${r.euclidean.toFixed(4)}**\nOn length-1 vectors d² = 2 − 2·cos, so it ranks pairs exactly as cosine does.`,
          },
          {
            name: `The ${r.together.length} dimensions pulling together`,
            value:
              r.together.length > 0
                ? `${r.together.map(contributionLine).join('\n')}\ntogether **+${sum(r.together).toFixed(4)}** of the ${signed(r.dot)}`
                : 'None: no dimension has the same sign in both.',
          },
          {
            name: `The ${r.apart.length} dimensions pulling apart`,
            value:
              r.apart.length > 0
                ? `${r.apart.map(contributionLine).join('\n')}\ntogether **${signed(sum(r.apart))}**`
                : 'None: every dimension has the same sign in both.',
          },
          {
            name: 'Verdict (as /similar says)',
            value: `${bar(r.cosine)} **${signed(r.cosine)}**\n${r.verdict}`,
          },
        ],
        footer: { text: `${MODEL} · /explain topic: walks through each idea on its own page` },
      },
    ],
  };
}

/** The reply for a command's result; one case per command. */
export function renderResult(
  name: string,
  result: unknown,
  input: Record<string, unknown>,
  userId: string,
): Reply {
  switch (name) {
    case 'similar':
      return renderSimilar(result as SimilarResult);
    case 'embed':
      return renderEmbed(result as EmbedResult, input.full === true);
    case 'analogy':
      return renderAnalogy(result as AnalogyResult);
    case 'explain': {
      const r = result as ExplainResult;
      return r.live ? renderExplainLive(r.live) : renderExplain(r, r.start, userId);
    }
    case 'kb':
    case 'Add to knowledge base':
      return renderKb(result as KbResult, userId);
    case 'search':
      return renderSearch(result as SearchOutput);
    default:
      throw new Error(`No Discord renderer for /${name}`);
  }
}
