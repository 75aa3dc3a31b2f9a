/**
 * Pictures for the commands: pure functions from numbers to PNGs (SVG built here, drawn by resvg in
 * a worker thread with the shipped fonts). Commands call them; transports attach or write the PNG.
 */
export { type AnalogyPictureInput, analogyPicture, analogySvg } from './analogy.ts';
export { type CompareInput, embedPicture, embedStripSvg, type StripInput } from './embed.ts';
export { KB_MAP_EMPTY, KB_MAP_MAX_POINTS, type KbMapQuery, kbMapSvg, renderKbMap } from './kb-map.ts';
export { fitPca, type Pca, pca2, project } from './pca.ts';
export { closePictureThread, type Picture, renderPicture } from './png.ts';
export {
  type MatrixPictureInput,
  type PairPictureInput,
  similarMatrixPicture,
  similarMatrixSvg,
  similarPairPicture,
  similarPairSvg,
} from './similar.ts';
