import { UserError } from '../errors.ts';
import { cosine, norm, type Vector } from '../math/vector.ts';
import { fitPca, project } from './pca.ts';
import { type Picture, renderPicture } from './png.ts';
import { type ScatterPoint, scatterSvg } from './scatter.ts';
import { svgDocument, THEME } from './svg.ts';
import { ALT_MAX, shorten, textSvg } from './text.ts';

/** The most documents drawn; a larger knowledge base is shown as an even sample of this many. */
export const KB_MAP_MAX_POINTS = 200;
/** The most labels written on the map (the rest are dots). */
const MAX_LABELS = 24;
/** Documents next to the query that are always labelled and highlighted. */
const NEAREST = 3;

export const KB_MAP_EMPTY =
  'This knowledge base is empty, so there is nothing to map yet. Add documents with /kb add (or try /kb demo) first.';

export interface KbMapQuery {
  text: string;
  /** The query's embedding (same model and length as the documents'). */
  vector: Vector;
}

const W = 560;
const H = 460;
const PAD = 20;

/** `count` indices spread evenly over 0…n−1 (all of them when n ≤ count). */
export function evenSample(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.floor((k * n) / count));
}

/** Cosine, with a zero vector (nothing to compare) counted as unrelated. */
const cosineOf = (a: Vector, b: Vector): number => (norm(a) === 0 || norm(b) === 0 ? 0 : cosine(a, b));

/**
 * `candidates` ordered so each next one is the farthest (on the map) from those before it,
 * starting from `seeds`, or from the point farthest from the centre. Ties keep the lower index.
 */
export function spreadOrder(
  xy: readonly (readonly [number, number])[],
  candidates: readonly number[],
  seeds: readonly number[] = [],
): number[] {
  const left = [...candidates];
  const out: number[] = [];
  const d2 = (i: number, j: number) => (xy[i]![0] - xy[j]![0]) ** 2 + (xy[i]![1] - xy[j]![1]) ** 2;
  const gap = new Map<number, number>(left.map((k) => [k, Number.POSITIVE_INFINITY]));
  const from = (s: number) => {
    for (const k of left) gap.set(k, Math.min(gap.get(k)!, d2(k, s)));
  };
  if (seeds.length > 0) seeds.forEach(from);
  else {
    const cx = xy.reduce((sum, p) => sum + p[0], 0) / Math.max(1, xy.length);
    const cy = xy.reduce((sum, p) => sum + p[1], 0) / Math.max(1, xy.length);
    for (const k of left) gap.set(k, (xy[k]![0] - cx) ** 2 + (xy[k]![1] - cy) ** 2);
  }
  while (left.length > 0) {
    let best = 0;
    for (let i = 1; i < left.length; i++) if (gap.get(left[i]!)! > gap.get(left[best]!)!) best = i;
    const [next] = left.splice(best, 1) as [number];
    out.push(next);
    if (out.length === 1 && seeds.length === 0) for (const k of left) gap.set(k, Number.POSITIVE_INFINITY);
    from(next);
  }
  return out;
}

/** The SVG of a knowledge-base map; see renderKbMap. */
export function kbMapSvg(points: readonly Vector[], labels: readonly string[], query?: KbMapQuery): string {
  if (points.length !== labels.length) {
    throw new RangeError(`${points.length} vectors but ${labels.length} labels.`);
  }
  if (points.length === 0) throw new UserError(KB_MAP_EMPTY);
  const picked = evenSample(points.length, KB_MAP_MAX_POINTS);
  const vectors = picked.map((i) => points[i]!);
  // The map is fitted on the documents alone, so adding a query never moves them.
  const pca = fitPca(vectors);
  const xy = vectors.map((v) => project(pca, v));
  const near = new Set<number>();
  let order = picked.map((_, k) => k);
  if (query) {
    const score = vectors.map((v) => cosineOf(v, query.vector));
    order = [...order].sort((i, j) => score[j]! - score[i]! || i - j);
    for (const k of order.slice(0, NEAREST)) near.add(k);
  }
  // After the nearest, labels go to points spread over the whole map (farthest-point order), so
  // every cluster gets a name instead of one crowded corner getting them all.
  const rest = spreadOrder(
    xy,
    order.filter((k) => !near.has(k)),
    [...near],
  );
  order = [...near, ...rest];
  const labelled = new Set(order.slice(0, MAX_LABELS));
  const scatter: ScatterPoint[] = picked.map((i, k) => {
    const rank = order.indexOf(k);
    return {
      x: xy[k]![0],
      y: xy[k]![1],
      marker: near.has(k) ? 'big' : 'dot',
      colour: near.has(k) ? THEME.result : THEME.accent,
      label: labelled.has(k) ? labels[i] : undefined,
      labelColour: near.has(k) ? THEME.text : THEME.muted,
      bold: near.has(k),
      must: near.has(k),
      priority: 100 - rank / 1000,
    };
  });
  if (query) {
    const [qx, qy] = project(pca, query.vector);
    scatter.push({
      x: qx,
      y: qy,
      marker: 'star',
      colour: THEME.a,
      label: 'your query',
      labelColour: THEME.a,
      bold: true,
      must: true,
      priority: 200,
    });
  }
  const sampled = picked.length < points.length;
  const kept = pca.total > 0 ? (pca.variance[0] + pca.variance[1]) / pca.total : 1;
  const out: string[] = [];
  out.push(textSvg('Knowledge base map', { x: PAD, y: 30, size: 16, fill: THEME.text, bold: true }));
  out.push(
    textSvg(
      sampled
        ? `An even sample of ${picked.length} of ${points.length} documents; close together = similar meaning`
        : `${points.length} document${points.length === 1 ? '' : 's'}; close together = similar meaning`,
      { x: PAD, y: 50, size: 12, fill: THEME.muted, maxWidth: W - 2 * PAD },
    ),
  );
  let top = 62;
  if (query) {
    out.push(textSvg('★', { x: PAD, y: 70, size: 13, fill: THEME.a }));
    out.push(
      textSvg(`“${shorten(query.text, 300)}”`, {
        x: PAD + 18,
        y: 70,
        size: 13,
        fill: THEME.text,
        maxWidth: W - 2 * PAD - 18,
      }),
    );
    top = 80;
  }
  out.push(scatterSvg(scatter, [], { x: PAD, y: top, w: W - 2 * PAD, h: H - top - 36 }));
  out.push(
    textSvg(`Flattened by PCA (keeps ${Math.round(Math.min(1, kept) * 100)}% of the spread)`, {
      x: PAD,
      y: H - 14,
      size: 11,
      fill: THEME.faint,
      maxWidth: W - 2 * PAD,
    }),
  );
  return svgDocument(W, H, out.join('\n'));
}

/**
 * A 2-D map of a knowledge base: PCA over its vectors (an even sample when there are more than
 * KB_MAP_MAX_POINTS), with titles as labels; with a query, its point is added (projected onto the
 * same map) and the documents nearest to it are highlighted. An empty knowledge base is a UserError
 * with a message saying how to fill it.
 *
 * `points[i]` is the vector of the document titled `labels[i]`.
 */
export async function renderKbMap(
  points: readonly Vector[],
  labels: readonly string[],
  query?: KbMapQuery,
): Promise<Picture> {
  const svg = kbMapSvg(points, labels, query);
  const alt = query
    ? `Map of ${points.length} documents with the query “${shorten(query.text, 300)}” marked by a star.`
    : `Map of ${points.length} documents: close together means similar meaning.`;
  return renderPicture('kb-map.png', svg, shorten(alt, ALT_MAX));
}
