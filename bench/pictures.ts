// Picture benchmark: how long each picture takes, and how much of that is on the main thread.
// Needs no model (the vectors are synthetic, unit length, 384 numbers).
//
//   npx tsx bench/pictures.ts
//
// benchPictures() returns the rows, so the main bench can include them.

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { analogyPicture, analogySvg } from '../src/pictures/analogy.ts';
import { embedPicture, embedStripSvg } from '../src/pictures/embed.ts';
import { kbMapSvg, renderKbMap } from '../src/pictures/kb-map.ts';
import { closePictureThread, type Picture } from '../src/pictures/png.ts';
import {
  similarMatrixPicture,
  similarMatrixSvg,
  similarPairPicture,
  similarPairSvg,
} from '../src/pictures/similar.ts';
import { unitVectors } from '../test/helpers/random.ts';
import { fmt, Table } from './table.ts';

export interface PictureBench {
  name: string;
  /** Wall time per picture, SVG built and PNG drawn (what a command waits for). */
  msPerPicture: number;
  /** The part on the main thread: building the SVG (layout, PCA); drawing runs in a worker. */
  mainThreadMs: number;
  pngBytes: number;
  width: number;
  height: number;
}

interface Case {
  name: string;
  svg: () => string;
  picture: () => Promise<Picture>;
}

function cases(): Case[] {
  const [a, b, c, ...rest] = unitVectors(8, 1);
  const pair = {
    a: 'The cat sits on the mat',
    b: 'A feline rests on the carpet',
    cosine: 0.6021,
    verdict: 'similar meaning',
  };
  const ten = unitVectors(10, 2);
  const matrix = {
    sentences: ten.map((_, i) => `Sentence ${i + 1}, about something or other`),
    cosines: ten.map((x, i) =>
      ten.map((y, j) => (i === j ? 1 : Number(x.reduce((sum, v, k) => sum + v * y[k]!, 0).toFixed(4)))),
    ),
  };
  const strip = { text: 'The cat sits on the mat', vector: a! };
  const compare = {
    text: 'A feline rests on the carpet',
    vector: b!,
    cosine: 0.6021,
    verdict: 'similar meaning',
  };
  const analogy = {
    a: { word: 'king', vector: a! },
    b: { word: 'man', vector: b! },
    c: { word: 'woman', vector: c! },
    candidates: rest.map((vector, i) => ({ word: `word${i}`, vector, score: 0.6 - i / 20 })),
  };
  const docs = unitVectors(500, 3);
  const titles = docs.map((_, i) => `Document number ${i}`);
  const query = { text: 'what is in document 7?', vector: docs[7]! };
  return [
    {
      name: '/similar, 2 sentences (bar)',
      svg: () => similarPairSvg(pair),
      picture: () => similarPairPicture(pair),
    },
    {
      name: '/similar, 10 sentences (heatmap)',
      svg: () => similarMatrixSvg(matrix),
      picture: () => similarMatrixPicture(matrix),
    },
    { name: '/embed (strip)', svg: () => embedStripSvg(strip), picture: () => embedPicture(strip) },
    {
      name: '/embed compare: (two strips)',
      svg: () => embedStripSvg(strip, compare),
      picture: () => embedPicture(strip, compare),
    },
    { name: '/analogy (PCA map)', svg: () => analogySvg(analogy), picture: () => analogyPicture(analogy) },
    {
      name: '/kb map, 500 docs + query',
      svg: () => kbMapSvg(docs, titles, query),
      picture: () => renderKbMap(docs, titles, query),
    },
  ];
}

/** Times every picture `runs` times after `warmup` runs; the render thread is closed at the end. */
export async function benchPictures({ runs = 20, warmup = 3 } = {}): Promise<PictureBench[]> {
  const out: PictureBench[] = [];
  try {
    for (const c of cases()) {
      let last: Picture | undefined;
      for (let i = 0; i < warmup; i++) last = await c.picture();
      let started = performance.now();
      for (let i = 0; i < runs; i++) c.svg();
      const mainThreadMs = (performance.now() - started) / runs;
      started = performance.now();
      for (let i = 0; i < runs; i++) last = await c.picture();
      const msPerPicture = (performance.now() - started) / runs;
      out.push({
        name: c.name,
        msPerPicture,
        mainThreadMs,
        pngBytes: last!.png.length,
        width: last!.width,
        height: last!.height,
      });
    }
  } finally {
    await closePictureThread();
  }
  return out;
}

/** The event loop's delay while pictures are drawn back to back (what other interactions would feel). */
async function eventLoopWhileDrawing(): Promise<{ p99: number; max: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  const all = cases();
  histogram.enable();
  try {
    for (let round = 0; round < 5; round++) for (const c of all) await c.picture();
  } finally {
    histogram.disable();
    await closePictureThread();
  }
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

async function main(): Promise<void> {
  const rows = await benchPictures();
  const lag = await eventLoopWhileDrawing();
  const table = new Table('Pictures (PNG at 2×, resvg in a worker thread)', [
    'picture',
    'ms / picture',
    'main-thread ms',
    'size (px)',
    'PNG KB',
  ]);
  for (const r of rows) {
    table.row(
      r.name,
      fmt(r.msPerPicture),
      fmt(r.mainThreadMs),
      `${r.width}×${r.height}`,
      fmt(r.pngBytes / 1024),
    );
  }
  table.note(
    `event-loop delay while drawing all six pictures 5 times: p99 ${fmt(lag.p99)} ms, max ${fmt(lag.max)} ms`,
  );
  table.note(
    'main-thread ms: building the SVG (text layout, PCA); drawing and PNG encoding run in the worker',
  );
  process.stdout.write(`${table.render()}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`picture bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
