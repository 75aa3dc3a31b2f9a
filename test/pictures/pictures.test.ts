import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { closestPair } from '../../src/math/pairs.ts';
import { analogyPicture, analogySvg } from '../../src/pictures/analogy.ts';
import { embedPicture, embedStripSvg } from '../../src/pictures/embed.ts';
import { evenSample, KB_MAP_EMPTY, kbMapSvg, renderKbMap, spreadOrder } from '../../src/pictures/kb-map.ts';
import { closePictureThread, type Picture, RENDER_OPTIONS, renderPicture } from '../../src/pictures/png.ts';
import {
  similarMatrixPicture,
  similarMatrixSvg,
  similarPairPicture,
  similarPairSvg,
} from '../../src/pictures/similar.ts';
import { ZOOM } from '../../src/pictures/svg.ts';
import { unitVectors } from '../helpers/random.ts';
import { decodePng, pixel } from './png.ts';

const HOSTILE = `<script>&"'`;
const sizeOf = (svg: string): { width: number; height: number } => {
  const m = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no size on the svg');
  return { width: Math.round(Number(m[1]) * ZOOM), height: Math.round(Number(m[2]) * ZOOM) };
};
/** Draws an SVG in this thread, as the render thread does. */
const draw = (svg: string) => new Resvg(svg, RENDER_OPTIONS as never).render();

/** Checks that a picture decodes as a PNG of the size its SVG asks for, opaque card, clear corners. */
function expectPicture(p: Picture, svg: string): void {
  const image = decodePng(p.png);
  expect({ width: image.width, height: image.height }).toEqual(sizeOf(svg));
  expect({ width: p.width, height: p.height }).toEqual(sizeOf(svg));
  // The card brings its own background (readable on light and dark themes); the rounded corners are clear.
  expect(pixel(image, 0, 0)[3]).toBe(0);
  expect(pixel(image, image.width >> 1, image.height - 6)[3]).toBe(255);
  expect(p.alt.length).toBeGreaterThan(10);
  expect(p.alt.length).toBeLessThanOrEqual(1024);
}

const [va, vb, vc, ...more] = unitVectors(12);

const inputs = {
  pair: {
    a: 'The cat sits on the mat',
    b: 'A feline rests on the carpet',
    cosine: 0.6021,
    verdict: 'similar meaning',
  },
  matrix: (n: number) => {
    const vs = unitVectors(n, 7);
    return {
      sentences: vs.map((_, i) => `Sentence number ${i + 1} with a fairly long tail to shorten`),
      cosines: vs.map((x, i) =>
        vs.map((y, j) => (i === j ? 1 : Number(x.reduce((s, v, k) => s + v * y[k]!, 0).toFixed(4)))),
      ),
    };
  },
  analogy: {
    a: { word: 'king', vector: va! },
    b: { word: 'man', vector: vb! },
    c: { word: 'woman', vector: vc! },
    candidates: more.slice(0, 5).map((vector, i) => ({ word: `word${i}`, vector, score: 0.5 - i / 20 })),
  },
};

afterAll(() => closePictureThread());

describe('every picture decodes as a PNG of the expected size', () => {
  it('/similar, two sentences: a bar', async () => {
    const p = await similarPairPicture(inputs.pair);
    expect(p.name).toBe('similar.png');
    expectPicture(p, similarPairSvg(inputs.pair));
    expect(sizeOf(similarPairSvg(inputs.pair))).toEqual({ width: 960, height: 396 });
  });

  it.each([3, 6, 10])('/similar, %i sentences: a heatmap', async (n) => {
    const input = inputs.matrix(n);
    const p = await similarMatrixPicture(input);
    expectPicture(p, similarMatrixSvg(input));
    // Every sentence is a row label, its number a column header, and every cell carries its value.
    const svg = similarMatrixSvg(input);
    expect(svg.match(/<text /g)!.length).toBeGreaterThanOrEqual(n * n + 2 * n);
  });

  it('/embed: one strip, and two stacked with compare', async () => {
    const one = { text: 'The cat sits on the mat', vector: va! };
    const two = {
      text: 'A feline rests on the carpet',
      vector: vb!,
      cosine: 0.6,
      verdict: 'similar meaning',
    };
    expectPicture(await embedPicture(one), embedStripSvg(one));
    const both = await embedPicture(one, two);
    expectPicture(both, embedStripSvg(one, two));
    expect(both.height).toBeGreaterThan((await embedPicture(one)).height);
    // 384 cells per strip.
    expect(embedStripSvg(one).match(/<rect /g)!.length).toBeGreaterThanOrEqual(384);
    expect(embedStripSvg(one, two).match(/<rect /g)!.length).toBeGreaterThanOrEqual(768);
  });

  it('/analogy: the projection with its arrows', async () => {
    const p = await analogyPicture(inputs.analogy);
    expectPicture(p, analogySvg(inputs.analogy));
    const svg = analogySvg(inputs.analogy);
    expect(svg.match(/marker-end=/g)).toHaveLength(2);
    for (const word of ['king', 'man', 'woman', 'word0']) expect(svg).toContain(`>${word}`);
  });

  it('/kb map: documents, and with a query its star', async () => {
    const docs = unitVectors(30, 3);
    const titles = docs.map((_, i) => `Document ${i}`);
    const map = await renderKbMap(docs, titles);
    expect(map.name).toBe('kb-map.png');
    expectPicture(map, kbMapSvg(docs, titles));
    const query = { text: 'what is document 4 about?', vector: docs[4]! };
    const withQuery = await renderKbMap(docs, titles, query);
    expectPicture(withQuery, kbMapSvg(docs, titles, query));
    expect(kbMapSvg(docs, titles, query)).toContain('your query');
    expect(kbMapSvg(docs, titles, query)).toContain('<polygon');
  });
});

describe('pictures are deterministic', () => {
  it('the same input renders to the same bytes twice', async () => {
    const twice = async (make: () => Promise<Picture>) => {
      const [x, y] = [await make(), await make()];
      expect(x.png.equals(y.png)).toBe(true);
    };
    await twice(() => similarPairPicture(inputs.pair));
    await twice(() => similarMatrixPicture(inputs.matrix(5)));
    await twice(() => embedPicture({ text: 'hello', vector: va! }));
    await twice(() => analogyPicture(inputs.analogy));
    await twice(() =>
      renderKbMap(
        unitVectors(40, 9),
        unitVectors(40, 9).map((_, i) => `doc ${i}`),
      ),
    );
  });

  it('rendering in the thread gives the same pixels as rendering here', async () => {
    const svg = similarPairSvg(inputs.pair);
    const here = draw(svg).asPng();
    const there = await renderPicture('x.png', svg, 'a test picture');
    expect(Buffer.from(decodePng(there.png).pixels).equals(Buffer.from(decodePng(here).pixels))).toBe(true);
  });
});

describe('user text is text, never markup', () => {
  it('a label with <script>&"\' is escaped, the SVG stays valid and the text is drawn', async () => {
    const svg = similarPairSvg({ ...inputs.pair, a: HOSTILE });
    expect(svg).toContain('&lt;script&gt;&amp;&quot;&apos;');
    expect(svg).not.toContain('<script');
    // resvg parses XML strictly: malformed markup would throw here.
    const drawn = draw(svg);
    const blank = draw(similarPairSvg({ ...inputs.pair, a: ' ' }));
    expect(Buffer.from(drawn.pixels).equals(Buffer.from(blank.pixels))).toBe(false);
    for (const label of [HOSTILE, `]]><!--`, '&amp; &#x3C;']) {
      for (const svgOf of [
        similarMatrixSvg({ ...inputs.matrix(3), sentences: [label, label, label] }),
        embedStripSvg({ text: label, vector: va! }),
        analogySvg({ ...inputs.analogy, a: { word: label, vector: va! } }),
        kbMapSvg([va!, vb!], [label, label], { text: label, vector: vc! }),
      ]) {
        expect(() => draw(svgOf)).not.toThrow();
        expect(svgOf).not.toContain(label);
      }
    }
  });

  it('long labels are shortened with "…"', () => {
    const long = 'word '.repeat(200);
    const svg = similarPairSvg({ ...inputs.pair, a: long });
    expect(svg).toMatch(/word…<\/text>/);
    expect(svg).not.toContain(long.trim());
  });

  it('right-to-left and emoji text do not break rendering: every part is drawn', () => {
    const drawnWith = (text: string) => Buffer.from(draw(similarPairSvg({ ...inputs.pair, b: text })).pixels);
    const cases = [
      ['hello 👩‍💻 world 🇫🇷 👍🏽 ❤️ end', 'hello 👩‍💻 world 🇫🇷 👍🏽 ❤️'],
      ['שלום עולם 😀 مرحبا بالعالم', 'שלום עולם 😀'],
      ['日本語のテキスト and more', '日本語のテキスト'],
    ] as const;
    for (const [full, start] of cases) {
      // resvg drops a whole <text> it cannot lay out: the end of the text must still change the picture.
      expect(drawnWith(full).equals(drawnWith(start))).toBe(false);
      expect(drawnWith(start).equals(drawnWith(' '))).toBe(false);
    }
  });

  it('control characters, lone surrogates and bidi overrides are dropped, not passed to the SVG', () => {
    const svg = embedStripSvg({ text: 'a\u0000b\u0007c\uD800d\u202Ee\nf', vector: va! });
    for (const c of ['\u0000', '\u0007', '\u202E']) expect(svg).not.toContain(c);
    expect(svg).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(() => draw(svg)).not.toThrow();
  });
});

describe('the knowledge-base map', () => {
  it('an empty knowledge base gives a clear message instead of a picture', async () => {
    expect(() => kbMapSvg([], [])).toThrow(new UserError(KB_MAP_EMPTY));
    await expect(renderKbMap([], [])).rejects.toThrow(UserError);
    expect(KB_MAP_EMPTY).toMatch(/empty.*\/kb add/);
  });

  it('maps one document, and refuses vectors without labels', async () => {
    expectPicture(await renderKbMap([va!], ['only one']), kbMapSvg([va!], ['only one']));
    expect(() => kbMapSvg([va!, vb!], ['one'])).toThrow(RangeError);
  });

  it('draws an even sample of a large knowledge base and says so', () => {
    expect(evenSample(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(evenSample(10, 4)).toEqual([0, 2, 5, 7]);
    const docs = unitVectors(450, 5);
    const svg = kbMapSvg(
      docs,
      docs.map((_, i) => `doc ${i}`),
    );
    expect(svg).toContain('An even sample of 200 of 450 documents');
    expect(svg.match(/<circle /g)).toHaveLength(200);
  });

  it('spreads labels: each next point is the farthest from those already chosen', () => {
    const xy: [number, number][] = [
      [0, 0],
      [1, 0],
      [10, 0],
      [0, 10],
      [0.5, 0.5],
    ];
    expect(spreadOrder(xy, [1, 2, 3, 4], [0])).toEqual([2, 3, 1, 4]);
    expect(spreadOrder(xy, [0, 1, 2, 3, 4])).toEqual([3, 2, 0, 1, 4]);
  });

  it('closestPair finds the most similar pair of different sentences', () => {
    expect(
      closestPair([
        [1, 0.2, 0.9],
        [0.2, 1, 0.1],
        [0.9, 0.1, 1],
      ]),
    ).toEqual([0, 2]);
  });
});
