import type { UserError } from './errors.ts';

export type Transport = 'cli' | 'discord';

type Context = Readonly<Record<string, string | number>>;

/**
 * How each transport words the errors whose fix is a command of its own: the domain layer names the
 * situation (`code`) and its values (`context`), never a shell or slash command.
 */
const WORDING: Record<string, Partial<Record<Transport, (c: Context) => string>>> = {
  'kb.stale-model': {
    cli: (c) =>
      `${c.count} document(s) here were embedded with a different model than the bot now uses (${c.model}). ` +
      `Mixing them would give wrong answers: run \`embedbot kb reembed --guild ${c.guild}\`.`,
    discord: (c) =>
      `${c.count} document(s) here were embedded with a different model than the bot now uses (${c.model}). ` +
      `Mixing them would give wrong answers: an operator can run \`embedbot kb reembed --guild ${c.guild}\` on the bot's host.`,
  },
};

/** The text a person sees for a UserError on this transport (its own message unless worded here). */
export function wordUserError(error: UserError, transport: Transport): string {
  const word = error.code === undefined ? undefined : WORDING[error.code]?.[transport];
  return word ? word(error.context) : error.message;
}
