import type { CliSurface } from '../../src/cli/surface.ts';
import { quote, unreadableJson, unreadableLines } from '../../src/cli/text.ts';
import type { EmbedResult } from './types.ts';

function embedText(r: EmbedResult, full: boolean): string {
  const lines = [
    `${quote(r.text)} → ${r.dimensions} numbers (${r.model}, ${r.dtype})`,
    `tokens: ${r.tokens}${r.truncated ? ` (cut to the model's ${r.window}-token window)` : ''}`,
    `length (L2 norm): ${r.norm}`,
    full ? `values: [${r.vector.join(', ')}]` : `first ${r.preview.length}: [${r.preview.join(', ')}]`,
  ];
  if (r.compare) {
    lines.push(`compared with ${quote(r.compare.text)}: cosine ${r.compare.cosine} → ${r.compare.verdict}`);
  }
  lines.push(...unreadableLines(r.unreadable));
  if (!full) lines.push('(add --full for all values, or --json)');
  return lines.join('\n');
}

/** embedbot embed: the numbers as text (--full for all of them), or --json with the whole vector. */
export const embedCli: CliSurface<unknown, EmbedResult> = {
  render(r, { json, values }) {
    const { model, dtype, dimensions, tokens, truncated, norm, vector } = r;
    return json
      ? JSON.stringify({
          model,
          dtype,
          dimensions,
          tokens,
          truncated,
          norm,
          vector,
          ...unreadableJson(r.unreadable),
        })
      : embedText(r, values.full === true);
  },
};
