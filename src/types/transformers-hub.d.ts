// transformers.js ships types for its hub helpers but no exports map pointing at them.
declare module '@xenova/transformers/src/utils/hub.js' {
  export function getModelFile(
    pathOrRepoId: string,
    filename: string,
    fatal?: boolean,
    options?: Record<string, unknown>,
  ): Promise<Uint8Array>;
}
