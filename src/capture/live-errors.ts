/**
 * libpcap's failures as error values with a code and a hint: unknown interface, invalid filter
 * (libpcap's own message), no permission (what to do on this OS), interface gone.
 */
import type { ErrorInfo } from '../api/errors.js';
import { looksLikePermission, noPermissionError } from './capture-permission.js';
import { PCAP_STATUS } from './live-native.js';

export const FILTER_HINT =
  'the filter is BPF, as tcpdump takes it: e.g. "tcp port 443", "host 10.0.0.2 and not arp", "icmp or udp port 53"';

export function unknownInterfaceError(device: string, known: string[]): ErrorInfo {
  return {
    code: 'unknown-interface',
    message: `no interface named '${device}'`,
    hint:
      known.length > 0
        ? `interfaces here: ${known.join(', ')} (netlens interfaces shows details)`
        : 'no capture interfaces were found; netlens interfaces shows why',
  };
}

export function invalidFilterError(filter: string, pcapMessage: string): ErrorInfo {
  return { code: 'invalid-filter', message: `invalid capture filter '${filter}': ${pcapMessage}`, hint: FILTER_HINT };
}

export function interfaceGoneError(device: string, detail: string): ErrorInfo {
  return {
    code: 'interface-gone',
    message: `interface ${device} went away during capture${detail ? ` (${detail})` : ''}`,
    hint: 'capture stopped; everything captured until then is kept. Reconnect it, or pick another with netlens interfaces',
  };
}

/** Maps a failure to open a device. status/stage come from the native binding; cap gives only a message. */
export function mapOpenError(
  device: string,
  filter: string,
  status: number | undefined,
  stage: string | undefined,
  message: string,
): ErrorInfo {
  const isFilterStage =
    stage === 'filter' ||
    (stage === undefined &&
      filter !== '' &&
      /syntax error|can't parse filter|parse error|unknown (host|port|protocol|network)|illegal|expression|not supported on this link|filter/i.test(
        message,
      ));
  if (isFilterStage) return invalidFilterError(filter, message);
  if (
    status === PCAP_STATUS.PERM_DENIED ||
    status === PCAP_STATUS.PROMISC_PERM_DENIED ||
    looksLikePermission(message)
  ) {
    return noPermissionError(device, message);
  }
  if (status === PCAP_STATUS.NO_SUCH_DEVICE || /no such device|doesn't exist|does not exist/i.test(message)) {
    return unknownInterfaceError(device, []);
  }
  if (status === PCAP_STATUS.IFACE_NOT_UP || /is not up|went down/i.test(message)) {
    return {
      code: 'interface-gone',
      message: `interface ${device} is down (${message})`,
      hint: `bring it up first (Linux: ip link set ${device} up), or pick another with netlens interfaces`,
    };
  }
  return {
    code: 'interface-gone',
    message: `cannot capture on ${device}: ${message}`,
    hint: 'check that the interface exists and is up: netlens interfaces',
  };
}

/** Maps an error that ended a running capture. */
export function mapRuntimeError(device: string, _status: number, message: string): ErrorInfo {
  return interfaceGoneError(device, message);
}
