import { encodeCustomId } from '../../src/discord/custom-id.ts';
import { clip, LIMITS } from '../../src/discord/limits.ts';
import type { ComponentHandler, RenderContext } from '../../src/discord/surface.ts';
import {
  bar,
  COLOURS,
  MODEL,
  pager,
  quoted,
  type Reply,
  scoreColour,
  unreadableContent,
} from '../../src/discord/ui.ts';
import { factor, signed } from '../../src/math/format.ts';
import { explainPages } from './pages.ts';
import type { Contribution, ExplainResult, LiveExplain, LiveSide } from './types.ts';

const PREFIX = 'explain';

export const renderExplain = (r: ExplainResult, _input: unknown, { userId }: RenderContext): Reply =>
  r.live ? renderLive(r.live) : renderPage(r, r.start, userId);

/** The page buttons: only the person who ran /explain turns them. */
export const explainComponents: ComponentHandler<never>[] = [
  {
    prefix: PREFIX,
    notYours: 'Only the person who ran /explain can turn its pages. Run /explain to get your own.',
    press([page, ...extra], { userId }) {
      if (page === undefined || extra.length > 0 || !/^-?\d+$/.test(page)) return undefined;
      return { reply: renderPage({ start: 0, pages: explainPages() }, Number(page), userId) };
    },
  },
];

function renderPage(r: ExplainResult, page: number, userId: string): Reply {
  const index = Math.max(0, Math.min(page, r.pages.length - 1));
  const p = r.pages[index]!;
  return {
    embeds: [
      {
        title: p.title,
        color: COLOURS.blurple,
        description: clip(p.body, LIMITS.embedDescription),
        footer: { text: `Page ${index + 1} of ${r.pages.length} · /explain topic: jumps to a page` },
      },
    ],
    components: [pager(index, r.pages.length, (to) => encodeCustomId(PREFIX, userId, to))],
  };
}

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
function renderLive(r: LiveExplain): Reply {
  const terms = r.firstTerms.map((t) => `${factor(t.a)} × ${factor(t.b)}`).join(' + ');
  const sum = (list: Contribution[]) => list.reduce((s, c) => s + c.product, 0);
  return {
    ...unreadableContent(r.unreadable),
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
