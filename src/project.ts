import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder (the one holding package.json), found from src/ and from dist/src/ alike. */
export const projectDir: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('embedbot: cannot find the project folder (no package.json above src/)');
    dir = parent;
  }
  return dir;
})();

export const projectFile = (...parts: string[]): string => join(projectDir, ...parts);
