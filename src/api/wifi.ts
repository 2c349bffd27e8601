/**
 * The Wi-Fi link of the capture interface (or of the default route): what the OS reports about it,
 * read every few seconds, with its history in the session; and the signal per frame of a radiotap
 * (monitor-mode) capture. SSIDs and names are untrusted text. `null` means "not reported here".
 */

export type WifiBand = '2.4 GHz' | '5 GHz' | '6 GHz';

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
