/** An error whose message is written for the person who ran the command. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Raised where a direction is needed but the vector has none (all zeros). */
export class ZeroVectorError extends Error {
  override name = 'ZeroVectorError';
  constructor(what = 'vector') {
    super(`The ${what} is all zeros, so it has no direction to compare.`);
  }
}
