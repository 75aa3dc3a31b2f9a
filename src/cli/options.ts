import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ApplicationCommandOptionType as Type } from 'discord.js';
import { UserError } from '../errors.ts';

/** A slash-command option as the data holds it, with every field the CLI reads. */
export interface DataOption {
  type: Type;
  name: string;
  description: string;
  required?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  choices?: { name: string; value: string | number }[];
  options?: DataOption[];
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** `include_inputs` is `--include-inputs` on the command line. */
export const flagOf = (name: string): string => name.replaceAll('_', '-');

export const subcommandsOf = (options: readonly DataOption[] | undefined): DataOption[] =>
  (options ?? []).filter((o) => o.type === Type.Subcommand);

export const groupsOf = (options: readonly DataOption[] | undefined): DataOption[] =>
  (options ?? []).filter((o) => o.type === Type.SubcommandGroup);

/** The value options at one level (not subcommands or groups). */
export const valueOptions = (options: readonly DataOption[] | undefined): DataOption[] =>
  (options ?? []).filter((o) => o.type !== Type.Subcommand && o.type !== Type.SubcommandGroup);

/** parseArgs options for the data options that are not positional. */
export function flagSpec(options: readonly DataOption[], positional: readonly string[]): FlagSpec {
  const spec: FlagSpec = {};
  for (const o of options) {
    if (positional.includes(o.name)) continue;
    spec[flagOf(o.name)] = { type: o.type === Type.Boolean ? 'boolean' : 'string' };
  }
  return spec;
}

function metavar(o: DataOption): string {
  if (o.choices) return ` ${o.choices.map((c) => c.value).join('|')}`;
  switch (o.type) {
    case Type.Boolean:
      return '';
    case Type.Integer:
      return ' N';
    case Type.Number:
      return ' X';
    case Type.Attachment:
      return ' PATH';
    case Type.String:
      return ' TEXT';
    default:
      return ' ID';
  }
}

function limits(o: DataOption): string {
  if (o.min_value !== undefined && o.max_value !== undefined) return ` (${o.min_value} to ${o.max_value})`;
  if (o.min_value !== undefined) return ` (${o.min_value} or more)`;
  if (o.max_value !== undefined) return ` (at most ${o.max_value})`;
  if (o.max_length !== undefined && o.type === Type.String) return ` (up to ${o.max_length} characters)`;
  return '';
}

/** One help line per flag: `--top N  How many results (default 5) (1 to 20)`. */
export function flagHelp(
  options: readonly DataOption[],
  positional: readonly string[],
  describe: Readonly<Record<string, string>> = {},
): [string, string][] {
  return options
    .filter((o) => !positional.includes(o.name))
    .map((o) => {
      // A description may state its range already ("(0–1)").
      const range = o.description.includes(`${o.min_value}–${o.max_value}`) ? '' : limits(o);
      return [`--${flagOf(o.name)}${metavar(o)}`, describe[o.name] ?? `${o.description}${range}`];
    });
}

/** Checks a flag's value against the option's type and limits; returns the value the command takes. */
export function coerce(o: DataOption, raw: string | boolean): unknown {
  const flag = `--${flagOf(o.name)}`;
  if (o.type === Type.Boolean) return raw === true;
  const text = String(raw);
  if (o.choices) {
    const match = o.choices.find((c) => String(c.value) === text);
    if (!match) throw new UserError(`${flag} must be one of ${o.choices.map((c) => c.value).join(', ')}.`);
    return match.value;
  }
  switch (o.type) {
    case Type.Integer: {
      const n = Number(text);
      if (!Number.isInteger(n) || (o.min_value !== undefined && n < o.min_value))
        throw new UserError(
          o.min_value === undefined
            ? `${flag} must be a whole number.`
            : `${flag} must be a whole number of ${o.min_value} or more.`,
        );
      if (o.max_value !== undefined && n > o.max_value)
        throw new UserError(`${flag} must be at most ${o.max_value}.`);
      return n;
    }
    case Type.Number: {
      const n = text.trim() === '' ? Number.NaN : Number(text);
      const low = o.min_value ?? Number.NEGATIVE_INFINITY;
      const high = o.max_value ?? Number.POSITIVE_INFINITY;
      if (!Number.isFinite(n) || n < low || n > high)
        throw new UserError(
          `${flag} must be a number${o.min_value !== undefined && o.max_value !== undefined ? ` from ${low} to ${high}` : ''}.`,
        );
      return n;
    }
    case Type.String:
      if (o.max_length !== undefined && text.trim().length > o.max_length)
        throw new UserError(
          `${flag} is ${text.trim().length} characters long; the limit is ${o.max_length}.`,
        );
      return text;
    case Type.Attachment:
      return text;
    default:
      if (!/^\d{17,20}$/.test(text)) throw new UserError(`${flag} must be an id (a long number).`);
      return text;
  }
}

/**
 * parseArgs reads `--k -3` as a flag without a value; a negative number after a flag that takes
 * a value is that flag's value, so `--k -3` gets the same message as `--k 0`.
 */
export function joinNegativeNumbers(args: readonly string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && spec[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export type FlagValues = Record<string, string | boolean | undefined>;

/** parseArgs with positionals allowed; a malformed flag becomes a UserError that shows `usage`. */
export function parseFlags(
  args: string[],
  options: FlagSpec,
  usage: string,
): { values: FlagValues; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true }) as {
      values: FlagValues;
      positionals: string[];
    };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UserError(`${(error as Error).message} (usage: ${usage})`);
    throw error;
  }
}
