// Interaction payloads the knowledge-base tests send, and the bodies discord.js answers with.
import { PermissionFlagsBits } from 'discord.js';
import { chatInput } from '../helpers/fake-discord.ts';

export const WRITER_ROLE = '888888888888888888';
export const MANAGE = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageGuild;
export const MEMBER = PermissionFlagsBits.SendMessages;
export const NO_WRITE = 'Changing the knowledge base needs the Manage Server permission or the writer role.';
export const GREEN = 0x57f287;
export const YELLOW = 0xfee75c;
export const BLURPLE = 0x5865f2;

export type Option = { name: string; type: number; value?: unknown; options?: Option[]; focused?: boolean };
export const str = (name: string, value: string): Option => ({ name, type: 3, value });
export const int = (name: string, value: number): Option => ({ name, type: 4, value });
export const num = (name: string, value: number): Option => ({ name, type: 10, value });
export const file = (name: string, attachmentId: string): Option => ({ name, type: 11, value: attachmentId });
/** A subcommand; Discord leaves `options` out when there are none. */
export const sub = (name: string, options: Option[] = []): Option => ({
  name,
  type: 1,
  ...(options.length ? { options } : {}),
});
export const kbCommand = (
  subcommand: string,
  options: Option[] = [],
  settings: Parameters<typeof chatInput>[2] = { permissions: MANAGE },
) => chatInput('kb', [sub(subcommand, options)], settings);

/** A message (callback type 4, or 7 for a button's update) as discord.js sends it, mentions never parsed. */
export const reply = (data: Record<string, unknown>, type = 4) => ({
  type,
  data: { tts: false, enforce_nonce: false, ...data, allowed_mentions: { parse: [] } },
});
export const ephemeral = (content: string) => ({
  type: 4,
  data: { content, tts: false, enforce_nonce: false, allowed_mentions: { parse: [] }, flags: 64 },
});
export const added = (title: string, id: string) =>
  reply({
    embeds: [{ title: 'Added to the knowledge base', color: GREEN, description: `**${title}** · \`${id}\`` }],
  });
/** A Discord relative timestamp, as the list and search results show times. */
export const when = (iso: string) => `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;
