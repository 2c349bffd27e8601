/**
 * The Wi-Fi link of the capture interface (or of the default route): what the OS reports about it,
 * read every few seconds, with its history in the session; and the signal per frame of a radiotap
 * (monitor-mode) capture. SSIDs and names are untrusted text. `null` means "not reported here".
 */

export type WifiBand = '2.4 GHz' | '5 GHz' | '6 GHz';

/**
 * What a signal strength means, strongest first (the usual Wi-Fi survey scale: −67 dBm is what
 * voice and video calls need, under −70 dBm the link slows and drops frames). One home for the
 * engine's verdict and the app's words.
 */
export const WIFI_SIGNAL_SCALE: readonly { minDbm: number; words: string }[] = [
  { minDbm: -50, words: 'excellent' },
  { minDbm: -67, words: 'good (enough for calls)' },
  { minDbm: -70, words: 'fair' },
  { minDbm: -80, words: 'weak' },
  { minDbm: Number.NEGATIVE_INFINITY, words: 'unusable' },
];

/** Weaker than this is weak: calls and games suffer. */
export const WEAK_SIGNAL_DBM = -70;

export function signalWords(dbm: number): string {
  return (WIFI_SIGNAL_SCALE.find((s) => dbm >= s.minDbm) ?? WIFI_SIGNAL_SCALE[WIFI_SIGNAL_SCALE.length - 1]).words;
}

/** Where the figures came from. */
export type WifiSource = 'iw' | 'wdutil' | 'system_profiler' | 'netsh';

export interface WifiLink {
  interface: string | null;
  /** Associated with an access point. */
  connected: boolean;
  ssid: string | null;
  bssid: string | null;
  freqMhz: number | null;
  band: WifiBand | null;
  channel: number | null;
  widthMhz: number | null;
  /** Received signal strength, dBm (−30 excellent … −67 good for calls … −80 unusable). */
  signalDbm: number | null;
  noiseDbm: number | null;
  /** PHY rates the link runs at, Mbit/s. */
  txRateMbps: number | null;
  rxRateMbps: number | null;
  /** "802.11ax", "802.11ac", ... as the OS names it. */
  standard: string | null;
  security: string | null;
  /** Share of time the channel was busy (others transmitting): a crowded channel, where reported. */
  channelBusyPct: number | null;
  /** Frames this station had to resend, and gave up on, since it associated (Linux). */
  txRetries: number | null;
  txFailed: number | null;
}

export interface WifiSample {
  t: number;
  signalDbm: number | null;
  noiseDbm: number | null;
  txRateMbps: number | null;
  connected: boolean;
}

export interface WifiSnapshot {
  source: WifiSource | null;
  /** The latest reading; null when there is none (not wireless, or nothing could be read). */
  link: WifiLink | null;
  /** Readings of the session, oldest first (bounded). */
  history: WifiSample[];
  /** Why there is no link, in words, with a hint; null when there is one. */
  message: string | null;
  hint: string | null;
}

/** Signal per frame from a radiotap header (monitor mode): the values tshark shows as radiotap.dbm_antsignal. */
export interface RadioSignalSeries {
  /** Frames that carried an antenna signal. */
  frames: number;
  minDbm: number | null;
  maxDbm: number | null;
  meanDbm: number | null;
  /** The latest frames' signal, oldest first: capture time (epoch ms) and dBm (bounded). */
  points: { t: number; dbm: number }[];
}
