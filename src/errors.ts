/**
 * An error whose message is written for the person who ran the command. `code` names the situation
 * for transports that word it their own way (the CLI names a shell command, Discord a slash command);
 * `context` holds the values such wording needs.
 */
export class UserError extends Error {
  override name = 'UserError';
  readonly code: string | undefined;
  readonly context: Readonly<Record<string, string | number>>;

  constructor(
    message: string,
    options: { code?: string; context?: Record<string, string | number>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.context = options.context ?? {};
  }
}

/** Raised where a direction is needed but the vector has none (all zeros). */
export class ZeroVectorError extends Error {
  override name = 'ZeroVectorError';
  constructor(what = 'vector') {
    super(`The ${what} is all zeros, so it has no direction to compare.`);
  }
}
