/** SSH identification string ("SSH-2.0-OpenSSH_9.2p1 ..."), sent in clear by both sides. */
import type { SshBannerHint } from '../app-hints.js';
import { ascii, latin1, lineEnd, startsWith } from './ascii-scan.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const SSH_DASH = ascii('SSH-');
/** RFC 4253: at most 255 characters including CR LF. */
const MAX_BANNER = 255;

export function isSshBanner(buf: Buffer, p: number, end: number): boolean {
  return startsWith(buf, p, end, SSH_DASH);
}

export function parseSshBanner(buf: Buffer, p: number, end: number): SshBannerHint {
  const lim = p + MAX_BANNER < end ? p + MAX_BANNER : end;
  return { kind: 'ssh-banner', banner: latin1(buf, p, lineEnd(buf, p, lim)) };
}

export const SSH_DISPLAY: ProtocolDisplay = {
  fields: ({ d }) => (d.hint?.kind === 'ssh-banner' ? [field('Banner', d.hint.banner)] : []),
  info: ({ d }) => (d.hint?.kind === 'ssh-banner' ? d.hint.banner : ''),
};
