/**
 * Every alert explains itself, written per alert type for someone who has never seen a packet:
 * what happened, what it means for you, what to do (the cleartext suggestion is the model), the
 * evidence as labelled facts, and which packets it is about (the Alerts view's "Show these
 * packets"). A critical alert also becomes a suggestion, so it never stands alone.
 */
import { isIP } from 'node:net';
import type { AlertExplanation, AlertPackets, SuggestionDto } from '../api/alerts-view.js';
import type { Alert, Evidence } from '../api/alerts.js';
import { alertFacts } from './alert-facts.js';
import { bitRate, count, duration, listSome } from './summary-format.js';

type Words = Pick<AlertExplanation, 'title' | 'happened' | 'meaning' | 'action'>;

const str = (e: Evidence, k: string): string => (typeof e[k] === 'string' ? (e[k] as string) : '');
const num = (e: Evidence, k: string): number => (typeof e[k] === 'number' ? (e[k] as number) : 0);
const list = (e: Evidence, k: string): string[] => (Array.isArray(e[k]) ? (e[k] as unknown[]).map(String) : []);

/** The address in "10.0.0.2", "10.0.0.2:80" or "[2001:db8::1]:443", or '' when there is none. */
export function addressIn(text: string): string {
  if (isIP(text)) return text;
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(text);
  if (v6 && isIP(v6[1])) return v6[1];
  const v4 = /^([^:]+):\d+$/.exec(text);
  return v4 && isIP(v4[1]) === 4 ? v4[1] : '';
}

function portScan(a: Alert, e: Evidence): Words {
  const who = a.source || 'A device';
  if (str(e, 'kind') === 'sweep') {
    const port = num(e, 'port');
    return {
      title: `${who} looked for port ${port} on ${count(num(e, 'distinctHosts'))} hosts`,
      happened: `${who} tried port ${port} on ${count(num(e, 'distinctHosts'))} different hosts in ${duration(num(e, 'durationSec'))}, one after the other: a sweep, looking for machines that offer one service.`,
      meaning:
        'Worms and attackers sweep a network for a service they can break into; so do some inventory and monitoring tools. If you do not know the scanner, treat it as hostile.',
      action: `Find out what ${who} is (its name, who owns it). If nobody runs a scan on purpose, disconnect it and check it for malware; make sure port ${port} is closed or firewalled on hosts that do not need it.`,
    };
  }
  const open = list(e, 'openPorts');
  return {
    title: `${who} scanned ${a.target || 'a host'} for open ports`,
    happened: `${who} tried ${count(num(e, 'distinctPorts'))} ports on ${a.target} in ${duration(num(e, 'durationSec'))}${open.length ? `; ${listSome(open)} answered (open)` : '; none answered'}. A program like nmap does this to map what a machine offers.`,
    meaning: `Someone is mapping ${a.target}: the open ports are the services an attacker would try next. A scan by itself breaks nothing, but it is often the first step of an attack.`,
    action: `If you did not start this scan, find out what ${who} is and stop it (unplug it, block it at the firewall). On ${a.target}, close or firewall the services that should not be reachable${open.length ? ` (${listSome(open)})` : ''} and keep the others up to date.`,
  };
}

function arpSpoof(a: Alert, e: Evidence): Words {
  const mac = str(e, 'mac') || a.source;
  const kind = str(e, 'kind');
  if (kind === 'impersonation') {
    const ip = str(e, 'impersonatedAddress');
    const victims = list(e, 'victims');
    return {
      title: `A device is impersonating ${ip} (ARP spoofing)`,
      happened: `The device with hardware address ${mac} told the network that it is ${ip}, although it also asked who ${ip} is: it answers for an address that is not its own${victims.length ? `, and ${listSome(victims, 3)} believed it` : ''}.`,
      meaning: `Traffic meant for ${ip} (often the router: everything you send to the internet) can go to that device instead. It can read, change or block it: a "man in the middle". This is how passwords are stolen on shared networks.`,
      action: `Find the device ${mac} (the router's list of connected devices shows its name) and disconnect it. Do not log in to anything on this network until it is gone; use a VPN or mobile data meanwhile. On a network you manage, turn on "Dynamic ARP Inspection" or "ARP protection" in the switch or router.`,
    };
  }
  if (kind === 'conflict') {
    const ip = str(e, 'address');
    return {
      title: `Two devices claim ${ip}`,
      happened: `Two devices (${listSome(list(e, 'macs'))}) both say they are ${ip}.`,
      meaning: `Either two devices were given the same address (a configuration mistake: both lose connections), or one of them is impersonating the other to intercept its traffic (ARP spoofing).`,
      action: `Check which of the two should have ${ip} (the router's list of devices, or the device's own settings). Give the other one another address or let it get one automatically (DHCP). If neither should, disconnect the unknown device.`,
    };
  }
  return {
    title: `One device answers for ${count(list(e, 'addresses').length)} addresses`,
    happened: `The device ${mac} claims ${count(list(e, 'addresses').length)} IP addresses (${listSome(list(e, 'addresses'))}).`,
    meaning:
      'A device that answers for many addresses either does it on purpose (a router doing "proxy ARP") or is impersonating them to intercept their traffic (ARP spoofing).',
    action: `Find out what ${mac} is. If it is not your router or a firewall set up to do this, disconnect it and check the network's devices.`,
  };
}

function hostFlood(a: Alert, e: Evidence): Words {
  if (str(e, 'protocol') === 'dhcp')
    return {
      title: 'A flood of address requests (DHCP)',
      happened: `${count(num(e, 'messages'))} DHCP messages (address requests) from ${count(num(e, 'distinctClients'))} devices in ${duration(num(e, 'durationSec'))}; a device joining a network sends a handful.`,
      meaning:
        'Many made-up devices asking for addresses use up the router\'s pool, so real devices cannot join the network ("DHCP starvation"); it also prepares a fake DHCP server.',
      action:
        'Find the port or Wi-Fi client the requests come from and disconnect it. On a network you manage, turn on "DHCP snooping" and limit how many addresses a port may take.',
    };
  const oneSided = e.oneSided === true;
  return {
    title: `${a.source} is sending a flood of packets`,
    happened: `${a.source} sent ${count(num(e, 'packets'))} packets (up to ${count(num(e, 'peakPacketsPerSec'))} per second, ${bitRate(num(e, 'averageBitsPerSec') / 8)} on average)${str(e, 'mainDestination') ? ` mostly to ${str(e, 'mainDestination')}` : ''}, and got ${count(num(e, 'packetsBack'))} back.`,
    meaning: oneSided
      ? 'Packets that get no answer, this fast, are a flood: it can slow or knock out the target and fill the network for everyone.'
      : 'Both sides are talking: this looks like a big transfer (a backup, a download), not necessarily a problem.',
    action: oneSided
      ? `Find out what ${a.source} is doing (its processes, who uses it). If nobody expects this traffic, disconnect it and check it for malware.`
      : 'Nothing to do unless the network is slow for others; then schedule such transfers for quieter times or limit their speed.',
  };
}

function synFlood(a: Alert, e: Evidence): Words {
  const target = a.target || str(e, 'target');
  return {
    title: `${target} is flooded with connection attempts`,
    happened: `${count(num(e, 'syns'))} connection attempts (TCP SYN) reached ${target} in ${duration(num(e, 'durationSec'))} from ${count(num(e, 'distinctSources'))} sources, and only ${count(num(e, 'completed'))} became connections.`,
    meaning:
      "Half-open connections use up the server's memory for new visitors: real users can no longer connect (a denial of service). Many sources often means forged (spoofed) addresses.",
    action: `If ${target} is yours: turn on SYN cookies (Linux: sysctl net.ipv4.tcp_syncookies=1), limit connection rates at the firewall, and ask your provider for help if the flood comes from the internet.`,
  };
}

function accessAttempts(a: Alert, e: Evidence): Words {
  const service = str(e, 'service') || `port ${num(e, 'port')}`;
  return {
    title: `${a.source} keeps trying ${service} on ${a.target}`,
    happened: `${a.source} tried to connect to ${service} on ${a.target} ${count(num(e, 'attempts'))} times in ${duration(num(e, 'durationSec'))}: ${count(num(e, 'refused'))} refused, ${count(num(e, 'unanswered'))} unanswered, ${count(num(e, 'connected'))} connected.`,
    meaning:
      e.remoteAccess === true
        ? `Repeated tries on a remote-access service (${service}) are how passwords are guessed. If one got in, the attacker controls that machine.`
        : `Something keeps trying a service that does not answer: often a program set up with an old address, sometimes someone probing.`,
    action:
      e.remoteAccess === true
        ? `If ${service} on ${a.target} does not need to be reachable, turn it off or firewall it; else allow only known addresses, use keys or long passwords, and a tool like fail2ban. Check its log for logins from ${a.source}.`
        : `Find the program on ${a.source} that makes these tries and correct its settings, or find out who runs it.`,
  };
}

function trafficSpike(_a: Alert, e: Evidence): Words {
  const top = str(e, 'topSender');
  return {
    title: `Traffic jumped to ${bitRate(num(e, 'peakBytesPerSec'))}`,
    happened: `Traffic rose to ${bitRate(num(e, 'peakBytesPerSec'))} (${count(num(e, 'peakPacketsPerSec'))} packets per second) for ${duration(num(e, 'spikeSeconds'))}, where it usually is ${bitRate(num(e, 'baselineBytesPerSec'))}${top ? `; most of it came from ${top}` : ''}.`,
    meaning:
      'A sudden jump is often harmless (an update, a video, a backup) but it can also be a flood or data leaving the network. While it lasts, everything else on the link is slower.',
    action: top
      ? `Look at what ${top} was doing at that time (Show these packets). If it is expected, nothing to do; if not, find the program that sent it.`
      : 'Look at the packets of that moment (Show these packets) to see who sent them.',
  };
}

function packetLoss(a: Alert, e: Evidence): Words {
  if (str(e, 'method') === 'tcp-retransmissions')
    return {
      title: `${a.source} has to resend ${num(e, 'ratePct')} % of its data`,
      happened: `${a.source} sent ${count(num(e, 'retransmissions'))} segments again (${num(e, 'ratePct')} % of what it sent)${str(e, 'mainDestination') ? `, mostly to ${str(e, 'mainDestination')}` : ''}: the first copies were lost on the way.`,
      meaning:
        'Lost packets make downloads slow and calls choppy: every loss makes TCP wait and slow down. The cause is on the path: Wi-Fi interference, a bad cable, a full link.',
      action:
        'Try a cable instead of Wi-Fi (or move closer to the access point), check for a damaged cable or port, and see whether the loss only happens when the link is busy (then the link is too small or needs queue management).',
    };
  return {
    title: `${a.target || str(e, 'target')} does not answer ${num(e, 'lossPct')} % of pings`,
    happened: `${count(num(e, 'lost'))} of ${count(num(e, 'sent'))} pings to ${a.target || str(e, 'target')} got no answer in the last minute (${num(e, 'lossPct')} %).`,
    meaning:
      'Packets are being lost between you and that host: calls stutter, pages stall. If only one distant host loses pings, it may simply limit answers to pings.',
    action:
      'Check whether the gateway loses pings too: if it does, the problem is your own link (Wi-Fi, cable, router); if only distant hosts do, it is further away (your provider).',
  };
}

function latency(a: Alert, e: Evidence): Words {
  const target = a.target || str(e, 'target');
  return {
    title: `Round trips to ${target} are slow`,
    happened: `Packets to ${target} take ${num(e, 'recentMedianMs')} ms to come back (median of the latest), and vary by ${num(e, 'jitterMs')} ms from one to the next.`,
    meaning:
      'High or jumpy round trips make calls, games and remote desktops lag even when downloads are fast. They often come from a full queue on a busy link (bufferbloat).',
    action:
      'See whether it happens while something downloads or uploads: if so, turn on SQM / "smart queue" in the router or limit the big transfer. Otherwise try a cable, or ask your provider.',
  };
}

function dnsAnomaly(a: Alert, e: Evidence): Words {
  if (str(e, 'kind') === 'nxdomain')
    return {
      title: `${a.source} asks for names that do not exist`,
      happened: `${a.source} asked for ${count(num(e, 'nxdomain'))} names that do not exist in ${duration(num(e, 'durationSec'))}${list(e, 'sampleNames').length ? `, such as ${listSome(list(e, 'sampleNames'), 3)}` : ''}.`,
      meaning:
        'Malware looks for its server by trying many made-up names; a mistyped or outdated setting does the same more slowly.',
      action: `Check ${a.source} with an up-to-date antivirus, and look for a program or setting that uses an old server name.`,
    };
  return {
    title: `${a.source} sends DNS queries that may hide data`,
    happened: `${a.source} sent ${count(num(e, 'queries'))} DNS queries with long, random-looking names under ${str(e, 'domain')}.`,
    meaning:
      'Data can be smuggled out of a network inside DNS names ("DNS tunnelling"); some security products look names up this way too.',
    action: `Find out which program on ${a.source} sends them. If it is not a security product you know, treat the machine as compromised.`,
  };
}

const WRITERS: Record<string, (a: Alert, e: Evidence) => Words> = {
  'port-scan': portScan,
  'arp-spoof': arpSpoof,
  'host-flood': hostFlood,
  'syn-flood': synFlood,
  'access-attempts': accessAttempts,
  'traffic-spike': trafficSpike,
  'packet-loss': packetLoss,
  latency,
  'dns-anomaly': dnsAnomaly,
};

/** The packets an alert is about, as a view filter's parts. */
function packetsOf(a: Alert, e: Evidence): AlertPackets | null {
  const hosts = [addressIn(a.source), addressIn(a.target)].filter((h) => h !== '');
  const base = { from: a.firstTime, to: a.lastTime };
  switch (a.type) {
    case 'port-scan':
      return { ...base, hosts, port: str(e, 'kind') === 'sweep' ? num(e, 'port') : null, protocol: '' };
    case 'access-attempts':
      return { ...base, hosts, port: num(e, 'port'), protocol: '' };
    case 'syn-flood':
      return { ...base, hosts: hosts.slice(-1), port: typeof e.port === 'number' ? e.port : null, protocol: 'tcp' };
    case 'arp-spoof':
      return { ...base, hosts: [], port: null, protocol: 'arp' };
    case 'host-flood':
      return str(e, 'protocol') === 'dhcp'
        ? { ...base, hosts: [], port: null, protocol: 'dhcp' }
        : { ...base, hosts: hosts.slice(0, 1), port: null, protocol: '' };
    case 'dns-anomaly':
      return { ...base, hosts: hosts.slice(0, 1), port: null, protocol: 'dns' };
    case 'traffic-spike':
      return { ...base, hosts: [], port: null, protocol: '' };
    case 'packet-loss':
      return str(e, 'method') === 'tcp-retransmissions' ? { ...base, hosts, port: null, protocol: 'tcp' } : null;
    default:
      return null;
  }
}

export function explainAlert(a: Alert): AlertExplanation {
  const e = a.evidence;
  const words = WRITERS[a.type]?.(a, e) ?? {
    title: a.summary,
    happened: a.summary,
    meaning: 'NetLens noticed something unusual in this traffic.',
    action: 'Look at the packets it is about (Show these packets) and at the devices involved.',
  };
  return { ...words, facts: alertFacts(e), packets: packetsOf(a, e) };
}

/** A critical alert as a suggestion (it comes first in the list, and goes with the alert). */
export function alertSuggestion(id: string, type: string, x: AlertExplanation): SuggestionDto {
  return {
    id: `alert-${id}`,
    kind: `alert-${type}`,
    title: x.title,
    why: `${x.happened} ${x.meaning}`,
    action: x.action,
    evidence: {},
    alertId: id,
  };
}
