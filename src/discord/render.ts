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
import type { ExplainResult } from '../../commands/explain.ts';
import type { KbResult } from '../../commands/kb.ts';
import type { SearchOutput } from '../../commands/search.ts';
import type { SimilarResult } from '../../commands/similar.ts';
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

export function renderSimilar(r: SimilarResult): Reply {
  return {
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
        ],
        footer: { text: `${r.model} (${r.dtype})${withFile ? ' · all values in the attached file' : ''}` },
      },
    ],
    files: withFile
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
      : [],
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
    embeds: [
      {
        title: clip(`${r.expression} ≈ ${best ? best.word : '?'}`, LIMITS.embedTitle),
        color: BLURPLE,
        description: lines.join('\n') || 'No candidates were left to rank.',
        footer: {
          text: `Ranked by cosine to normalise(a − b + c) from ${from} · ${r.includeInputs ? 'inputs included' : 'inputs left out (include_inputs shows them)'}`,
        },
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
      return renderExplain(r, r.start, userId);
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
