// Types for the npm `ping` package (0.4.x ships none): only what one-shot-ping.ts uses.
declare module 'ping' {
  export interface PingConfig {
    numeric?: boolean;
    /** Seconds to wait for a reply. */
    timeout?: number;
    min_reply?: number;
    v6?: boolean;
    extra?: string[];
  }
  export interface PingResponse {
    inputHost: string;
    host: string;
    numeric_host?: string;
    alive: boolean;
    /** The raw output of the system ping. */
    output: string;
    time: number | 'unknown';
  }
  const ping: { promise: { probe(addr: string, config?: PingConfig): Promise<PingResponse> } };
  export default ping;
}
