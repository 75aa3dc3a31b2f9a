import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  DiscordAPIError,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord.js';
import { explainPages } from '../../commands/explain.ts';
import type { Command, Invocation, Services } from '../command.ts';
import { UserError } from '../errors.ts';
import { type Logger, newRef } from '../log.ts';
import { Cooldown } from './cooldown.ts';
import { parseExplainButton, type Reply, renderExplain, renderResult } from './render.ts';

/** Mentions in anything the bot sends are never turned into pings. */
export const NO_MENTIONS = { parse: [] as never[] };

export interface DispatcherOptions {
  commands: Record<string, Command<never>>;
  services: Services;
  logger: Logger;
  cooldown: { uses: number; seconds: number };
  /** A model-backed command still running after this long is deferred (Discord allows 3 s). */
  deferAfterMs?: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Options by name; a subcommand (group) becomes `subcommand` and its options join the rest. */
export function inputFrom(options: readonly CommandInteractionOption[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const o of options) {
    if (o.options) {
      input.subcommand = input.subcommand ? `${input.subcommand} ${o.name}` : o.name;
      Object.assign(input, { ...inputFrom(o.options), subcommand: input.subcommand });
    } else {
      input[o.name] = o.attachment ?? o.value;
    }
  }
  return input;
}

/**
 * The one place interactions are handled: guild and permission checks, cooldowns, deferral, errors.
 * It never throws; every interaction gets exactly one initial response.
 */
export class Dispatcher {
  private readonly cooldown: Cooldown;
  private readonly deferAfterMs: number;

  constructor(private readonly options: DispatcherOptions) {
    this.cooldown = new Cooldown(options.cooldown.uses, options.cooldown.seconds);
    this.deferAfterMs = options.deferAfterMs ?? 1000;
  }

  readonly handle = async (interaction: Interaction): Promise<void> => {
    try {
      if (interaction.isChatInputCommand()) await this.command(interaction);
      else if (interaction.isButton()) await this.button(interaction);
    } catch (error) {
      // Only reached when even the error reply failed; nothing more can be sent.
      this.options.logger.error({ err: error }, 'interaction handling failed');
    }
  };

  private async command(i: ChatInputCommandInteraction): Promise<void> {
    const started = performance.now();
    const command = this.options.commands[i.commandName];
    if (!command) return this.refuse(i, 'That command is not part of this bot any more.');
    if (command.guildOnly && !i.inGuild()) {
      return this.refuse(i, `/${i.commandName} works inside a server, where its knowledge base lives.`);
    }
    const wait = this.cooldown.take(i.user.id);
    if (wait > 0) return this.refuse(i, `You are going a little fast: try again in ${wait} s.`);

    const input = inputFrom(i.options.data);
    if (command.writes?.(input as never) && !i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      return this.refuse(i, 'Changing the knowledge base needs the Manage Server permission.');
    }
    const invocation: Invocation = { userId: i.user.id, guildId: i.guildId };
    const work: Promise<Outcome> = command.run(input as never, this.options.services, invocation).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error }),
    );
    const early = command.usesModel ? await Promise.race([work, sleep(this.deferAfterMs, null)]) : await work;
    if (early === null && !(await this.defer(i))) return;
    const outcome = early ?? (await work);

    const ref = newRef();
    const log = { command: i.commandName, guild: i.guildId, ref };
    if (outcome.ok) {
      await this.send(i, renderResult(i.commandName, outcome.value, input, i.user.id));
      this.options.logger.info(
        { ...log, ms: Math.round(performance.now() - started), outcome: 'ok' },
        'command',
      );
    } else {
      await this.fail(i, outcome.error, ref);
      this.options.logger.info(
        { ...log, ms: Math.round(performance.now() - started), outcome: 'error' },
        'command',
      );
    }
  }

  private async button(i: ButtonInteraction): Promise<void> {
    const target = parseExplainButton(i.customId);
    if (!target) return;
    if (target.userId !== i.user.id) {
      return this.refuse(
        i,
        'Only the person who ran /explain can turn its pages. Run /explain to get your own.',
      );
    }
    const pages = explainPages();
    await i.update({
      ...renderExplain({ start: 0, pages }, target.page, i.user.id),
      allowedMentions: NO_MENTIONS,
    });
  }

  /** Defers the reply; false when Discord no longer knows the interaction (nothing else may be sent). */
  private async defer(i: ChatInputCommandInteraction): Promise<boolean> {
    try {
      await i.deferReply();
      return true;
    } catch (error) {
      const expired =
        error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction;
      this.options.logger.warn(
        { err: error, command: i.commandName },
        expired ? 'interaction expired before defer' : 'defer failed',
      );
      return false;
    }
  }

  private async send(i: ChatInputCommandInteraction, reply: Reply): Promise<void> {
    const payload = { ...reply, allowedMentions: NO_MENTIONS };
    if (i.deferred) await i.editReply(payload);
    else await i.reply(payload);
  }

  private async fail(i: ChatInputCommandInteraction, error: unknown, ref: string): Promise<void> {
    let text: string;
    if (error instanceof UserError) {
      text = error.message;
    } else {
      text = `Something went wrong on our side (ref ${ref}). It has been logged.`;
      this.options.logger.error({ err: error, command: i.commandName, ref }, 'command failed');
    }
    if (i.deferred) {
      // The deferred reply is public; the error is for the user alone.
      await i.deleteReply().catch(() => undefined);
      await i.followUp({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    } else {
      await this.refuse(i, text);
    }
  }

  private async refuse(i: ChatInputCommandInteraction | ButtonInteraction, text: string): Promise<void> {
    await i.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }
}
