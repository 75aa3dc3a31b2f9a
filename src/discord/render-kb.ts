import {
  type APIButtonComponent,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord.js';
import type { DocumentSummary, KbResult } from '../../commands/kb.ts';
import type { SearchOutput } from '../../commands/search.ts';
import { GRAPH_LABEL } from '../kb/ann.ts';
import { clip, LIMITS, userText } from './limits.ts';
import { pictureFile, pictureImage, type Reply } from './render.ts';

const BLURPLE = 0x5865f2;
const GREEN = 0x57f287;
const RED = 0xed4245;

const who = (id: string): string => (/^\d{17,20}$/.test(id) ? `<@${id}>` : userText(id, 40));
const when = (iso: string): string => `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;
const titleOf = (d: { title: string | null; text: string }, max = 80): string =>
  userText(d.title ?? d.text.replace(/\s+/g, ' '), max);

export const kbListButtonId = (userId: string, page: number): string => `kblist:${userId}:${page}`;
export const kbClearButtonId = (userId: string, confirm: boolean): string =>
  `kbclear:${userId}:${confirm ? 'yes' : 'no'}`;

const button = (
  label: string,
  customId: string,
  style: ButtonStyle.Secondary | ButtonStyle.Danger = ButtonStyle.Secondary,
  disabled = false,
): APIButtonComponent => ({
  type: ComponentType.Button,
  style,
  label,
  custom_id: customId,
  disabled,
});

function listLine(d: DocumentSummary): string {
  return `**${titleOf(d, 70)}**\n\`${d.id}\` · added by ${who(d.addedBy)} ${when(d.addedAt)}`;
}

export function renderKb(r: KbResult, userId: string): Reply {
  switch (r.kind) {
    case 'added': {
      const near = r.nearDuplicate
        ? `\n⚠️ Very close (cosine ${r.nearDuplicate.score.toFixed(3)}) to **${userText(r.nearDuplicate.title ?? '', 80)}** (\`${r.nearDuplicate.id}\`). Added anyway; remove one with \`/kb remove\` if they are the same.`
        : '';
      return {
        embeds: [
          {
            title: 'Added to the knowledge base',
            color: r.nearDuplicate ? 0xfee75c : GREEN,
            description: `**${userText(r.title ?? 'Untitled', 200)}** · \`${r.id}\`${r.chunks > 1 ? ` · ${r.chunks} chunks` : ''}${near}`,
          },
        ],
      };
    }
    case 'list': {
      const embed: APIEmbed = {
        title: `Knowledge base · ${r.total} document${r.total === 1 ? '' : 's'}`,
        color: BLURPLE,
        description:
          r.documents.map(listLine).join('\n\n') ||
          'Nothing here yet. Add with `/kb add`, or try `/kb demo`.',
        footer: {
          text: `Page ${r.page} of ${r.pages}${r.corrupt ? ` · ${r.corrupt} unreadable entries skipped` : ''}`,
        },
      };
      return {
        embeds: [embed],
        components:
          r.pages > 1
            ? [
                {
                  type: ComponentType.ActionRow,
                  components: [
                    button(
                      '◀ Previous',
                      kbListButtonId(userId, r.page - 1),
                      ButtonStyle.Secondary,
                      r.page <= 1,
                    ),
                    button(
                      'Next ▶',
                      kbListButtonId(userId, r.page + 1),
                      ButtonStyle.Secondary,
                      r.page >= r.pages,
                    ),
                  ],
                },
              ]
            : [],
      };
    }
    case 'removed':
      return { embeds: [{ title: 'Removed', color: RED, description: `**${titleOf(r)}** · \`${r.id}\`` }] };
    case 'confirm-clear':
      return r.total === 0
        ? { content: 'The knowledge base is already empty.' }
        : {
            content: `Remove all **${r.total}** documents from this server's knowledge base? This cannot be undone.`,
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  button(`Remove all ${r.total}`, kbClearButtonId(userId, true), ButtonStyle.Danger),
                  button('Cancel', kbClearButtonId(userId, false)),
                ],
              },
            ],
          };
    case 'cleared':
      return { content: `Removed ${r.count} document${r.count === 1 ? '' : 's'}.`, components: [] };
    case 'export':
      return {
        content:
          r.count === 0
            ? 'The knowledge base is empty: nothing to export.'
            : `Exported ${r.count} documents.`,
        files:
          r.count === 0 ? [] : [{ name: 'knowledge-base.jsonl', attachment: Buffer.from(`${r.jsonl}\n`) }],
      };
    case 'imported': {
      const errors = r.errors.map((e) => `line ${e.line}: ${e.message}`);
      const description = [
        `Added **${r.added}** document${r.added === 1 ? '' : 's'}.`,
        ...(errors.length
          ? ['', `${errors.length} line(s) were skipped:`, clip(errors.join('\n'), 3500)]
          : []),
      ].join('\n');
      return { embeds: [{ title: 'Import finished', color: errors.length ? 0xfee75c : GREEN, description }] };
    }
    case 'stats':
      return {
        embeds: [
          {
            title: 'Knowledge base',
            color: BLURPLE,
            fields: [
              { name: 'Documents', value: `${r.documents} of ${r.quota}`, inline: true },
              { name: 'Chunks', value: String(r.chunks), inline: true },
              { name: 'Vectors', value: `${(r.vectorBytes / 1024).toFixed(1)} KiB`, inline: true },
              { name: 'Search', value: GRAPH_LABEL[r.graph], inline: true },
              { name: 'Weak-match threshold', value: r.settings.threshold.toFixed(2), inline: true },
              {
                name: 'Writer role',
                value: r.settings.writerRoleId
                  ? `<@&${r.settings.writerRoleId}>`
                  : 'none (Manage Server only)',
                inline: true,
              },
              ...(r.corrupt || r.stale
                ? [
                    {
                      name: 'Needs attention',
                      value: `${r.corrupt} unreadable, ${r.stale} from another model`,
                    },
                  ]
                : []),
            ],
          },
        ],
      };
    case 'settings':
      return {
        content: `${r.changed ? 'Saved. ' : ''}Weak-match threshold: **${r.settings.threshold.toFixed(2)}** · writer role: ${r.settings.writerRoleId ? `<@&${r.settings.writerRoleId}>` : 'none (Manage Server only)'}`,
      };
    case 'map':
      return {
        embeds: [
          {
            title: 'Map of the knowledge base',
            color: BLURPLE,
            description: `Each dot is a document, placed by meaning (the two main directions of its vectors). ${r.shown < r.documents ? `Showing an even sample of ${r.shown} of ${r.documents}.` : `${r.documents} documents.`}`,
            ...pictureImage(r.picture),
          },
        ],
        files: [pictureFile(r.picture)],
      };
    case 'demo':
      return {
        content: `Added ${r.added} demo documents${r.already ? ` (${r.already} were already there)` : ''}.${r.failed ? ` ${r.failed} could not be added: ${r.reason}` : ''} Try \`/search query: How do computers learn from data?\``,
      };
  }
}

export function renderSearch(r: SearchOutput): Reply {
  if (r.total === 0) {
    return { content: 'This server has no documents yet. Add some with `/kb add`, or try `/kb demo`.' };
  }
  const strong = r.results.filter((x) => !x.weak);
  const weak = r.results.filter((x) => x.weak);
  const field = (x: SearchOutput['results'][number], i: number) => ({
    name: clip(
      `${i + 1}. ${x.title ?? 'Untitled'} · ${r.mode === 'keyword' ? `BM25 ${x.score.toFixed(2)}` : x.score.toFixed(3)}`,
      LIMITS.fieldName,
    ),
    value: clip(
      `${userText(x.snippet, 700)}\n-# \`${x.id}\` · ${who(x.addedBy)} ${when(x.addedAt)}`,
      LIMITS.fieldValue,
    ),
  });
  const fields = [
    ...strong.map(field),
    ...(weak.length ? [{ name: 'Weak matches', value: "These scored under the server's threshold:" }] : []),
    ...weak.map((x, i) => field(x, strong.length + i)),
  ];
  return {
    ...(r.picture
      ? { files: [{ name: r.picture.name, attachment: r.picture.png, description: r.picture.alt }] }
      : {}),
    embeds: [
      {
        ...pictureImage(r.picture),
        title: clip(`Search: ${userText(r.query, 240)}`, LIMITS.embedTitle),
        color: BLURPLE,
        description: r.results.length ? undefined : 'No matches.',
        fields: fields.slice(0, LIMITS.fields),
        footer: { text: `${r.mode} search over ${r.total} documents` },
      } as APIEmbed,
    ],
  };
}

/** The form /kb add shows when given neither text nor a file: room for up to 4,000 characters. */
export function kbAddModal(userId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: `kbadd:${userId}`,
    title: 'Add to the knowledge base',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'title',
            label: 'Title (optional)',
            style: TextInputStyle.Short,
            required: false,
            max_length: 100,
          },
        ],
      },
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'text',
            label: 'Text',
            style: TextInputStyle.Paragraph,
            required: true,
            min_length: 1,
            max_length: 4000,
          },
        ],
      },
    ],
  };
}
