import { expect, it } from 'vitest';
import { describeWithModel, realEmbedder } from '../helpers/model.ts';

describeWithModel('Embedder.close while the model is busy', () => {
  it('waits for the batch on the thread, refuses what is still queued, and says so', async () => {
    const embedder = realEmbedder('fp32', 0);
    await embedder.ready();
    const long = (i: number) => `Text ${i}: ${'rivers and gardens and the history of tea '.repeat(20)}`;
    // More than one batch (64 texts each): the first runs on the thread, the rest wait in the queue.
    const settled: ('done' | 'refused')[] = [];
    const all = Array.from({ length: 200 }, (_, i) =>
      embedder.embed(long(i)).then(
        () => void settled.push('done'),
        (error: Error) => {
          expect(error.message).toMatch(/shutting down/);
          settled.push('refused');
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    await embedder.close();
    // By the time close() returns, the running batch has come back (its callers hear of it in the
    // same turn): nothing is left on the thread.
    await new Promise((r) => setImmediate(r));
    const doneAtClose = settled.filter((s) => s === 'done').length;
    expect(doneAtClose).toBeGreaterThan(0);
    await Promise.all(all);
    expect(settled.filter((s) => s === 'done').length).toBe(doneAtClose);
    expect(settled.filter((s) => s === 'refused').length).toBe(200 - doneAtClose);
    expect(doneAtClose).toBeLessThan(200);
  });
});
