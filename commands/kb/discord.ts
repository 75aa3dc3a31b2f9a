import {
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord.js';
import { pressVote } from '../../src/autoanswer/buttons.ts';
import { autoAnswerFor } from '../../src/autoanswer/handler.ts';
import { VOTE_PREFIX } from '../../src/autoanswer/reply.ts';
import { encodeCustomId } from '../../src/discord/custom-id.ts';
import { clip, LIMITS, userText } from '../../src/discord/limits.ts';
import type { DiscordSurface } from '../../src/discord/surface.ts';
import {
  button,
  COLOURS,
  pager,
  pictureFile,
  pictureImage,
  type Reply,
  row,
  titleOf,
  when,
  who,
} from '../../src/discord/ui.ts';
import { GRAPH_LABEL } from '../../src/kb/ann.ts';
import { label } from '../../src/kb/knowledge-base.ts';
import { renderAutoAnswerKb } from './autoanswer.ts';
import { GAP_ADD, renderGapsKb } from './gaps.ts';
import type { DocumentSummary, KbInput, KbResult } from './types.ts';

const LIST = 'kblist';
const CLEAR = 'kbclear';
const NOT_YOURS = 'These buttons belong to the person who ran the command. Run it yourself to get your own.';

/**
 * /kb in Discord: its replies, page and clear buttons, the add form and the id autocomplete, and
 * the auto-answers: messages and forum posts in the chosen channels, and the buttons on answers.
 */
export const kbSurface: DiscordSurface<KbInput, KbResult> = {
  render: (r, _input, { userId }) => renderKb(r, userId),
  components: [
    {
      prefix: LIST,
      notYours: NOT_YOURS,
      press: ([page]) => ({ input: { subcommand: 'list', page: Number(page) } }),
    },
    {
      prefix: CLEAR,
      notYours: NOT_YOURS,
      press: ([answer]) =>
        answer === 'yes'
          ? { input: { subcommand: 'clear', confirm: true } }
          : { reply: { content: 'Nothing was removed.', components: [] } },
    },
    { prefix: VOTE_PREFIX, anyone: true, notYours: '', press: pressVote },
    { prefix: GAP_ADD, notYours: NOT_YOURS, press: () => ({ input: { subcommand: 'add' } }) },
  ],
  events: {
    messageCreate: (message, { services, logger }) => autoAnswerFor(services, logger).onMessage(message),
    threadCreate: (thread, created, { services, logger }) =>
      autoAnswerFor(services, logger).onThread(thread, created),
  },
  form: {
    prefix: 'kbadd',
    wants: (input) => input.subcommand === 'add' && input.text === undefined && input.file === undefined,
    build: addForm,
    submit(field) {
      const title = field('title').trim();
      return { subcommand: 'add', text: field('text'), ...(title ? { title } : {}) };
    },
  },
  async autocomplete(focused, { guildId, services }) {
    if (focused.name !== 'id' || !guildId) return [];
    const docs = await services.kb.find(guildId, focused.value, 25);
    return docs.map((d) => ({ name: clip(`${label(d, 80)} (${d.id})`, LIMITS.choiceName), value: d.id }));
  },
};

function listLine(d: DocumentSummary): string {
  return `**${titleOf(d, 70)}**\n\`${d.id}\` · added by ${who(d.addedBy)} ${when(d.addedAt)}${d.feedback ? ` · ${votes(d.feedback)}` : ''}`;
}

/** Votes on auto-answers that gave a document. */
const votes = (f: { solved: number; notIt: number }): string =>
  `✅ ${f.solved} solved · ❌ ${f.notIt} not it`;

export function renderKb(r: KbResult, userId: string): Reply {
  switch (r.kind) {
    case 'autoanswer':
      return renderAutoAnswerKb(r);
    case 'gaps':
    case 'gaps-cleared':
      return renderGapsKb(r, userId);
    case 'added': {
      const near = r.nearDuplicate
        ? `\n⚠️ Very close (cosine ${r.nearDuplicate.score.toFixed(3)}) to **${userText(r.nearDuplicate.title ?? '', 80)}** (\`${r.nearDuplicate.id}\`). Added anyway; remove one with \`/kb remove\` if they are the same.`
        : '';
      return {
        embeds: [
          {
            title: 'Added to the knowledge base',
            color: r.nearDuplicate ? COLOURS.yellow : COLOURS.green,
            description: `**${userText(r.title ?? 'Untitled', 200)}** · \`${r.id}\`${r.chunks > 1 ? ` · ${r.chunks} chunks` : ''}${near}`,
          },
        ],
      };
    }
    case 'list': {
      const embed: APIEmbed = {
        title: `Knowledge base · ${r.total} document${r.total === 1 ? '' : 's'}`,
        color: COLOURS.blurple,
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
          r.pages > 1 ? [pager(r.page - 1, r.pages, (to) => encodeCustomId(LIST, userId, to + 1))] : [],
      };
    }
    case 'removed':
      return {
        embeds: [{ title: 'Removed', color: COLOURS.red, description: `**${titleOf(r)}** · \`${r.id}\`` }],
      };
    case 'confirm-clear':
      return r.total === 0
        ? { content: 'The knowledge base is already empty.' }
        : {
            content: `Remove all **${r.total}** documents from this server's knowledge base? This cannot be undone.`,
            components: [
              row(
                button(`Remove all ${r.total}`, encodeCustomId(CLEAR, userId, 'yes'), {
                  style: ButtonStyle.Danger,
                }),
                button('Cancel', encodeCustomId(CLEAR, userId, 'no')),
              ),
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
      return {
        embeds: [
          { title: 'Import finished', color: errors.length ? COLOURS.yellow : COLOURS.green, description },
        ],
      };
    }
    case 'stats':
      return {
        embeds: [
          {
            title: 'Knowledge base',
            color: COLOURS.blurple,
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
              ...(r.feedback
                ? [{ name: 'Auto-answer feedback', value: votes(r.feedback), inline: true }]
                : []),
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
            color: COLOURS.blurple,
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

/** The form /kb add shows when given neither text nor a file: room for up to 4,000 characters. */
function addForm(customId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
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
