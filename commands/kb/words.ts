import { userText } from '../../src/discord/limits.ts';

/** Who added a document: a mention for a Discord id (never pings: no mention is parsed), else the name. */
export const who = (id: string): string => (/^\d{17,20}$/.test(id) ? `<@${id}>` : userText(id, 40));

/** A Discord relative timestamp. */
export const when = (iso: string): string => `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;

/** A document's title, or its text on one line when it has none. */
export const titleOf = (d: { title: string | null; text: string }, max = 80): string =>
  userText(d.title ?? d.text.replace(/\s+/g, ' '), max);
