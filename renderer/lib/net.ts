/**
 * Address checks for the filters bar, so a typo is flagged as the user types (the engine checks
 * again and has the last word). No DNS, no URL parsing of untrusted text: plain string rules.
 */

const V4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => V4_PART.test(p));
}

export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  let head = s;
  let groupsFromV4 = 0;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    // an embedded IPv4 tail counts as two groups: ::ffff:10.0.0.1
    if (!isIPv4(s.slice(lastColon + 1))) return false;
    head = s.slice(0, lastColon + 1) + '0';
    groupsFromV4 = 1;
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | null => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)) ? g : null;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) return false;
  const n = left.length + right.length + groupsFromV4;
  return halves.length === 2 ? n <= 7 : n === 8;
}

/** '' when `s` is empty or a valid address or CIDR, else what is wrong (one short sentence). */
export function addressOrCidrProblem(s: string): string {
  const t = s.trim();
  if (t === '') return '';
  const slash = t.indexOf('/');
  const addr = slash < 0 ? t : t.slice(0, slash);
  const v4 = isIPv4(addr);
  if (!v4 && !isIPv6(addr)) return 'Not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/8, 2001:db8::/32).';
  if (slash < 0) return '';
  const prefix = t.slice(slash + 1);
  const max = v4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `The prefix length after / must be 0 to ${max}.`;
  return '';
}

/** The port typed in the filters bar: null for empty, a number 0..65535, or undefined when invalid. */
export function parsePort(s: string): number | null | undefined {
  const t = s.trim();
  if (t === '') return null;
  if (!/^\d{1,5}$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 65535 ? n : undefined;
}
