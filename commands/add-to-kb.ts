import {
  ApplicationCommandType,
  PermissionFlagsBits,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from '../src/command.ts';
import { UserError } from '../src/errors.ts';
import { IN_SERVERS, menuCommand } from '../src/input.ts';
import { hasVisibleText } from '../src/text.ts';
import { addDocument } from './kb/add.ts';
import { renderKb } from './kb/discord.ts';
import type { KbResult } from './kb/types.ts';
import { writerRole } from './kb/writer-role.ts';

export interface AddMessageInput {
  /** The message's text. */
  text: string;
  title?: string;
}

/** Message menu → Apps → "Add to knowledge base": the message's text becomes a document. */
export const addToKb: Command<AddMessageInput, KbResult, RESTPostAPIContextMenuApplicationCommandsJSONBody> =
  {
    data: menuCommand({
      type: ApplicationCommandType.Message,
      name: 'Add to knowledge base',
      ...IN_SERVERS,
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    }),
    guildOnly: true,
    usesModel: true,
    writes: () => true,
    writerRole,

    async run(input, services, invocation) {
      if (!hasVisibleText(input.text ?? ''))
        throw new UserError('That message has no text to add (only embeds or files).');
      if (!invocation.guildId)
        throw new UserError('The knowledge base belongs to a server: use this inside a server.');
      const added = await addDocument(services.kb, invocation.guildId, input, invocation.userId);
      return { kind: 'added', ...added };
    },

    discord: {
      render: (result, _input, { userId }) => renderKb(result, userId),
      fromMessage: (message) => ({ text: message.content, title: `Message from ${message.authorName}` }),
    },
  };
