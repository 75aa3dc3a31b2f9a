/** A message worth asking the knowledge base about: a few words of real text, not "ok thanks". */
export function worthAsking(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? [];
  return words.length >= 3;
}

const QUESTION_START =
  /^(how|what|why|when|where|which|who|whom|whose|is|are|am|can|could|does|do|did|should|would|will|was|were|has|have|any(one|body)?|help|is there)\b/i;

/** Looks like a question (kept as a knowledge gap when unanswered); chatter is not kept. */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  return worthAsking(t) && (t.includes('?') || QUESTION_START.test(t));
}

/** The text of a message as a question: mentions, custom emoji and links dropped, whitespace folded. */
export function questionText(content: string, max = 1000): string {
  return content
    .replace(/<(@[!&]?|#)\d+>/g, ' ')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
