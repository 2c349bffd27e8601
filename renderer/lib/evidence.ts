/**
 * An alert's or suggestion's evidence as label/value text pairs. Values come from the network and
 * are rendered as text; nested values are flattened to JSON (cut to a readable length).
 */
const MAX_VALUE = 300;

export function evidenceRows(evidence: Record<string, unknown> | null | undefined): { key: string; value: string }[] {
  if (!evidence || typeof evidence !== 'object') return [];
  return Object.entries(evidence).map(([key, v]) => ({ key: humanKey(key), value: valueText(v) }));
}

export function humanKey(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

export function valueText(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '–';
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number')
    s = Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 1000) / 1000);
  else if (typeof v === 'boolean') s = v ? 'yes' : 'no';
  else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) s = v.join(', ');
  else {
    try {
      s = JSON.stringify(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}
