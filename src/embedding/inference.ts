import type { PreTrainedTokenizer } from '@xenova/transformers';
import ort from 'onnxruntime-node';
import { loadModelFiles, type ModelSource } from './model-files.ts';
import { meanPoolNormalized } from './pooling.ts';
import { cutToWindow, orderByLength, padBatch } from './window.ts';

export interface InferenceOptions {
  /** Tokens per input, special tokens included; longer inputs are cut. */
  window: number;
  /** onnxruntime intra-op threads. */
  threads: number;
  /** Rows per session run once inputs are sorted by length. */
  subBatch: number;
}

export interface BatchResult {
  /** rows × dimensions, unit length, in input order. */
  vectors: Float32Array;
  /** Tokens each text became before the cut, special tokens included. */
  tokens: number[];
  truncated: boolean[];
  /** Word pieces of each text the tokenizer could not read ([UNK]), before the cut. */
  unknown: number[];
}

export const sessionOptions = (threads: number): ort.InferenceSession.SessionOptions => ({
  executionProviders: ['cpu'],
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});

/** Tokeniser + ONNX session: the synchronous heart of the embedder, meant to run inside a worker. */
export class Inference {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: PreTrainedTokenizer,
    readonly dimensions: number,
    private readonly options: InferenceOptions,
  ) {}

  static async load(source: ModelSource, options: InferenceOptions): Promise<Inference> {
    const files = await loadModelFiles(source);
    const session = await ort.InferenceSession.create(files.onnx, sessionOptions(options.threads));
    return new Inference(session, files.tokenizer, files.dimensions, options);
  }

  tokenize(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  /** The word pieces a text becomes, special tokens included, after the window cut. */
  pieces(text: string): string[] {
    const ids = cutToWindow(this.tokenize(text), this.options.window, this.sepId);
    return this.tokenizer.model.convert_ids_to_tokens(ids);
  }

  private get unkId(): number {
    return this.tokenizer.model.unk_token_id ?? 100;
  }

  private get sepId(): number {
    return this.tokenizer.sep_token_id ?? 102;
  }

  async embed(texts: readonly string[]): Promise<BatchResult> {
    const { window, subBatch } = this.options;
    const full = texts.map((t) => this.tokenize(t));
    const ids = full.map((t) => cutToWindow(t, window, this.sepId));
    const vectors = new Float32Array(texts.length * this.dimensions);
    const unk = this.unkId;
    const order = orderByLength(ids.map((t) => t.length));
    for (let start = 0; start < order.length; start += subBatch) {
      const rows = order.slice(start, start + subBatch);
      const batch = padBatch(
        rows.map((r) => ids[r]!),
        this.tokenizer.pad_token_id ?? 0,
      );
      const dims = [batch.rows, batch.width];
      const output = await this.session.run({
        input_ids: new ort.Tensor('int64', batch.inputIds, dims),
        attention_mask: new ort.Tensor('int64', batch.attentionMask, dims),
        token_type_ids: new ort.Tensor('int64', batch.tokenTypeIds, dims),
      });
      const hidden = output[this.session.outputNames[0]!]!.data as Float32Array;
      meanPoolNormalized(
        hidden,
        batch.attentionMask,
        batch.rows,
        batch.width,
        this.dimensions,
        vectors,
        rows,
      );
    }
    return {
      vectors,
      tokens: full.map((t) => t.length),
      truncated: full.map((t) => t.length > window),
      unknown: full.map((t) => t.filter((id) => id === unk).length),
    };
  }
}
