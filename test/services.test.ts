import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { MODEL_WINDOW as EMBEDDER_WINDOW } from '../src/embedding/embedder.ts';
import { createServices, MODEL_WINDOW } from '../src/services.ts';

describe('services', () => {
  it("states the model's window as the embedder does", () => {
    expect(MODEL_WINDOW).toBe(EMBEDDER_WINDOW);
  });

  it('builds without starting the model, and closes cleanly when it never started', async () => {
    const services = createServices(
      parseConfig({ MODEL_DIR: '/nonexistent', KB_STORE: 'sqlite://:memory:' }),
    );
    expect(services.kb.memory.budget).toBe(256 * 1024 * 1024);
    await services.close();
  });
});
