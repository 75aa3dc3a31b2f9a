import type { AnyThreadChannel, APIModalInteractionResponseCallbackData, Message } from 'discord.js';
import type { Invocation, Services } from '../context.ts';
import type { Logger } from '../log.ts';
import type { Reply } from './ui.ts';

/** Who the reply is for (buttons carry their id, so only they can press them). */
export interface RenderContext {
  userId: string;
}

/** What a button, form, autocomplete or event handler may use. */
export interface SurfaceContext extends Invocation {
  services: Services;
}

/**
 * What pressing a button does: run the command with this input (or ask with the command's form when
 * it wants this input), show this reply at once, or do `notice` once the guards have passed and
 * answer the presser alone with the short text it gives.
 */
export type Press<Input> =
  | { input: Input }
  | { reply: Reply }
  | { notice: () => Promise<string> }
  | undefined;

/**
 * Buttons (and selects) whose custom id starts with `prefix` (see custom-id.ts). The dispatcher checks
 * that the presser owns the message, then applies the command's guards to what `press` returns.
 */
export interface ComponentHandler<Input> {
  prefix: string;
  /** Anyone may press (the custom id's owner is ANYONE); otherwise only the message's owner. */
  anyone?: boolean;
  /** The private answer to anyone but the person the message was for. */
  notYours: string;
  press(args: string[], ctx: SurfaceContext): Press<Input> | Promise<Press<Input>>;
}

/** A form the command asks with, instead of running, when `wants(input)`. */
export interface FormHandler<Input> {
  prefix: string;
  wants(input: Input): boolean;
  /** The form; `customId` is already encoded for the user. */
  build(customId: string): APIModalInteractionResponseCallbackData;
  /** The input a submitted form runs the command with; `field` reads a text input by id. */
  submit(field: (id: string) => string): Input;
}

export interface Choice {
  name: string;
  value: string;
}

/** What an event handler may use. */
export interface EventContext {
  guildId: string | null;
  services: Services;
  logger: Logger;
}

/** Events a command listens to besides its own interactions (e.g. messages for auto-answers). */
export interface EventHandlers {
  messageCreate?(message: Message, ctx: EventContext): Promise<void>;
  threadCreate?(thread: AnyThreadChannel, newlyCreated: boolean, ctx: EventContext): Promise<void>;
}

/** How a command looks and behaves in Discord, all of it beside the command. */
export interface DiscordSurface<Input, Result> {
  render(result: Result, input: Input, ctx: RenderContext): Reply;
  components?: ComponentHandler<Input>[];
  form?: FormHandler<Input>;
  /** Choices for the option being typed. */
  autocomplete?(focused: { name: string; value: string }, ctx: SurfaceContext): Promise<Choice[]>;
  /** A message-menu command's input from the message it was used on. */
  fromMessage?(message: { content: string; authorName: string }): Input;
  events?: EventHandlers;
}
