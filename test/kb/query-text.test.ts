import { describe, expect, it } from 'vitest';
import { asTypedInChat, CHAT_OPENERS, evalSet } from '../../eval/set.ts';
import { questionCore } from '../../src/kb/query-text.ts';

describe('questionCore', () => {
  it.each([
    ['hey guys, quick question: how do I reduce latency', 'how do I reduce latency'],
    ['hi all! can I pay with paypal?', 'can I pay with paypal?'],
    ['yo, is the bot down?', 'is the bot down?'],
    ['sorry if this was asked before but do you accept apple pay', 'do you accept apple pay'],
    ['Sorry to bother you, where do I appeal a ban', 'where do I appeal a ban'],
    ['does anyone know if you can get a refund', 'you can get a refund'],
    ['anybody here know how ranked works', 'how ranked works'],
    ['can someone tell me how ranked works', 'how ranked works'],
    ['I have a question: why cant I post images', 'why cant I post images'],
    ['Quick question for you all - is ubuntu supported?', 'is ubuntu supported?'],
    [
      "forgot my password and the reset email isn't coming, help pls",
      "forgot my password and the reset email isn't coming",
    ],
    ['can I pay with paypal? thanks in advance!', 'can I pay with paypal?'],
    ['how do I fix lag lol', 'how do I fix lag'],
  ])('takes the chat around the question away: %j', (message, core) => {
    expect(questionCore(message)).toBe(core);
  });

  it.each([
    'how do I get help',
    'someone logged into my account and sold my skins',
    "who's hosting the game night this week? I want to say thanks",
    'you can change your name once a month',
    'umbrella policy for the tournament',
    'soloqueue is broken',
    'hiya',
  ])('leaves a question without openers as it is: %j', (message) => {
    expect(questionCore(message)).toBe(message);
  });

  it.each(['hi', 'hello there', 'thanks!', 'hey guys', 'lol'])(
    'keeps a message that is nothing but chat: %j',
    (message) => {
      expect(questionCore(message)).toBe(message);
    },
  );

  it('gives the same question back for every question of the evaluation set typed with an opener', () => {
    const { queries } = evalSet();
    const typed = asTypedInChat(queries);
    const plain = queries.filter((q) => q.want !== null);
    expect(typed.length).toBe(plain.length);
    typed.forEach((q, i) => {
      expect(q.text.startsWith(CHAT_OPENERS[i % CHAT_OPENERS.length]!)).toBe(true);
      expect(questionCore(q.text)).toBe(questionCore(plain[i]!.text));
    });
  });
});
