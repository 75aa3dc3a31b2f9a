import { ApplicationCommandOptionType, type Attachment, type CommandInteractionOption } from 'discord.js';
import { UserError } from '../errors.ts';

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

/** A text type, or (Discord labels unknown extensions as octet-stream or not at all) a text extension. */
function looksLikeText(name: string, contentType: string | null): boolean {
  if (contentType && /^(text\/|application\/(json|x-ndjson|jsonl))/.test(contentType)) return true;
  const generic = !contentType || contentType.startsWith('application/octet-stream');
  return generic && /\.(txt|md|markdown|jsonl|ndjson|json|csv)$/i.test(name);
}

const isAttachment = (value: unknown): value is Attachment =>
  typeof value === 'object' && value !== null && 'url' in value && 'size' in value && 'name' in value;

/** Replaces attachment options with {name, text}, refusing binaries and oversized files. */
export async function readAttachments(input: Record<string, unknown>, limit: number): Promise<void> {
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
