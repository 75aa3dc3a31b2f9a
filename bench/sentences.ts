// Deterministic bench inputs: distinct short sentences built from word lists, and a fixed,
// varied set for comparing embeddings across dtypes.

const SUBJECTS = [
  'The old farmer',
  'A young student',
  'My neighbour',
  'The tired nurse',
  'Our new teacher',
  'A curious child',
  'The city council',
  'Her younger brother',
  'The night guard',
  'A retired pilot',
  'The quiet librarian',
  'His best friend',
  'The local baker',
  'A travelling musician',
  'The team captain',
  'An elderly woman',
];

const VERBS = [
  'repaired',
  'painted',
  'sold',
  'found',
  'borrowed',
  'described',
  'photographed',
  'cleaned',
  'ordered',
  'carried',
  'hid',
  'measured',
  'forgot',
  'delivered',
  'inspected',
  'returned',
];

const OBJECTS = [
  'a wooden chair',
  'the red bicycle',
  'an ancient map',
  'the broken clock',
  'a bag of apples',
  'the kitchen window',
  'a small boat',
  'the garden fence',
  'a box of letters',
  'the silver teapot',
  'an old guitar',
  'the school bus',
  'a pair of boots',
  'the museum ticket',
  'a basket of bread',
  'the mountain cabin',
];

const ENDINGS = [
  'yesterday',
  'before lunch',
  'in the rain',
  'last summer',
  'after the meeting',
  'on Sunday morning',
  'without a word',
  'near the river',
];

/** How many distinct sentences `shortSentence` can make. */
export const SHORT_SENTENCE_COUNT = SUBJECTS.length * VERBS.length * OBJECTS.length * ENDINGS.length;

/**
 * The i-th distinct short sentence (8–14 tokens). Indices are scattered over the combinations
 * (an odd stride over a power-of-two count is a permutation) so neighbours differ in every slot.
 */
export function shortSentence(i: number): string {
  let j = (((i % SHORT_SENTENCE_COUNT) * 7919 + 12345) % SHORT_SENTENCE_COUNT) | 0;
  const pick = (words: readonly string[]): string => {
    const word = words[j % words.length]!;
    j = Math.floor(j / words.length);
    return word;
  };
  const subject = pick(SUBJECTS);
  const verb = pick(VERBS);
  const object = pick(OBJECTS);
  const ending = pick(ENDINGS);
  return `${subject} ${verb} ${object} ${ending}.`;
}

/** `count` distinct short sentences, starting at `offset`. */
export function shortSentences(count: number, offset = 0): string[] {
  if (count > SHORT_SENTENCE_COUNT) throw new Error(`Only ${SHORT_SENTENCE_COUNT} distinct sentences exist.`);
  return Array.from({ length: count }, (_, k) => shortSentence(offset + k));
}

const VARIED = [
  'The cat sits on the mat',
  'A feline rests on the carpet',
  'Dogs are playing in the park',
  'Python is a programming language',
  'How do I reset my password?',
  'The stock market fell sharply after the announcement.',
  'She plays the violin in an orchestra.',
  'Quantum computers use qubits instead of bits.',
  'Please remember to water the plants while I am away.',
  'The recipe calls for two cups of flour and a pinch of salt.',
  'Mount Everest is the highest mountain above sea level.',
  'I love you',
  'I hate you',
  'The meeting has been moved to Thursday at 3 pm.',
  'Photosynthesis converts sunlight into chemical energy.',
  'Where is the nearest train station?',
  'JavaScript runs in the browser and on servers with Node.js.',
  'The referee blew the whistle and the match was over.',
  'Rain is expected across the region tomorrow afternoon.',
  'He apologised for being late to the interview.',
  'Vectors with a cosine similarity near one point the same way.',
  'A bowl of hot soup on a cold winter evening.',
  'The library closes early on public holidays.',
  'Bonjour, comment allez-vous ?',
  'Error: connection refused on port 5432',
  'The quick brown fox jumps over the lazy dog.',
  'Our Discord server has a channel for sharing memes.',
  'Bees communicate the location of flowers by dancing.',
  'The museum displays paintings from the Renaissance.',
  'Embedding models map text to points in a high-dimensional space, so that texts with similar meaning end up close together.',
];

/** ~`count` varied sentences for the int8-vs-fp32 comparison: hand-written ones, then generated. */
export function fidelitySentences(count = 50): string[] {
  const filler = shortSentences(Math.max(0, count - VARIED.length), SHORT_SENTENCE_COUNT / 2);
  return [...VARIED, ...filler].slice(0, count);
}
