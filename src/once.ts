/** A promise made on first call and shared by every caller after; `current` is it, once made. */
export interface Once<T> {
  (): Promise<T>;
  readonly current: Promise<T> | undefined;
  /** Lets go of the promise: the next call makes a new one. */
  forget(): void;
}

/**
 * Makes the promise on first call and hands every caller the same one; a failed one is forgotten,
 * so the next call tries again (a model that failed to load, a store that was down).
 */
export function once<T>(make: () => Promise<T>): Once<T> {
  let pending: Promise<T> | undefined;
  const get = (): Promise<T> =>
    (pending ??= make().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
  const forget = () => {
    pending = undefined;
  };
  return Object.defineProperties(get, {
    current: { get: () => pending },
    forget: { value: forget },
  }) as Once<T>;
}
