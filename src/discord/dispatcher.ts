import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AnyThreadChannel,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Interaction,
  type Message,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord.js';
import type { AnyCommand, Services } from '../command.ts';
import { UserError } from '../errors.ts';
import { type Logger, newRef } from '../log.ts';
import { wordUserError } from '../user-messages.ts';
import { Cooldown } from './cooldown.ts';
import { encodeCustomId, parseCustomId } from './custom-id.ts';
import { inputFrom, readAttachments } from './options.ts';
import type {
  ComponentHandler,
  EventContext,
  EventHandlers,
  FormHandler,
  SurfaceContext,
} from './surface.ts';
import { NO_MENTIONS, type Reply } from './ui.ts';

export { NO_MENTIONS } from './ui.ts';

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

type Runnable =
  | ChatInputCommandInteraction
  | MessageContextMenuCommandInteraction
  | ModalSubmitInteraction
  | ButtonInteraction;

/** One thing to do for an interaction, whatever started it: the guards are the same for all. */
interface Entry {
  name: string;
  command: AnyCommand;
  /** The custom-id prefix of the button or form, for the log line. */
  via?: string;
  /** Run the command with `input`, show a reply at once, or ask with a form for what `input` lacks. */
  work:
    | { input: Record<string, unknown> }
    | { reply: Reply }
    | { notice: () => Promise<string> }
    | { form: FormHandler<unknown>; input: Record<string, unknown> };
  /** A button edits the message it is on; everything else answers with a new one. */
  update: boolean;
}

type Outcome = { ok: true; reply: Reply } | { ok: false; error: unknown };
type Owned<T> = { command: AnyCommand; handler: T };

const NO_WRITE = 'Changing the knowledge base needs the Manage Server permission or the writer role.';
const guildOnlyText = (name: string): string =>
  `${name.startsWith('/') || name.includes(' ') ? name : `/${name}`} works inside a server, where its knowledge base lives.`;

/** Handlers by custom-id prefix; two commands may not claim one prefix. */
function byPrefix<T extends { prefix: string }>(
  commands: Record<string, AnyCommand>,
  of: (c: AnyCommand) => T[],
): Map<string, Owned<T>> {
  const map = new Map<string, Owned<T>>();
  for (const command of Object.values(commands)) {
    for (const handler of of(command)) {
      if (map.has(handler.prefix))
        throw new Error(`Two handlers claim the custom id prefix "${handler.prefix}".`);
      map.set(handler.prefix, { command, handler });
    }
  }
  return map;
}

/**
 * The one place interactions are handled. It knows no command by name: it routes by command name or
 * custom-id prefix and applies the same guards to each (server only, cooldown, write permission,
 * deferral, errors, one log line). It never throws; every interaction gets at most one initial response.
 */
export class Dispatcher {
  private readonly cooldown: Cooldown;
  private readonly deferAfterMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  /** Deferred replies a progress edit has given text: the final edit must clear it. */
  private readonly progressed = new WeakSet<Runnable>();
  private readonly components: Map<string, Owned<ComponentHandler<unknown>>>;
  private readonly forms: Map<string, Owned<FormHandler<unknown>>>;
  private closing = false;

  constructor(private readonly options: DispatcherOptions) {
    this.cooldown = new Cooldown(options.cooldown.uses, options.cooldown.seconds);
    this.deferAfterMs = options.deferAfterMs ?? 1000;
    this.components = byPrefix(options.commands, (c) => c.discord?.components ?? []);
    this.forms = byPrefix(options.commands, (c) => (c.discord?.form ? [c.discord.form] : []));
  }

  readonly handle = (interaction: Interaction): Promise<void> => this.track(this.route(interaction));

  /** Gives a message to every command listening for messages (auto-answers). Never throws. */
  readonly handleMessage = (message: Message): Promise<void> =>
    this.dispatchEvent('messageCreate', message.guildId, (on, ctx) => on.messageCreate?.(message, ctx));

  /** Gives a new thread (a forum post) to every command listening for threads. Never throws. */
  readonly handleThread = (thread: AnyThreadChannel, newlyCreated: boolean): Promise<void> =>
    this.dispatchEvent('threadCreate', thread.guildId, (on, ctx) =>
      on.threadCreate?.(thread, newlyCreated, ctx),
    );

  private dispatchEvent(
    event: keyof EventHandlers,
    guildId: string | null,
    call: (on: EventHandlers, ctx: EventContext) => unknown,
  ): Promise<void> {
    const { services, logger, commands } = this.options;
    return this.track(
      (async () => {
        if (this.closing) return;
        for (const [name, command] of Object.entries(commands)) {
          const on = command.discord?.events;
          if (!on?.[event]) continue;
          await Promise.resolve(call(on, { guildId, services, logger })).catch((error: unknown) =>
            logger.error(
              { err: error, command: name },
              event === 'messageCreate' ? 'message handling failed' : 'thread handling failed',
            ),
          );
        }
      })(),
    );
  }

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

  private track(task: Promise<void>): Promise<void> {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
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
      const fromMessage = command.discord?.fromMessage;
      if (!fromMessage) throw new Error(`/${i.commandName} has no input for a message`);
      const message = i.targetMessage;
      input = fromMessage({ content: message.content, authorName: message.author.username });
    } else {
      input = inputFrom(i.options.data);
      const form = command.discord?.form;
      if (form?.wants(input)) {
        return this.execute(i, { name: i.commandName, command, work: { form, input }, update: false });
      }
    }
    await this.execute(i, { name: i.commandName, command, work: { input }, update: false });
  }

  /** A submitted form runs its command as a slash command would. Someone else's form does nothing. */
  private async modalSubmit(i: ModalSubmitInteraction): Promise<void> {
    const id = parseCustomId(i.customId);
    const owned = id && this.forms.get(id.prefix);
    if (!id || !owned || id.owner !== i.user.id) return;
    const input = owned.handler.submit((field) => i.fields.getTextInputValue(field)) as Record<
      string,
      unknown
    >;
    await this.execute(i, {
      name: owned.command.data.name,
      command: owned.command,
      via: id.prefix,
      work: { input },
      update: false,
    });
  }

  /**
   * Only the person a message was for may press its buttons (unless the handler lets anyone); then
   * the command's guards apply. Input the command's form wants is asked with the form.
   */
  private async button(i: ButtonInteraction): Promise<void> {
    const id = parseCustomId(i.customId);
    const owned = id && this.components.get(id.prefix);
    if (!id || !owned) return;
    if (!owned.handler.anyone && id.owner !== i.user.id) return this.refuse(i, owned.handler.notYours);
    const press = await owned.handler.press(id.args, this.context(i));
    if (!press) return;
    let work: Entry['work'] = press as Exclude<typeof press, { input: unknown }>;
    if ('input' in press) {
      const input = press.input as Record<string, unknown>;
      const form = owned.command.discord?.form;
      work = form?.wants(input) ? { form, input } : { input };
    }
    await this.execute(i, {
      name: owned.command.data.name,
      command: owned.command,
      via: id.prefix,
      work,
      update: true,
    });
  }

  private async autocomplete(i: AutocompleteInteraction): Promise<void> {
    const command = this.options.commands[i.commandName];
    const complete = command?.discord?.autocomplete;
    if (!complete || (command.guildOnly && !i.guildId)) return i.respond([]);
    const focused = i.options.getFocused(true);
    await i.respond(await complete({ name: focused.name, value: String(focused.value) }, this.context(i)));
  }

  private context(i: Runnable | AutocompleteInteraction): SurfaceContext {
    return { userId: i.user.id, guildId: i.guildId, services: this.options.services };
  }

  /**
   * The guards every entry passes (server only, cooldown, write permission), then the work: deferred
   * if the model makes it slow, rendered, sent, errors answered privately, and one log line. A form's
   * write permission is checked before asking (and again when it comes back).
   */
  private async execute(i: Runnable, entry: Entry): Promise<void> {
    const started = performance.now();
    const { name, command, work } = entry;
    if (command.guildOnly && !i.inGuild()) return this.refuse(i, guildOnlyText(name));
    const wait = this.cooldown.take(i.user.id);
    if (wait > 0) return this.refuse(i, `You are going a little fast: try again in ${wait} s.`);
    const input = 'input' in work ? work.input : undefined;
    if (input && command.writes?.(input) && !(await this.mayWrite(i, command)))
      return this.refuse(i, NO_WRITE);

    const ref = newRef();
    let outcome: Outcome | 'form';
    if ('form' in work) {
      if (!i.isChatInputCommand() && !i.isButton())
        throw new Error('Only a slash command or a button can ask with a form');
      await i.showModal(work.form.build(encodeCustomId(work.form.prefix, i.user.id)));
      outcome = 'form';
    } else if ('notice' in work) {
      outcome = await work.notice().then(
        (text) => ({ ok: true as const, reply: { content: text } }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (outcome.ok) await this.refuse(i, outcome.reply.content ?? '');
      else await this.fail(i, outcome.error, ref, entry);
    } else {
      const running: Promise<Outcome> = (
        'input' in work ? this.run(i, entry, work.input) : Promise.resolve(work.reply)
      )
        .then((reply) => ({ ok: true as const, reply }))
        .catch((error: unknown) => ({ ok: false as const, error }));
      const slow = 'input' in work && command.usesModel;
      const early = slow ? await Promise.race([running, sleep(this.deferAfterMs, null)]) : await running;
      if (early === null && !(await this.defer(i, entry))) return;
      outcome = early ?? (await running);
      if (outcome.ok) await this.send(i, outcome.reply, entry.update);
      else await this.fail(i, outcome.error, ref, entry);
    }
    this.options.logger.info(
      {
        command: name,
        ...(entry.via ? { via: entry.via } : {}),
        guild: i.guildId,
        ref,
        ms: Math.round(performance.now() - started),
        outcome:
          outcome === 'form'
            ? 'form'
            : outcome.ok
              ? 'ok'
              : outcome.error instanceof UserError
                ? 'refused'
                : 'error',
      },
      'command',
    );
  }

  private async run(i: Runnable, { name, command }: Entry, input: Record<string, unknown>): Promise<Reply> {
    await readAttachments(input, this.options.maxAttachmentBytes ?? 2_000_000);
    const result = await command.run(input, this.options.services, {
      userId: i.user.id,
      guildId: i.guildId,
      progress: this.progress(i),
    });
    const render = command.discord?.render;
    if (!render) throw new Error(`No Discord renderer for /${name}`);
    return render(result, input, { userId: i.user.id });
  }

  /** Manage Server, or the command's writer role; checked on every write, whatever the defaults say. */
  private async mayWrite(i: Runnable, command: AnyCommand): Promise<boolean> {
    if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
    if (!i.guildId || !command.writerRole) return false;
    const role = await command.writerRole(i.guildId, this.options.services);
    if (!role) return false;
    const roles = i.member?.roles;
    return Array.isArray(roles) ? roles.includes(role) : (roles?.cache.has(role) ?? false);
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

  /** Defers the answer; false when Discord no longer knows the interaction (nothing else may be sent). */
  private async defer(i: Runnable, { name, update }: Entry): Promise<boolean> {
    try {
      if (update && i.isButton()) await i.deferUpdate();
      else await i.deferReply();
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

  private async send(i: Runnable, reply: Reply, update: boolean): Promise<void> {
    const payload = { ...reply, allowedMentions: NO_MENTIONS };
    // An edit keeps every field it does not send: a result without text must clear the progress line.
    if (i.deferred)
      await i.editReply(
        this.progressed.has(i) && payload.content === undefined ? { ...payload, content: '' } : payload,
      );
    else if (update && i.isButton()) await i.update(payload);
    else await i.reply(payload);
  }

  private async fail(i: Runnable, error: unknown, ref: string, { name, via }: Entry): Promise<void> {
    if (!(error instanceof UserError))
      this.options.logger.error(
        { err: error, command: name, ...(via ? { via } : {}), ref },
        'command failed',
      );
    // refuse() removes a public deferred placeholder first: the error is for the user alone.
    await this.refuse(
      i,
      error instanceof UserError
        ? wordUserError(error, 'discord')
        : `Something went wrong on our side (ref ${ref}). It has been logged.`,
    );
  }

  private async refuse(i: Runnable, text: string): Promise<void> {
    if (i.deferred || i.replied) {
      // A public "thinking…" placeholder must not linger above a private refusal (a button's
      // deferred update has none: its message is the one the button is on, and stays).
      if (i.deferred && !i.replied && !i.isButton()) await i.deleteReply().catch(() => undefined);
      await i.followUp({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await i.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }
}
