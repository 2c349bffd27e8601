/**
 * The Wi-Fi link parsers over each tool's output, written here from the tools' documented formats
 * (iw's link/info/station dump/survey dump, macOS wdutil info and system_profiler
 * SPAirPortDataType, Windows netsh wlan show interfaces): connected on 2.4, 5 and 6 GHz,
 * disconnected, fields missing, fields unknown, and noise; nothing may throw.
 */
import { describe, expect, it } from 'vitest';
import {
  iwLink,
  parseBitrate,
  parseIwLink,
  parseIwStationDump,
  parseIwSurvey,
} from '../../src/probe/wifi/iw-output.js';
import { parseSystemProfiler, parseWdutilInfo } from '../../src/probe/wifi/macos-output.js';
import { parseNetshInterfaces, pickNetshInterface } from '../../src/probe/wifi/netsh-output.js';
import { bandOf, channelOf } from '../../src/probe/wifi/wifi-channel.js';
import { defaultRouteInterface, macWifiDevice, readWifi } from '../../src/probe/wifi/wifi-reader.js';
import type { SystemAccess } from '../../src/probe/system-access.js';

const IW_LINK_5GHZ = `Connected to 04:f0:21:12:34:56 (on wlp2s0)
\tSSID: HomeNet 5G
\tfreq: 5180
\tRX: 123456789 bytes (98765 packets)
\tTX: 23456789 bytes (34567 packets)
\tsignal: -52 dBm
\trx bitrate: 866.7 MBit/s VHT-MCS 9 80MHz short GI VHT-NSS 2
\ttx bitrate: 780.0 MBit/s VHT-MCS 8 80MHz short GI VHT-NSS 2
\tbss flags:\tshort-slot-time
\tdtim period:\t1
\tbeacon int:\t100
`;

const IW_LINK_24GHZ = `Connected to 9c:3d:cf:aa:bb:cc (on wlan0)
\tSSID: Cafe
\tfreq: 2437.0
\tsignal: -78 dBm
\trx bitrate: 65.0 MBit/s MCS 7
\ttx bitrate: 72.2 MBit/s MCS 7 short GI
\tsome future field: with a value
`;

const IW_LINK_6GHZ = `Connected to 3a:10:d5:01:02:03 (on wlan0)
\tSSID: Lab6E
\tfreq: 6115
\tsignal: -61 dBm
\trx bitrate: 1729.4 MBit/s 160MHz HE-MCS 8 HE-NSS 2 HE-GI 0 HE-DCM 0
\ttx bitrate: 2401.9 MBit/s 160MHz HE-MCS 11 HE-NSS 2 HE-GI 0 HE-DCM 0
`;

const IW_INFO = `Interface wlp2s0
\tifindex 3
\twdev 0x1
\taddr 12:34:56:78:9a:bc
\tssid HomeNet 5G
\ttype managed
\twiphy 0
\tchannel 36 (5180 MHz), width: 80 MHz, center1: 5210 MHz
\ttxpower 22.00 dBm
`;

const IW_STATIONS = `Station 04:f0:21:12:34:56 (on wlp2s0)
\tinactive time:\t1234 ms
\trx bytes:\t123456789
\ttx retries:\t4521
\ttx failed:\t12
\tsignal:  \t-53 [-55, -56] dBm
\tsignal avg:\t-51 [-53, -54] dBm
\ttx bitrate:\t780.0 MBit/s VHT-MCS 8 80MHz short GI VHT-NSS 2
\trx bitrate:\t866.7 MBit/s VHT-MCS 9 80MHz short GI VHT-NSS 2
\tauthorized:\tyes
\tconnected time:\t3600 seconds
`;

const IW_SURVEY = `Survey data from wlp2s0
\tfrequency:\t\t\t5160 MHz
\tnoise:\t\t\t\t-97 dBm
Survey data from wlp2s0
\tfrequency:\t\t\t5180 MHz [in use]
\tnoise:\t\t\t\t-95 dBm
\tchannel active time:\t\t1000 ms
\tchannel busy time:\t\t620 ms
\tchannel receive time:\t\t400 ms
\tchannel transmit time:\t\t100 ms
`;

const WDUTIL = `————————————————————————————————————————————————————————————————————
NETWORK
    Primary IPv4         : en0 (Wi-Fi / 9C3A1B2C-1111-2222-3333-444455556666)
    Primary IPv6         : None
————————————————————————————————————————————————————————————————————
WIFI
    MAC Address          : 88:66:5a:00:00:01 (hw=88:66:5a:00:00:01)
    Interface Name       : en0
    Power                : On [On]
    Op Mode              : STA
    SSID                 : HomeNet 5G
    BSSID                : 4:f0:21:12:34:56
    RSSI                 : -55 dBm
    CCA                  : 12 %
    Noise                : -94 dBm
    Tx Rate              : 866.0 Mbps
    Security             : WPA2 Personal
    PHY Mode             : 11ac
    MCS Index            : 9
    Guard Interval       : 400
    NSS                  : 2
    Channel              : 5g36/80
    Country Code         : US
    NetworkServiceID     : 9C3A1B2C-1111-2222-3333-444455556666
————————————————————————————————————————————————————————————————————
BLUETOOTH
    Power                : On
`;

const WDUTIL_REDACTED_6G = WDUTIL.replace('HomeNet 5G', '<redacted>')
  .replace('4:f0:21:12:34:56', '<redacted>')
  .replace('5g36/80', '6g37/160')
  .replace('11ac', '11ax');

const WDUTIL_OFF = `————————————————————————————————————————————————————————————————————
WIFI
    MAC Address          : 88:66:5a:00:00:01 (hw=88:66:5a:00:00:01)
    Interface Name       : en0
    Power                : Off [Off]
    Op Mode              : None
    SSID                 : None
    RSSI                 : 0 dBm
`;

const PROFILER = `Wi-Fi:

      Software Versions:
          CoreWLAN: 16.0 (1657)
          IO80211_driverkit: 1200.12.2b1
      Interfaces:
        en0:
          Card Type: Wi-Fi  (0x14E4, 0x4387)
          Firmware Version: wl0: Jul 26 2023
          MAC Address: 88:66:5a:00:00:01
          Locale: FCC
          Country Code: US
          Supported PHY Modes: 802.11 a/b/g/n/ac/ax
          Supported Channels: 1 (2GHz), 2 (2GHz), 36 (5GHz), 37 (6GHz)
          Wake On Wireless: Supported
          Status: Connected
          Current Network Information:
            HomeNet 5G:
              PHY Mode: 802.11ac
              Channel: 36 (5GHz, 80MHz)
              Country Code: US
              Network Type: Infrastructure
              Security: WPA2 Personal
              Signal / Noise: -55 dBm / -94 dBm
              Transmit Rate: 866
              MCS Index: 9
          Other Local Wi-Fi Networks:
            Neighbour:
              PHY Mode: 802.11n
              Channel: 6 (2GHz, 20MHz)
              Signal / Noise: -80 dBm / -92 dBm
        awdl0:
          MAC Address: 3a:00:00:00:00:01
          Supported PHY Modes: 802.11 a/b/g/n/ac/ax
          Status: Inactive
`;

const PROFILER_OFF = `Wi-Fi:

      Interfaces:
        en0:
          Card Type: Wi-Fi  (0x14E4, 0x4387)
          Status: Off
`;

const NETSH_WIN11 = `
There is 1 interface on the system:

    Name                   : Wi-Fi
    Description            : Intel(R) Wi-Fi 6E AX211 160MHz
    GUID                   : 12345678-aaaa-bbbb-cccc-1234567890ab
    Physical address       : 12:34:56:78:9a:bc
    Interface type         : Primary
    State                  : connected
    SSID                   : HomeNet 6E
    AP BSSID               : 3a:10:d5:01:02:03
    Band                   : 6 GHz
    Channel                : 37
    Connected Akm-cipher   : [ akm = 00-0f-ac:08, cipher = 00-0f-ac:04 ]
    Network type           : Infrastructure
    Radio type             : 802.11ax
    Authentication         : WPA3-Personal
    Cipher                 : CCMP
    Connection mode        : Auto Connect
    Receive rate (Mbps)    : 1729
    Transmit rate (Mbps)   : 2402
    Signal                 : 88%
    Rssi                   : -61
    Profile                : HomeNet 6E
    QoS MSCS Configured         : 0
    QoS Map Configured          : 0

    Hosted network status  : Not available
`;

const NETSH_WIN10 = `
There are 2 interfaces on the system:

    Name                   : Wi-Fi 2
    Description            : USB adapter
    GUID                   : 87654321-aaaa-bbbb-cccc-1234567890ab
    Physical address       : 12:34:56:78:9a:bd
    State                  : disconnected
    Radio status           : Hardware On
                             Software On

    Name                   : Wi-Fi
    Description            : Intel(R) Dual Band Wireless-AC 8265
    GUID                   : 12345678-aaaa-bbbb-cccc-1234567890ab
    Physical address       : 12:34:56:78:9a:bc
    State                  : connected
    SSID                   : Cafe
    BSSID                  : 9c:3d:cf:aa:bb:cc
    Network type           : Infrastructure
    Radio type             : 802.11n
    Authentication         : WPA2-Personal
    Cipher                 : CCMP
    Connection mode        : Profile
    Channel                : 6
    Receive rate (Mbps)    : 72.2
    Transmit rate (Mbps)   : 72.2
    Signal                 : 44%
    Profile                : Cafe

    Hosted network status  : Not available
`;

describe('iw (Linux)', () => {
  it('reads a 5 GHz VHT link', () => {
    expect(parseIwLink(IW_LINK_5GHZ)).toEqual({
      interface: 'wlp2s0',
      connected: true,
      ssid: 'HomeNet 5G',
      bssid: '04:f0:21:12:34:56',
      freqMhz: 5180,
      band: '5 GHz',
      channel: 36,
      widthMhz: 80,
      signalDbm: -52,
      noiseDbm: null,
      txRateMbps: 780,
      rxRateMbps: 866.7,
      standard: '802.11ac',
      security: null,
      channelBusyPct: null,
      txRetries: null,
      txFailed: null,
    });
  });

  it('reads a 2.4 GHz HT link, skipping a field it does not know', () => {
    expect(parseIwLink(IW_LINK_24GHZ)).toMatchObject({
      ssid: 'Cafe',
      freqMhz: 2437,
      band: '2.4 GHz',
      channel: 6,
      widthMhz: 20,
      signalDbm: -78,
      txRateMbps: 72.2,
      standard: '802.11n',
    });
  });

  it('reads a 6 GHz HE link', () => {
    expect(parseIwLink(IW_LINK_6GHZ)).toMatchObject({
      freqMhz: 6115,
      band: '6 GHz',
      channel: 33,
      widthMhz: 160,
      standard: '802.11ax',
      txRateMbps: 2401.9,
    });
  });

  it('reads "Not connected." and missing fields as such', () => {
    expect(parseIwLink('Not connected.\n', 'wlan0')).toMatchObject({
      interface: 'wlan0',
      connected: false,
      ssid: null,
    });
    const bare = parseIwLink('Connected to 04:f0:21:12:34:56 (on wlan0)\n');
    expect(bare).toMatchObject({
      connected: true,
      bssid: '04:f0:21:12:34:56',
      signalDbm: null,
      band: null,
      channel: null,
    });
  });

  it('adds width, retries, noise and channel busy time from info, station dump and survey dump', () => {
    const link = iwLink('wlp2s0', IW_LINK_5GHZ, IW_INFO, IW_STATIONS, IW_SURVEY);
    expect(link).toMatchObject({
      widthMhz: 80,
      txRetries: 4521,
      txFailed: 12,
      noiseDbm: -95,
      channelBusyPct: 62,
      signalDbm: -52,
    });
    expect(parseIwStationDump(IW_STATIONS)).toMatchObject({ signalDbm: -53, signalAvgDbm: -51 });
    expect(parseIwSurvey('Survey data from wlan0\n\tfrequency: 2412 MHz\n')).toBeNull();
    // an older iw whose link lacks the frequency: info gives it
    const noFreq = IW_LINK_5GHZ.replace('\tfreq: 5180\n', '');
    expect(iwLink('wlp2s0', noFreq, IW_INFO, null, null)).toMatchObject({ freqMhz: 5180, channel: 36, band: '5 GHz' });
  });

  it('reads bitrates of every generation', () => {
    expect(parseBitrate('54.0 MBit/s')).toEqual({ rateMbps: 54, widthMhz: null, standard: null });
    expect(parseBitrate('5764.7 MBit/s 320MHz EHT-MCS 13 EHT-NSS 2 EHT-GI 0')).toEqual({
      rateMbps: 5764.7,
      widthMhz: 320,
      standard: '802.11be',
    });
  });
});

describe('macOS', () => {
  it('reads wdutil info', () => {
    expect(parseWdutilInfo(WDUTIL)).toEqual({
      interface: 'en0',
      connected: true,
      ssid: 'HomeNet 5G',
      bssid: '04:f0:21:12:34:56',
      freqMhz: 5180,
      band: '5 GHz',
      channel: 36,
      widthMhz: 80,
      signalDbm: -55,
      noiseDbm: -94,
      txRateMbps: 866,
      rxRateMbps: null,
      standard: '802.11ac',
      security: 'WPA2 Personal',
      channelBusyPct: 12,
      txRetries: null,
      txFailed: null,
    });
  });

  it('reads a 6 GHz link whose names macOS redacts', () => {
    expect(parseWdutilInfo(WDUTIL_REDACTED_6G)).toMatchObject({
      ssid: null,
      bssid: null,
      band: '6 GHz',
      channel: 37,
      freqMhz: 6135,
      widthMhz: 160,
      standard: '802.11ax',
    });
  });

  it('reads Wi-Fi turned off', () => {
    expect(parseWdutilInfo(WDUTIL_OFF)).toMatchObject({ interface: 'en0', connected: false, signalDbm: null });
  });

  it('reads system_profiler SPAirPortDataType', () => {
    expect(parseSystemProfiler(PROFILER)).toMatchObject({
      interface: 'en0',
      connected: true,
      ssid: 'HomeNet 5G',
      band: '5 GHz',
      channel: 36,
      freqMhz: 5180,
      widthMhz: 80,
      signalDbm: -55,
      noiseDbm: -94,
      txRateMbps: 866,
      standard: '802.11ac',
      security: 'WPA2 Personal',
    });
    expect(parseSystemProfiler(PROFILER.replace('36 (5GHz, 80MHz)', '37 (6GHz, 160MHz)'))).toMatchObject({
      band: '6 GHz',
      channel: 37,
      widthMhz: 160,
    });
    expect(parseSystemProfiler(PROFILER.replace('36 (5GHz, 80MHz)', '11 (2GHz, 20MHz)'))).toMatchObject({
      band: '2.4 GHz',
      freqMhz: 2462,
    });
    expect(parseSystemProfiler(PROFILER_OFF)).toMatchObject({ interface: 'en0', connected: false });
    expect(parseSystemProfiler(PROFILER.replace(/\s+Signal \/ Noise:.*\n/, '\n'))).toMatchObject({
      connected: true,
      signalDbm: null,
      noiseDbm: null,
    });
  });

  it('finds the Wi-Fi device', () => {
    const ports =
      'Hardware Port: Ethernet\nDevice: en1\nEthernet Address: aa\n\nHardware Port: Wi-Fi\nDevice: en0\nEthernet Address: bb\n';
    expect(macWifiDevice(ports)).toBe('en0');
    expect(macWifiDevice('Hardware Port: Ethernet\nDevice: en1\n')).toBeNull();
  });
});

describe('netsh (Windows)', () => {
  it('reads Windows 11 output with band and RSSI', () => {
    const [link] = parseNetshInterfaces(NETSH_WIN11);
    expect(link).toEqual({
      interface: 'Wi-Fi',
      connected: true,
      ssid: 'HomeNet 6E',
      bssid: '3a:10:d5:01:02:03',
      freqMhz: 6135,
      band: '6 GHz',
      channel: 37,
      widthMhz: null,
      signalDbm: -61,
      noiseDbm: null,
      txRateMbps: 2402,
      rxRateMbps: 1729,
      standard: '802.11ax',
      security: 'WPA3-Personal',
      channelBusyPct: null,
      txRetries: null,
      txFailed: null,
    });
  });

  it('reads older output (no Band, no Rssi) and several interfaces', () => {
    const links = parseNetshInterfaces(NETSH_WIN10);
    expect(links.map((l) => [l.interface, l.connected])).toEqual([
      ['Wi-Fi 2', false],
      ['Wi-Fi', true],
    ]);
    // 44% quality: 44 / 2 − 100 = −78 dBm; channel 6 is 2.4 GHz
    expect(links[1]).toMatchObject({ signalDbm: -78, band: '2.4 GHz', channel: 6, freqMhz: 2437, txRateMbps: 72.2 });
    expect(pickNetshInterface(links, null)?.interface).toBe('Wi-Fi');
    expect(pickNetshInterface(links, 'Wi-Fi 2')?.connected).toBe(false);
    expect(pickNetshInterface([], null)).toBeNull();
  });
});

describe('channels and interfaces', () => {
  it('numbers channels per band', () => {
    expect([2412, 2484, 5745, 5955, 5935, 7115].map(channelOf)).toEqual([1, 14, 149, 1, 2, 233]);
    expect(bandOf(900)).toBeNull();
  });

  it('finds the default route interface', () => {
    const route =
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
      'eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n' +
      'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n' +
      'wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n';
    expect(defaultRouteInterface(route)).toBe('eth0');
    expect(defaultRouteInterface('')).toBeNull();
  });

  it('reads a link through a system that is not this one, and says when it is not wireless', async () => {
    const files: Record<string, string> = { '/sys/class/net/wlan0/phy80211/name': 'phy0\n' };
    const outputs: Record<string, string> = {
      'iw dev wlan0 link': IW_LINK_24GHZ,
      'iw dev wlan0 info': IW_INFO,
    };
    const sys = (platform: NodeJS.Platform): SystemAccess => ({
      platform,
      readText: async (p) => files[p] ?? null,
      run: async (f, a) => outputs[[f, ...a].join(' ')] ?? null,
    });
    const r = await readWifi(sys('linux'), 'wlan0');
    expect(r).toMatchObject({ source: 'iw', message: null });
    expect(r.link).toMatchObject({ ssid: 'Cafe', signalDbm: -78, widthMhz: 80 });
    expect(await readWifi(sys('linux'), 'eth0')).toMatchObject({
      link: null,
      message: 'eth0 is not a Wi-Fi interface',
    });
    expect(await readWifi(sys('linux'), '../../etc')).toMatchObject({ link: null });
    outputs['netsh wlan show interfaces'] = NETSH_WIN11;
    expect((await readWifi(sys('win32'), null)).link).toMatchObject({ band: '6 GHz' });
    expect(await readWifi(sys('darwin'), null)).toMatchObject({
      link: null,
      message: 'this Mac has no Wi-Fi interface',
    });
  });
});

describe('never throws', () => {
  it('on noise, truncation and unknown fields', () => {
    const inputs = [IW_LINK_5GHZ, IW_STATIONS, IW_SURVEY, WDUTIL, PROFILER, NETSH_WIN11, NETSH_WIN10];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 300; k++) {
      const src = inputs[k % inputs.length];
      const cut = src.slice(0, Math.floor(rand() * src.length));
      const noisy = cut
        .split('')
        .map((c) => (rand() < 0.02 ? String.fromCharCode(Math.floor(rand() * 256)) : c))
        .join('');
      for (const f of [
        () => parseIwLink(noisy),
        () => iwLink('wlan0', noisy, noisy, noisy, noisy),
        () => parseWdutilInfo(noisy),
        () => parseSystemProfiler(noisy),
        () => parseNetshInterfaces(noisy),
      ]) {
        expect(f).not.toThrow();
      }
    }
  });
});
