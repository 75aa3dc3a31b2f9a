import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from '../src/command.ts';
import { UserError } from '../src/errors.ts';
import { hasVisibleText } from '../src/text.ts';
import { type KbResult, kb } from './kb.ts';

export interface AddMessageInput {
  /** The message's text. */
  text: string;
  title?: string;
}

/** Message menu → Apps → "Add to knowledge base": the message's text becomes a document. */
export const addToKb: Command<AddMessageInput, KbResult, RESTPostAPIContextMenuApplicationCommandsJSONBody> =
  {
    data: new ContextMenuCommandBuilder()
      .setName('Add to knowledge base')
      .setType(ApplicationCommandType.Message)
      .setContexts(InteractionContextType.Guild)
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .toJSON() as RESTPostAPIContextMenuApplicationCommandsJSONBody,
    guildOnly: true,
    usesModel: true,
    writes: () => true,
    writerRole: kb.writerRole!,

    async run(input, services, invocation) {
      if (!hasVisibleText(input.text ?? ''))
        throw new UserError('That message has no text to add (only embeds or files).');
      return kb.run({ subcommand: 'add', text: input.text, title: input.title }, services, invocation);
    },
  };
