// Plain-text tables for bench reports: a report holds sections, a section holds rows and notes.

export type Align = 'left' | 'right';
export type Cell = string | number | null | undefined;

export interface Column {
  header: string;
  /** Defaults: the first column left, the rest right. */
  align?: Align;
}

/** A number for a table cell: fixed digits, '–' when missing or not finite. */
export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** Informational target check: never fails the run. */
export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

export class Table {
  private readonly columns: Required<Column>[];
  private readonly rows: string[][] = [];
  private readonly notes: string[] = [];

  constructor(
    readonly title: string,
    columns: readonly (string | Column)[],
  ) {
    this.columns = columns.map((c, i) => {
      const column = typeof c === 'string' ? { header: c } : c;
      return { header: column.header, align: column.align ?? (i === 0 ? 'left' : 'right') };
    });
  }

  /** Adds a row; numbers are shown with one decimal (format them first for anything else). */
  row(...cells: Cell[]): this {
    const text = this.columns.map((_, i) => {
      const cell = cells[i];
      return typeof cell === 'number' ? fmt(cell) : (cell ?? '');
    });
    this.rows.push(text);
    return this;
  }

  /** A line printed under the table. */
  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  render(): string {
    const widths = this.columns.map((c, i) =>
      Math.max(c.header.length, ...this.rows.map((r) => r[i]!.length)),
    );
    const line = (cells: readonly string[]): string =>
      cells
        .map((cell, i) =>
          this.columns[i]!.align === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
        )
        .join('  ')
        .trimEnd();
    return [
      `== ${this.title} ==`,
      line(this.columns.map((c) => c.header)),
      line(widths.map((w) => '-'.repeat(w))),
      ...this.rows.map(line),
      ...this.notes.map((n) => `  * ${n}`),
    ].join('\n');
  }
}

export class Report {
  private readonly header: string[] = [];
  private readonly tables: Table[] = [];

  constructor(readonly title: string) {}

  /** A line under the report title (machine, settings). */
  line(text: string): this {
    this.header.push(text);
    return this;
  }

  /** Starts a new section; add rows to the returned table. */
  section(title: string, columns: readonly (string | Column)[]): Table {
    const table = new Table(title, columns);
    this.tables.push(table);
    return table;
  }

  render(): string {
    const top = [this.title, '='.repeat(this.title.length), ...this.header].join('\n');
    return [top, ...this.tables.map((t) => t.render())].join('\n\n');
  }
}
