/** Chart colours, read from the theme's CSS variables so charts follow light and dark. */

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  tcp: string;
  udp: string;
  icmp: string;
  other: string;
  in: string;
  out: string;
  loss: string;
  series: string[];
}

export const LIGHT_PALETTE: Palette = {
  text: '#1b1f24',
  muted: '#4f5963',
  grid: '#e2e7ec',
  surface: '#ffffff',
  tcp: '#2f6fd6',
  udp: '#d9731a',
  icmp: '#8a4fd8',
  other: '#7b8794',
  in: '#2f6fd6',
  out: '#1f9d74',
  loss: '#d12f3a',
  series: [
    '#2f6fd6',
    '#d9731a',
    '#1f9d74',
    '#8a4fd8',
    '#c23d7a',
    '#7b8794',
    '#b59a00',
    '#158fa8',
    '#2b8a3e',
    '#a0522d',
    '#5f3dc4',
    '#0b7285',
    '#d6336c',
    '#6b8e23',
    '#1864ab',
    '#862e9c',
  ],
};

/** The palette the document's theme gives now. */
export function readPalette(el: Element = document.documentElement): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback;
  const series = v('--c-series', '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    text: v('--text', LIGHT_PALETTE.text),
    muted: v('--text-2', LIGHT_PALETTE.muted),
    grid: v('--surface-3', LIGHT_PALETTE.grid),
    surface: v('--surface', LIGHT_PALETTE.surface),
    tcp: v('--c-tcp', LIGHT_PALETTE.tcp),
    udp: v('--c-udp', LIGHT_PALETTE.udp),
    icmp: v('--c-icmp', LIGHT_PALETTE.icmp),
    other: v('--c-other', LIGHT_PALETTE.other),
    in: v('--c-in', LIGHT_PALETTE.in),
    out: v('--c-out', LIGHT_PALETTE.out),
    loss: v('--c-loss', LIGHT_PALETTE.loss),
    series: series.length > 0 ? series : LIGHT_PALETTE.series,
  };
}

/** A colour with alpha, from #rrggbb. */
export function alpha(hex: string, a: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
