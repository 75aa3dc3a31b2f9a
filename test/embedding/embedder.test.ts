import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AutoTokenizer, env } from '@xenova/transformers';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Embedder, Embedding } from '../../src/embedding/embedder.ts';
import { UserError } from '../../src/errors.ts';
import { cosine } from '../../src/math/vector.ts';
import { describeWithModel, modelDir, realEmbedder } from '../helpers/model.ts';

const SENTENCES = [
  'The cat sits on the mat',
  'A feline rests on the carpet',
  'Dogs are playing in the park',
  'Python is a programming language',
  'Embeddings turn text into vectors of numbers.',
  'Ünïcödé, emoji 😀 and مرحبا still embed.',
];

/** Reference straight from onnxruntime: one text per run, no padding, plain mean pooling + L2. */
async function referenceEmbeddings(texts: string[]): Promise<Float64Array[]> {
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(modelDir!)}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(modelDir!));
  const session = await ort.InferenceSession.create(await readFile(path.join(modelDir!, 'onnx/model.onnx')));
  const out: Float64Array[] = [];
  for (const text of texts) {
    const ids = tokenizer.encode(text).map(BigInt);
    const dims = [1, ids.length];
    const result = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), dims),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), dims),
    });
    const hidden = result.last_hidden_state!.data as Float32Array;
    const dim = hidden.length / ids.length;
    const v = new Float64Array(dim);
    for (let t = 0; t < ids.length; t++)
      for (let d = 0; d < dim; d++) v[d]! += hidden[t * dim + d]! / ids.length;
    const n = Math.hypot(...v);
    out.push(v.map((x) => x / n));
  }
  return out;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describeWithModel('Embedder on the real all-MiniLM-L6-v2', () => {
  let fp32: Embedder;
  let int8: Embedder;
  beforeAll(async () => {
    fp32 = realEmbedder('fp32', 0);
    int8 = realEmbedder('int8', 0);
    await Promise.all([fp32.ready(), int8.ready()]);
  });
  afterAll(async () => {
    await Promise.all([fp32.close(), int8.close()]);
  });

  it('reports the model it loaded', async () => {
    expect(await fp32.ready()).toEqual({
      modelId: 'Xenova/all-MiniLM-L6-v2',
      dtype: 'fp32',
      dimensions: 384,
      window: 256,
    });
  });

  it('fp32 matches a reference computed directly with onnxruntime (cosine ≥ 0.9999)', async () => {
    const reference = await referenceEmbeddings(SENTENCES);
    const ours = await fp32.embedMany(SENTENCES);
    ours.forEach((e, i) => {
      expect(e.vector).toHaveLength(384);
      expect(cosine(e.vector, reference[i]!)).toBeGreaterThanOrEqual(0.9999);
    });
  });

  it('int8 stays close to fp32 (reported)', async () => {
    const [a, b] = await Promise.all([fp32.embedMany(SENTENCES), int8.embedMany(SENTENCES)]);
    const cosines = a.map((e, i) => cosine(e.vector, b[i]!.vector));
    const mean = cosines.reduce((s, x) => s + x, 0) / cosines.length;
    console.log(`int8 vs fp32 cosine: mean ${mean.toFixed(4)}, min ${Math.min(...cosines).toFixed(4)}`);
    expect(Math.min(...cosines)).toBeGreaterThan(0.95);
  });

  it('counts tokens with the special tokens and flags nothing for short text', async () => {
    const e = await fp32.embed('The cat sits on the mat');
    expect(e.tokens).toBe(8); // [CLS] the cat sits on the mat [SEP]
    expect(e.truncated).toBe(false);
  });

  it('cuts a 600-token text to the 256-token window, exactly like the text cut by hand', async () => {
    // Each of these words is one word piece, so n words make n + 2 tokens.
    const words = ['alpha', 'river', 'stone', 'green', 'music', 'table'];
    const long = Array.from({ length: 598 }, (_, i) => words[i % words.length]).join(' ');
    const cut = long.split(' ').slice(0, 254).join(' ');
    const [el, ec] = await fp32.embedMany([long, cut]);
    expect(el!.tokens).toBe(600);
    expect(el!.truncated).toBe(true);
    expect(ec!.tokens).toBe(256);
    expect(ec!.truncated).toBe(false);
    expect(maxAbsDiff(el!.vector, ec!.vector)).toBeLessThan(1e-6);
  });

  it.each(['fp32', 'int8'] as const)(
    '%s: 100 concurrent calls give the vectors of 100 sequential calls',
    async (dtype) => {
      const embedder = dtype === 'fp32' ? fp32 : int8;
      const texts = Array.from(
        { length: 100 },
        (_, i) => `Sentence number ${i} talks about ${SENTENCES[i % 6]}`,
      );
      const concurrent = await Promise.all(texts.map((t) => embedder.embed(t)));
      const sequential: Embedding[] = [];
      for (const t of texts) sequential.push(await embedder.embed(t));
      // fp32 differs only by float rounding with padding; int8 runs each text alone, so exactly.
      const tolerance = dtype === 'fp32' ? 1e-5 : 0;
      concurrent.forEach((e, i) => {
        expect(maxAbsDiff(e.vector, sequential[i]!.vector)).toBeLessThanOrEqual(tolerance);
      });
    },
  );

  it('refuses empty, blank and invisible text with a clear message, and never gives NaN', async () => {
    for (const bad of ['', '   \n\t', '\u200B\u200B', '\uFEFF \u2060']) {
      await expect(fp32.embed(bad)).rejects.toBeInstanceOf(UserError);
    }
    await expect(fp32.embed('')).rejects.toThrow(/empty/);
    await expect(fp32.embed('\u200B')).rejects.toThrow(/invisible/);
    const odd = await fp32.embedMany(['.', '😀', '[PAD]', '\u0000', 'a'.repeat(5000)]);
    for (const e of odd) expect(e.vector.every(Number.isFinite)).toBe(true);
  });

  it('loads once: concurrent callers share one load', async () => {
    const fresh = realEmbedder('fp32');
    try {
      const loads = [fresh.ready(), fresh.ready(), fresh.ready()];
      expect(loads[1]).toBe(loads[0]);
      expect(loads[2]).toBe(loads[0]);
      await Promise.all(loads);
      expect(fresh.ready()).toBe(loads[0]);
    } finally {
      await fresh.close();
    }
  });

  // The thread is never ended: onnxruntime-node 1.14 can corrupt the heap when a thread that held a
  // session ends and another creates one (see ModelWorker). close() releases it instead.
  it('loads again after close: the model thread is released (not ended) and taken up again', async () => {
    const again = realEmbedder('fp32', 0);
    try {
      const before = await again.embed('restart me');
      await again.close();
      const after = await again.embed('restart me');
      expect(maxAbsDiff(before.vector, after.vector)).toBe(0);
    } finally {
      await again.close();
    }
  });

  it('a closed embedder no longer holds the process open (its thread is released)', async () => {
    // In a process of its own: embed, close, embed again, close; then it must exit by itself.
    const script = `
      import { Embedder } from ${JSON.stringify(path.resolve('src/embedding/embedder.ts'))};
      const e = new Embedder({ modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', modelDir: process.env.MODEL_DIR, cacheDir: 'data/models', threads: 1, cacheSize: 0 });
      const a = (await e.embed('restart me')).vector;
      await e.close();
      const b = (await e.embed('restart me')).vector;
      await e.close();
      console.log(a.every((v, i) => v === b[i]) ? 'same' : 'different');
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, MODEL_DIR: modelDir }, timeout: 30_000 },
    );
    expect(stdout).toBe('same\n');
  });

  it('remembers recent texts in a small cache', async () => {
    const cached = realEmbedder('fp32', 10);
    try {
      const first = await cached.embed('cached text');
      expect(await cached.embed('cached text')).toBe(first);
      for (let i = 0; i < 10; i++) await cached.embed(`filler ${i}`);
      expect(await cached.embed('cached text')).not.toBe(first); // evicted, computed again
    } finally {
      await cached.close();
    }
  });

  it('gives the word pieces the model sees', async () => {
    expect(await fp32.pieces('Embeddings are neat')).toEqual([
      '[CLS]',
      'em',
      '##bed',
      '##ding',
      '##s',
      'are',
      'neat',
      '[SEP]',
    ]);
  });
});
