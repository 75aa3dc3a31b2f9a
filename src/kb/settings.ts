export interface KbSettings {
  /** Results scoring below this are shown as weak matches. */
  threshold: number;
  /** A role whose members may change the knowledge base without Manage Server. */
  writerRoleId: string | null;
}

export const DEFAULT_SETTINGS: KbSettings = { threshold: 0.3, writerRoleId: null };

export const validThreshold = (value: unknown): value is number =>
  typeof value === 'number' && value >= -1 && value <= 1;

const validRole = (value: unknown): value is string | null =>
  value === null || (typeof value === 'string' && /^\d{1,20}$/.test(value));

/**
 * A stored settings row, field by field: a field of the wrong type or range falls back to its
 * default (and is reported in `bad`), so a tampered row can never hand a string to a comparison.
 */
export function parseSettings(raw: string): { settings: KbSettings; bad: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { settings: { ...DEFAULT_SETTINGS }, bad: ['not JSON'] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { settings: { ...DEFAULT_SETTINGS }, bad: ['not an object'] };
  const fields = value as Record<string, unknown>;
  const settings = { ...DEFAULT_SETTINGS };
  const bad: string[] = [];
  if ('threshold' in fields) {
    if (validThreshold(fields.threshold)) settings.threshold = fields.threshold;
    else bad.push('threshold');
  }
  if ('writerRoleId' in fields) {
    if (validRole(fields.writerRoleId)) settings.writerRoleId = fields.writerRoleId;
    else bad.push('writerRoleId');
  }
  return { settings, bad };
}
