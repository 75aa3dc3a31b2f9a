/**
 * The question inside a chat message: greetings, "quick question:", "does anyone know" and the like
 * carry no meaning a document could match, but they pull the message's vector towards every other
 * chat line (on the evaluation set, wrapping questions in such openers costs about four points of
 * recall@1). Only openers and closers are removed, never words inside the question; a message that
 * is nothing but filler ("hi", "thanks!") is kept as it is.
 */
const OPENERS: readonly RegExp[] = [
  // "hey guys,", "hi all!", "yo", "ok so"
  /^(?:hey|hi|hiya|heya|hello|yo|sup|ok(?:ay)?|so|um+|uh+|hmm+)\b(?:\s+(?:guys|all|everyone|everybody|folks|people|there|y'?all|team|mods?|friends))?[\s,.!:;-]*/iu,
  // "quick question:", "dumb question but"
  /^(?:a\s+)?(?:quick|dumb|stupid|noob|small|silly|random)\s+(?:question|q)\b(?:\s+(?:for\s+(?:you\s+)?(?:all|guys|everyone)|here))?[\s,.!:;-]*(?:but\b)?[\s,]*/iu,
  // "I have a question:", "question:"
  /^(?:i\s+(?:have|got)\s+a\s+)?question\b\s*(?:[:,.!-]|for\s+(?:you\s+)?(?:all|guys|everyone)\b)[\s,.!:;-]*/iu,
  // "sorry if this was asked before but", "sorry to bother you,"
  /^sorry\s+(?:if\s+(?:this|it)\s+(?:was|has\s+been|is|got)\s+(?:already\s+)?(?:asked|answered|posted)(?:\s+(?:already|before|here))?|to\s+bother(?:\s+(?:you|y'?all|everyone))?|for\s+the\s+(?:dumb|stupid|noob)\s+question)[\s,.!:;-]*(?:but\b)?[\s,]*/iu,
  // "does anyone know if", "anybody here know how" (the question word stays)
  /^(?:(?:does|do)\s+)?(?:anyone|anybody|someone|somebody|any\s*one|you\s+guys|y'?all)\s+(?:here\s+)?(?:know|knows)\b(?:\s+(?:if|whether))?[\s,]*/iu,
  // "can someone tell me", "could anyone help me with"
  /^(?:can|could|would)\s+(?:someone|somebody|anyone|anybody|you(?:\s+guys)?)\s+(?:please\s+)?(?:tell|explain\s+to|help)\s+me\b(?:\s+(?:with|if|whether))?[\s,]*/iu,
];

const CLOSERS: readonly RegExp[] = [
  // "... pls", "... lol"
  /(?<=[\s,.!?])(?:pl(?:ea)?se|plz|pls|lol|lmao|haha|xd)[\s.!]*$/iu,
  // "..., thanks in advance", "..., help pls" (after punctuation only: "I want to say thanks" and
  // "how do I get help" keep their last word)
  /(?<=[,.!?]\s*)(?:thanks?(?:\s+(?:in\s+advance|a\s+lot|guys|all))?|thx|ty|tia|help(?:\s+(?:pls|plz|please|me))?)[\s.!]*$/iu,
];

const stripAll = (text: string, patterns: readonly RegExp[]): string => {
  let current = text;
  for (let round = 0; round < 6; round++) {
    const before = current;
    for (const p of patterns) current = current.replace(p, '').trim();
    if (current === before) break;
  }
  return current;
};

/** `message` without conversational openers and closers; the message itself when nothing else is left. */
export function questionCore(message: string): string {
  const text = message.trim();
  const core = stripAll(stripAll(text, OPENERS), CLOSERS).replace(/[\s,;:-]+$/u, '');
  return /[\p{L}\p{N}]{2}/u.test(core) ? core : text;
}
