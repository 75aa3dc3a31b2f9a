import { doctorAutoAnswer } from './autoanswer/intents.ts';
import type { Config } from './config.ts';
import { graphProblem } from './kb/ann.ts';
import { openStore } from './kb/store.ts';

/** Checks what the bot needs, printing one line per check; returns the number of problems. */
export async function doctor(config: Config, print: (line: string) => void): Promise<number> {
  let problems = 0;
  const check = async (what: string, task: () => Promise<string>) => {
    try {
      print(`ok       ${what}: ${await task()}`);
    } catch (error) {
      problems++;
      print(`PROBLEM  ${what}: ${(error as Error).message}`);
    }
  };
  await check('settings', async () => 'every value is valid');
  await check('discord token', async () => {
    if (!config.discord.token) throw new Error('DISCORD_TOKEN is not set (needed for start and deploy)');
    return 'present and shaped like a bot token';
  });
  await check('model', async () => {
    const { Embedder } = await import('./embedding/embedder.ts');
    const embedder = new Embedder({ ...config.model, threads: 1 });
    try {
      const info = await embedder.ready();
      const { vector } = await embedder.embed('doctor check');
      if (!vector.every(Number.isFinite)) throw new Error('the model gave non-finite numbers');
      return `${info.modelId} (${info.dtype}) from ${config.model.modelDir ?? config.model.cacheDir}, ${info.dimensions} dimensions`;
    } finally {
      await embedder.close();
    }
  });
  await check('store', async () => {
    const store = await openStore(config.kb.store);
    try {
      const key = `doctor:${process.pid}:${Date.now()}`;
      await store.set(key, 'probe');
      if ((await store.get(key)) !== 'probe') throw new Error('a value written could not be read back');
      await store.delete(key);
      return `${config.kb.store.split('://')[0]} store reachable, writable`;
    } finally {
      await store.close();
    }
  });
  await check('auto-answer', async () => {
    const store = await openStore(config.kb.store).catch(() => null);
    if (!store) return 'not checked (the store is not reachable)';
    try {
      return await doctorAutoAnswer(store, config.autoAnswer ?? 'auto');
    } finally {
      await store.close();
    }
  });
  // An accelerator, not a requirement: reported, never counted as a problem.
  const graph = graphProblem();
  print(`${graph ? 'warning  ' : 'ok       '}native graph: ${graph ?? 'the HNSW addon loads'}`);
  return problems;
}
