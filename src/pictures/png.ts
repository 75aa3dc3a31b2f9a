import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { FONT_FILES, TEXT_FAMILY } from './font.ts';
import { ZOOM } from './svg.ts';

/** A rendered picture, ready to attach (Discord) or write to a file (CLI). */
export interface Picture {
  /** File name, e.g. "similar.png". */
  name: string;
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** What the picture shows, in words (Discord's alt text). */
  alt: string;
}

const require = createRequire(import.meta.url);

/** resvg's settings: only the shipped fonts, never the system's, so every machine draws the same pixels. */
export const RENDER_OPTIONS = {
  font: {
    fontFiles: [FONT_FILES.regular, FONT_FILES.bold, FONT_FILES.emoji],
    loadSystemFonts: false,
    defaultFontFamily: TEXT_FAMILY,
    sansSerifFamily: TEXT_FAMILY,
  },
  fitTo: { mode: 'zoom', value: ZOOM },
  logLevel: 'off',
} as const;

// Plain CommonJS, evaluated in the thread: no TypeScript loader needed from source or from dist.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.on('message', ({ id, svg }) => {
  try {
    const image = new Resvg(svg, workerData.options).render();
    parentPort.postMessage({ id, png: image.asPng(), width: image.width, height: image.height });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Rendered {
  png: Buffer;
  width: number;
  height: number;
}

type Reply = { id: number; png: Uint8Array; width: number; height: number } | { id: number; error: string };

/**
 * One render thread for the process: resvg parses, lays out and rasterises, and the PNG is encoded
 * there too, so the event loop only posts a string and receives bytes. It holds the process open
 * only while a picture is being drawn.
 */
class RenderThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (r: Rendered) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;

  render(svg: string): Promise<Rendered> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, svg });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { resvg: require.resolve('@resvg/resvg-js'), options: RENDER_OPTIONS },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in reply) waiter.reject(new Error(`Drawing the picture failed: ${reply.error}`));
      else
        waiter.resolve({
          png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength),
          width: reply.width,
          height: reply.height,
        });
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The picture thread exited (code ${code}).`)));
    this.worker = worker;
    return worker;
  }
}

const thread = new RenderThread();

/** Draws an SVG (made by this module's builders) as a PNG, off the main thread. */
export async function renderPicture(name: string, svg: string, alt: string): Promise<Picture> {
  const { png, width, height } = await thread.render(svg);
  return { name, png, width, height, alt };
}

/** Stops the render thread (it restarts on the next picture). For tests and benchmarks. */
export function closePictureThread(): Promise<void> {
  return thread.close();
}
