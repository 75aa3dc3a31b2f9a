/** A storage operation failed (never the user's fault; the cause is in the message). */
export class StoreError extends Error {
  override name = 'StoreError';
}
