/**
 * Follow stream: one conversation's bytes as text (as Wireshark's Follow TCP Stream), asked for
 * when the user follows a connection; what each side sent, in order.
 */
import type { Api } from '../lib/api.js';
import type { FlowDto, StreamText } from '../../src/api/views.js';

export class StreamState {
  #flow = $state.raw<FlowDto | null>(null);
  #text = $state.raw<StreamText | null>(null);
  #error = $state('');
  #loading = $state(false);
  private asked = 0;

  constructor(private readonly api: Api) {}

  /** The conversation followed, or null when the view is closed. */
  get flow(): FlowDto | null {
    return this.#flow;
  }

  get text(): StreamText | null {
    return this.#text;
  }

  get error(): string {
    return this.#error;
  }

  get loading(): boolean {
    return this.#loading;
  }

  async follow(f: FlowDto): Promise<void> {
    const asked = ++this.asked;
    this.#flow = f;
    this.#text = null;
    this.#error = '';
    this.#loading = true;
    const r = await this.api.request('stream:follow', {
      protocol: f.protocol,
      a: f.a,
      aPort: f.aPort,
      b: f.b,
      bPort: f.bPort,
    });
    if (asked !== this.asked) return;
    this.#loading = false;
    if (r.ok) this.#text = r.value;
    else this.#error = r.error.message;
  }

  close(): void {
    this.asked++;
    this.#flow = null;
    this.#text = null;
    this.#loading = false;
  }
}
