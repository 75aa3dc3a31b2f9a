/**
 * Cuts a tokenised text (with its [CLS] … [SEP] already in place) to the model's window, keeping
 * the closing separator, as sentence-transformers does with max_seq_length.
 */
export function cutToWindow(ids: readonly number[], window: number, sepId: number): number[] {
  if (ids.length <= window) return [...ids];
  return [...ids.slice(0, window - 1), sepId];
}

export interface BatchTensors {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  rows: number;
  width: number;
}

/** Right-pads a batch of token id lists to its longest member. */
export function padBatch(batch: readonly (readonly number[])[], padId: number): BatchTensors {
  const rows = batch.length;
  const width = Math.max(1, ...batch.map((ids) => ids.length));
  const inputIds = new BigInt64Array(rows * width).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(rows * width);
  batch.forEach((ids, r) => {
    ids.forEach((id, c) => {
      inputIds[r * width + c] = BigInt(id);
      attentionMask[r * width + c] = 1n;
    });
  });
  return { inputIds, attentionMask, tokenTypeIds: new BigInt64Array(rows * width), rows, width };
}

/** Indices of `lengths` ordered by length, so a batch cut from the order pads as little as possible. */
export function orderByLength(lengths: readonly number[]): number[] {
  return lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
}
