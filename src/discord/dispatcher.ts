import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApplicationCommandOptionType,
  type Attachment,
  type AutocompleteInteraction,
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
import { label } from '../kb/knowledge-base.ts';
import { type Logger, newRef } from '../log.ts';
import { Cooldown } from './cooldown.ts';
import { clip, LIMITS } from './limits.ts';
import { parseExplainButton, type Reply, renderExplain, renderResult } from './render.ts';
import { renderKb } from './render-kb.ts';

/** Mentions in anything the bot sends are never turned into pings. */
export const NO_MENTIONS = { parse: [] as never[] };

export interface DispatcherOptions {
  commands: Record<string, Command<never>>;
  services: Services;
  logger: Logger;
  cooldown: { uses: number; seconds: number };
  /** A model-backed command still running after this long is deferred (Discord allows 3 s). */
  deferAfterMs?: number;
  /** Largest attachment read as text. */
  maxAttachmentBytes?: number;
  /** Least time between two progress edits of one reply. */
  progressEveryMs?: number;
}

const isAttachment = (value: unknown): value is Attachment =>
  typeof value === 'object' && value !== null && 'url' in value && 'size' in value && 'name' in value;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Options by name; a subcommand (group) becomes `subcommand` ("group sub") and its options join the
 * rest. Discord leaves `options` out for a subcommand invoked without arguments, so go by type.
 */
export function inputFrom(options: readonly CommandInteractionOption[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const o of options) {
    if (
      o.type === ApplicationCommandOptionType.Subcommand ||
      o.type === ApplicationCommandOptionType.SubcommandGroup
    ) {
      const inner = inputFrom(o.options ?? []);
      const nested = typeof inner.subcommand === 'string' ? ` ${inner.subcommand}` : '';
      Object.assign(input, inner, { subcommand: `${o.name}${nested}` });
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
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly options: DispatcherOptions) {
    this.cooldown = new Cooldown(options.cooldown.uses, options.cooldown.seconds);
    this.deferAfterMs = options.deferAfterMs ?? 1000;
  }

  readonly handle = (interaction: Interaction): Promise<void> => {
    const task = this.route(interaction);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
  };

  /**
   * Stops taking new interactions (they get a short "restarting" answer) and waits, at most
   * `timeoutMs`, for the ones in flight. Resolves with how many were still running.
   */
  async drain(timeoutMs = 10_000): Promise<number> {
    this.closing = true;
    const all = Promise.allSettled([...this.inFlight]);
    await Promise.race([all, sleep(timeoutMs)]);
    return this.inFlight.size;
  }

  private async route(interaction: Interaction): Promise<void> {
    try {
      if (this.closing) {
        if (interaction.isRepliable()) {
          await interaction.reply({
            content: 'The bot is restarting. Try again in a moment.',
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_MENTIONS,
          });
        }
        return;
      }
      if (interaction.isChatInputCommand()) await this.command(interaction);
      else if (interaction.isButton()) await this.button(interaction);
      else if (interaction.isAutocomplete()) await this.autocomplete(interaction);
    } catch (error) {
      // Only reached when even the error reply failed; nothing more can be sent.
      this.options.logger.error({ err: error }, 'interaction handling failed');
    }
  }

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
    if (command.writes?.(input as never) && !(await this.mayWrite(i, command))) {
      return this.refuse(
        i,
        'Changing the knowledge base needs the Manage Server permission or the writer role.',
      );
    }
    const invocation: Invocation = { userId: i.user.id, guildId: i.guildId, progress: this.progress(i) };
    const work: Promise<Outcome> = this.readAttachments(input)
      .then(() => command.run(input as never, this.options.services, invocation))
      .then(
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
    const [kind, owner, arg] = i.customId.split(':');
    if (owner !== i.user.id) {
      return this.refuse(
        i,
        kind === 'explain'
          ? 'Only the person who ran /explain can turn its pages. Run /explain to get your own.'
          : 'These buttons belong to the person who ran the command. Run it yourself to get your own.',
      );
    }
    try {
      const reply = await this.buttonReply(i, kind, arg ?? '');
      if (reply) await i.update({ ...reply, allowedMentions: NO_MENTIONS });
    } catch (error) {
      const ref = newRef();
      if (!(error instanceof UserError))
        this.options.logger.error({ err: error, button: kind, ref }, 'button failed');
      await this.refuse(
        i,
        error instanceof UserError ? error.message : `Something went wrong on our side (ref ${ref}).`,
      );
    }
  }

  private async buttonReply(
    i: ButtonInteraction,
    kind: string | undefined,
    arg: string,
  ): Promise<Reply | undefined> {
    const { kb } = this.options.services;
    switch (kind) {
      case 'explain': {
        const target = parseExplainButton(i.customId);
        return target && renderExplain({ start: 0, pages: explainPages() }, target.page, i.user.id);
      }
      case 'kblist': {
        if (!i.guildId) return undefined;
        const r = await kb.list(i.guildId, Number(arg));
        return renderKb({ kind: 'list', ...r }, i.user.id);
      }
      case 'kbclear': {
        if (!i.guildId) return undefined;
        if (arg !== 'yes') return { content: 'Nothing was removed.', components: [] };
        // Permissions can change between the question and the click: check again.
        if (!(await this.mayWrite(i, this.options.commands.kb))) {
          throw new UserError(
            'Changing the knowledge base needs the Manage Server permission or the writer role.',
          );
        }
        return renderKb({ kind: 'cleared', count: await kb.clear(i.guildId) }, i.user.id);
      }
      default:
        return undefined;
    }
  }

  private async autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    if (i.commandName !== 'kb' || focused.name !== 'id' || !i.guildId) return i.respond([]);
    const docs = await this.options.services.kb.find(i.guildId, String(focused.value), 25);
    await i.respond(
      docs.map((d) => ({ name: clip(`${label(d, 80)} (${d.id})`, LIMITS.choiceName), value: d.id })),
    );
  }

  /** Manage Server, or the command's writer role; checked on every write, whatever the defaults say. */
  private async mayWrite(
    i: ChatInputCommandInteraction | ButtonInteraction,
    command: Command<never> | undefined,
  ): Promise<boolean> {
    if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
    if (!i.guildId || !command?.writerRole) return false;
    const role = await command.writerRole(i.guildId, this.options.services);
    if (!role) return false;
    const roles = i.member?.roles;
    return Array.isArray(roles) ? roles.includes(role) : (roles?.cache.has(role) ?? false);
  }

  /** Replaces attachment options with {name, text}, refusing binaries and oversized files. */
  private async readAttachments(input: Record<string, unknown>): Promise<void> {
    const limit = this.options.maxAttachmentBytes ?? 2_000_000;
    for (const [key, value] of Object.entries(input)) {
      if (!isAttachment(value)) continue;
      if (value.size > limit)
        throw new UserError(`${value.name} is larger than ${Math.round(limit / 1e6)} MB.`);
      if (value.contentType && !/^(text\/|application\/(json|x-ndjson|jsonl))/.test(value.contentType)) {
        throw new UserError(`${value.name} does not look like a text file.`);
      }
      const response = await fetch(value.url);
      if (!response.ok)
        throw new UserError(`Could not download ${value.name} from Discord (HTTP ${response.status}).`);
      input[key] = { name: value.name, text: await response.text() };
    }
  }

  /** Progress edits of a deferred reply, at most one per `progressEveryMs`. */
  private progress(i: ChatInputCommandInteraction): (text: string) => void {
    let last = 0;
    const every = this.options.progressEveryMs ?? 3000;
    return (text) => {
      const now = Date.now();
      if (!i.deferred || now - last < every) return;
      last = now;
      i.editReply({ content: text, allowedMentions: NO_MENTIONS }).catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'progress edit failed'),
      );
    };
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
    if (i.deferred || i.replied) {
      // A public "thinking…" placeholder must not linger above a private refusal.
      if (i.deferred && !i.replied) await i.deleteReply().catch(() => undefined);
      await i.followUp({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await i.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }
}
