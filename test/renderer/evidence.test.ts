import { describe, expect, it } from 'vitest';
import { evidenceRows, humanKey, valueText } from '../../renderer/lib/evidence.js';

describe('evidence as text', () => {
  it('labels and values', () => {
    expect(humanKey('distinctPorts')).toBe('Distinct ports');
    expect(humanKey('syn_rate')).toBe('Syn rate');
    expect(valueText(1234)).toBe('1,234');
    expect(valueText(1.23456)).toBe('1.235');
    expect(valueText([22, 80, 443])).toBe('22, 80, 443');
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText(null)).toBe('–');
    expect(valueText(true)).toBe('yes');
    expect(valueText('x'.repeat(400))).toHaveLength(301);
  });

  it('markup stays a string (the views render it as text)', () => {
    const rows = evidenceRows({ host: '<img src=x onerror=alert(1)>' });
    expect(rows).toEqual([{ key: 'Host', value: '<img src=x onerror=alert(1)>' }]);
    expect(evidenceRows(undefined)).toEqual([]);
  });
});
