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
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord.js';
import { explainPages } from '../../commands/explain.ts';
import type { AnyCommand, Invocation, Services } from '../command.ts';
import { UserError } from '../errors.ts';
import { label } from '../kb/knowledge-base.ts';
import { type Logger, newRef } from '../log.ts';
import { wordUserError } from '../user-messages.ts';
import { Cooldown } from './cooldown.ts';
import { clip, LIMITS } from './limits.ts';
import { parseExplainButton, type Reply, renderExplain, renderResult } from './render.ts';
import { kbAddModal, renderKb } from './render-kb.ts';

/** Mentions in anything the bot sends are never turned into pings. */
export const NO_MENTIONS = { parse: [] as never[] };

export interface DispatcherOptions {
  commands: Record<string, AnyCommand>;
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

/** A text type, or (Discord labels unknown extensions as octet-stream or not at all) a text extension. */
function looksLikeText(name: string, contentType: string | null): boolean {
  if (contentType && /^(text\/|application\/(json|x-ndjson|jsonl))/.test(contentType)) return true;
  const generic = !contentType || contentType.startsWith('application/octet-stream');
  return generic && /\.(txt|md|markdown|jsonl|ndjson|json|csv)$/i.test(name);
}

const isAttachment = (value: unknown): value is Attachment =>
  typeof value === 'object' && value !== null && 'url' in value && 'size' in value && 'name' in value;

type Outcome = { ok: true; reply: Reply } | { ok: false; error: unknown };
type Runnable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ModalSubmitInteraction;

const NO_WRITE = 'Changing the knowledge base needs the Manage Server permission or the writer role.';
const guildOnlyText = (name: string): string =>
  `${name.startsWith('/') || name.includes(' ') ? name : `/${name}`} works inside a server, where its knowledge base lives.`;

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
  /** Deferred replies a progress edit has given text: the final edit must clear it. */
  private readonly progressed = new WeakSet<Runnable>();
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
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand())
        await this.command(interaction);
      else if (interaction.isModalSubmit()) await this.modalSubmit(interaction);
      else if (interaction.isButton()) await this.button(interaction);
      else if (interaction.isAutocomplete()) await this.autocomplete(interaction);
    } catch (error) {
      // Only reached when even the error reply failed; nothing more can be sent.
      this.options.logger.error({ err: error }, 'interaction handling failed');
    }
  }

  private async command(
    i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  ): Promise<void> {
    const command = this.options.commands[i.commandName];
    if (!command) return this.refuse(i, 'That command is not part of this bot any more.');
    let input: Record<string, unknown>;
    if (i.isMessageContextMenuCommand()) {
      const message = i.targetMessage;
      input = { subcommand: 'add', text: message.content, title: `Message from ${message.author.username}` };
    } else {
      input = inputFrom(i.options.data);
      if (command.wantsForm?.(input as never)) {
        // A form must be the first response: check what can be checked before showing it.
        if (command.guildOnly && !i.inGuild()) return this.refuse(i, guildOnlyText(i.commandName));
        if (!(await this.mayWrite(i, command))) return this.refuse(i, NO_WRITE);
        await i.showModal(kbAddModal(i.user.id));
        return;
      }
    }
    await this.execute(i, i.commandName, command, input);
  }

  /** A submitted form runs its command like a slash command would. */
  private async modalSubmit(i: ModalSubmitInteraction): Promise<void> {
    const [kind, owner] = i.customId.split(':');
    const command = this.options.commands.kb;
    if (kind !== 'kbadd' || owner !== i.user.id || !command) return;
    const title = i.fields.getTextInputValue('title').trim();
    await this.execute(i, 'kb', command, {
      subcommand: 'add',
      text: i.fields.getTextInputValue('text'),
      ...(title ? { title } : {}),
    });
  }

  /** Guild check, cooldown, write permission, run (deferring if slow), render, and errors. */
  private async execute(
    i: Runnable,
    name: string,
    command: AnyCommand,
    input: Record<string, unknown>,
  ): Promise<void> {
    const started = performance.now();
    if (command.guildOnly && !i.inGuild()) return this.refuse(i, guildOnlyText(name));
    const wait = this.cooldown.take(i.user.id);
    if (wait > 0) return this.refuse(i, `You are going a little fast: try again in ${wait} s.`);
    if (command.writes?.(input as never) && !(await this.mayWrite(i, command)))
      return this.refuse(i, NO_WRITE);

    const invocation: Invocation = { userId: i.user.id, guildId: i.guildId, progress: this.progress(i) };
    const work: Promise<Outcome> = this.readAttachments(input)
      .then(() => command.run(input as never, this.options.services, invocation))
      .then((value) => ({ ok: true as const, reply: renderResult(name, value, input, i.user.id) }))
      .catch((error: unknown) => ({ ok: false as const, error }));
    const early = command.usesModel ? await Promise.race([work, sleep(this.deferAfterMs, null)]) : await work;
    if (early === null && !(await this.defer(i, name))) return;
    const outcome = early ?? (await work);

    const ref = newRef();
    if (outcome.ok) await this.send(i, outcome.reply);
    else await this.fail(i, outcome.error, ref, name);
    this.options.logger.info(
      {
        command: name,
        guild: i.guildId,
        ref,
        ms: Math.round(performance.now() - started),
        outcome: outcome.ok ? 'ok' : outcome.error instanceof UserError ? 'refused' : 'error',
      },
      'command',
    );
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
        error instanceof UserError
          ? wordUserError(error, 'discord')
          : `Something went wrong on our side (ref ${ref}).`,
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
  private async mayWrite(i: Runnable | ButtonInteraction, command: AnyCommand | undefined): Promise<boolean> {
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
      if (!looksLikeText(value.name, value.contentType)) {
        throw new UserError(`${value.name} does not look like a text file.`);
      }
      const response = await fetch(value.url);
      if (!response.ok)
        throw new UserError(`Could not download ${value.name} from Discord (HTTP ${response.status}).`);
      input[key] = { name: value.name, text: await response.text() };
    }
  }

  /** Progress edits of a deferred reply, at most one per `progressEveryMs`. */
  private progress(i: Runnable): (text: string) => void {
    let last = 0;
    const every = this.options.progressEveryMs ?? 3000;
    return (text) => {
      const now = Date.now();
      if (!i.deferred || now - last < every) return;
      last = now;
      this.progressed.add(i);
      i.editReply({ content: text, allowedMentions: NO_MENTIONS }).catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'progress edit failed'),
      );
    };
  }

  /** Defers the reply; false when Discord no longer knows the interaction (nothing else may be sent). */
  private async defer(i: Runnable, name: string): Promise<boolean> {
    try {
      await i.deferReply();
      return true;
    } catch (error) {
      const expired =
        error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction;
      this.options.logger.warn(
        { err: error, command: name },
        expired ? 'interaction expired before defer' : 'defer failed',
      );
      return false;
    }
  }

  private async send(i: Runnable, reply: Reply): Promise<void> {
    const payload = { ...reply, allowedMentions: NO_MENTIONS };
    // An edit keeps every field it does not send: a result without text must clear the progress line.
    if (i.deferred)
      await i.editReply(
        this.progressed.has(i) && payload.content === undefined ? { ...payload, content: '' } : payload,
      );
    else await i.reply(payload);
  }

  private async fail(i: Runnable, error: unknown, ref: string, name: string): Promise<void> {
    if (!(error instanceof UserError))
      this.options.logger.error({ err: error, command: name, ref }, 'command failed');
    // refuse() removes a public deferred placeholder first: the error is for the user alone.
    await this.refuse(
      i,
      error instanceof UserError
        ? wordUserError(error, 'discord')
        : `Something went wrong on our side (ref ${ref}). It has been logged.`,
    );
  }

  private async refuse(i: Runnable | ButtonInteraction, text: string): Promise<void> {
    if (i.deferred || i.replied) {
      // A public "thinking…" placeholder must not linger above a private refusal.
      if (i.deferred && !i.replied) await i.deleteReply().catch(() => undefined);
      await i.followUp({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await i.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }
}
