/** Discord's limit on a component's or form's custom id. */
export const MAX_CUSTOM_ID = 100;

/** The owner part of a button anyone may press (ComponentHandler.anyone). */
export const ANYONE = 'any';

/** A custom id: which handler (prefix), whose message (owner), and the handler's own arguments. */
export interface CustomId {
  prefix: string;
  owner: string;
  args: string[];
}

/** `prefix:owner:arg…`, refused when a part holds a colon or the whole is over 100 characters. */
export function encodeCustomId(prefix: string, owner: string, ...args: (string | number)[]): string {
  const parts = [prefix, owner, ...args.map(String)];
  if (parts.some((p) => p.includes(':')))
    throw new Error(`A custom id part holds a colon: ${parts.join(' ')}`);
  const id = parts.join(':');
  if (id.length > MAX_CUSTOM_ID)
    throw new Error(
      `The custom id ${id.slice(0, 30)}… is ${id.length} characters; Discord allows ${MAX_CUSTOM_ID}.`,
    );
  return id;
}

export function parseCustomId(id: string): CustomId | undefined {
  const [prefix, owner, ...args] = id.split(':');
  if (!prefix || owner === undefined) return undefined;
  return { prefix, owner, args };
}
