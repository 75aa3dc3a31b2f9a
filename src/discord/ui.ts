import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type AttachmentPayload,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { unreadableNote } from '../embedding/readable.ts';
import type { Picture } from '../pictures/png.ts';
import { clip, userText } from './limits.ts';

/** What a transport sends for a result: Discord's message fields, minus the mention policy. */
export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  files?: AttachmentPayload[];
}

/** Mentions in anything the bot sends are never turned into pings. */
export const NO_MENTIONS = { parse: [] as never[] };

export const COLOURS = {
  blurple: 0x5865f2,
  green: 0x57f287,
  yellow: 0xfee75c,
  red: 0xed4245,
  grey: 0x99aab5,
} as const;

export const MODEL = 'all-MiniLM-L6-v2';

/** A 10-step bar for a score in [-1, 1] (negative scores show as empty). */
export function bar(score: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, score)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)}`;
}

/** Green for close, amber for related, grey for unrelated. */
export const scoreColour = (cos: number): number =>
  cos >= 0.5 ? COLOURS.green : cos >= 0.3 ? COLOURS.yellow : COLOURS.grey;

/** User text in curly quotes, escaped and fitted. */
export const quoted = (text: string, max: number): string => `“${userText(text, max)}”`;

/** The reply's warning for inputs the model could mostly not read (nothing when there are none). */
export const unreadableContent = (texts: readonly string[] | undefined): Pick<Reply, 'content'> =>
  texts
    ? { content: `⚠️ ${texts.map((t) => quoted(t, 200)).join(', ')}: ${unreadableNote(texts.length)}` }
    : {};

/** A picture as a file of the reply, with its words as the alt text. */
export const pictureFile = (p: Picture): AttachmentPayload => ({
  name: p.name,
  attachment: p.png,
  description: clip(p.alt, 1024),
});

/** The embed field that shows an attached picture. */
export const pictureImage = (p: Picture | undefined): Pick<APIEmbed, 'image'> =>
  p ? { image: { url: `attachment://${p.name}` } } : {};

/** The picture's file, when there is one, as the reply's `files`. */
export const pictureFiles = (p: Picture | undefined): Pick<Reply, 'files'> =>
  p ? { files: [pictureFile(p)] } : {};

export function button(
  label: string,
  customId: string,
  {
    style = ButtonStyle.Secondary,
    disabled = false,
  }: { style?: ButtonStyle.Secondary | ButtonStyle.Danger; disabled?: boolean } = {},
): APIButtonComponent {
  return { type: ComponentType.Button, style, label, custom_id: customId, disabled };
}

export const row = (...components: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> => ({
  type: ComponentType.ActionRow,
  components,
});

/** "◀ Previous" and "Next ▶" for page `index` of `count` (0-based), each disabled at its end. */
export function pager(
  index: number,
  count: number,
  idOf: (page: number) => string,
): APIActionRowComponent<APIButtonComponent> {
  const to = (label: string, page: number) =>
    button(label, idOf(page), { disabled: page < 0 || page >= count });
  return row(to('◀ Previous', index - 1), to('Next ▶', index + 1));
}

/** Who added a document: a mention for a Discord id (never pings: no mention is parsed), else the name. */
export const who = (id: string): string => (/^\d{17,20}$/.test(id) ? `<@${id}>` : userText(id, 40));

/** A Discord relative timestamp. */
export const when = (iso: string): string => `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;

/** A document's title, or its text on one line when it has none. */
export const titleOf = (d: { title: string | null; text: string }, max = 80): string =>
  userText(d.title ?? d.text.replace(/\s+/g, ' '), max);
