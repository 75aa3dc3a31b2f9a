/** One line of an import that could not become a document. */
export interface ImportError {
  line: number;
  message: string;
  /** The line's text is already in the knowledge base. */
  duplicate?: true;
}

export interface ImportEntry {
  line: number;
  text: string;
  title?: string;
}

export type ParsedLine = ImportEntry | { line: number; error: string };

/**
 * JSONL ({text, title?} per line) when the first non-blank line starts with `{`, else plain text
 * (one document per blank-line separated paragraph). Line numbers are 1-based.
 */
export function parseImport(content: string): ParsedLine[] {
  const lines = content.split(/\r?\n/);
  const looksJsonl =
    lines
      .find((l) => l.trim() !== '')
      ?.trim()
      .startsWith('{') ?? false;
  return looksJsonl ? parseJsonl(lines) : parseParagraphs(lines);
}

function parseJsonl(lines: string[]): ParsedLine[] {
  return lines.flatMap((raw, i): ParsedLine[] => {
    if (raw.trim() === '') return [];
    try {
      const value = JSON.parse(raw) as { text?: unknown; title?: unknown };
      if (typeof value.text !== 'string') return [{ line: i + 1, error: 'no "text" field' }];
      if (value.text.trim() === '') return [{ line: i + 1, error: '"text" is empty' }];
      if (value.title !== undefined && value.title !== null && typeof value.title !== 'string') {
        return [{ line: i + 1, error: '"title" must be a string' }];
      }
      return [
        {
          line: i + 1,
          text: value.text,
          ...(typeof value.title === 'string' ? { title: value.title } : {}),
        },
      ];
    } catch {
      return [{ line: i + 1, error: 'not valid JSON' }];
    }
  });
}

function parseParagraphs(lines: string[]): ImportEntry[] {
  const out: ImportEntry[] = [];
  let start = -1;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) out.push({ line: start + 1, text: buffer.join('\n') });
    buffer = [];
  };
  lines.forEach((l, i) => {
    if (l.trim() === '') flush();
    else {
      if (buffer.length === 0) start = i;
      buffer.push(l);
    }
  });
  flush();
  return out;
}
