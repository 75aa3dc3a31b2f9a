import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// No Docker engine here: the Dockerfile is checked by reading it.
const dockerfile = readFileSync(path.resolve(import.meta.dirname, '../Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
  engines: { node: string };
};

describe('Dockerfile', () => {
  it('builds and runs on Node 24 in every stage, which package.json engines accept', () => {
    const images = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(images.filter((i) => i?.startsWith('node:'))).toEqual(Array(3).fill('node:24-bookworm-slim'));
    expect(pkg.engines.node).toBe('>=22.19');
  });

  it('ships the install step before the first npm ci (it runs scripts/build-native.mjs)', () => {
    const copy = dockerfile.indexOf('COPY scripts/build-native.mjs');
    expect(copy).toBeGreaterThan(-1);
    expect(copy).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
  });

  it('runs the compiled dist/ explicitly in the image (EMBEDBOT_DIST=1 from the model fetch on)', () => {
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(lastStage).toMatch(/EMBEDBOT_DIST=1/);
    const appStage = dockerfile.slice(dockerfile.indexOf(' AS app'), dockerfile.indexOf('model fetch'));
    expect(appStage).toMatch(/ENV EMBEDBOT_DIST=1/);
  });
});
