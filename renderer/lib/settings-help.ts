/**
 * One line of help for every setting, by its path in Settings (shown under its field). The
 * thresholds' help comes with their definition (src/api/thresholds), not from here.
 */
export const SETTINGS_HELP: Record<string, string> = {
  captureFilter:
    'Which packets are captured at all (BPF, as tcpdump and Wireshark write it): "tcp port 443", "host 10.0.0.5", "not arp". Empty: everything.',
  'logging.enabled':
    'Write every live capture to the folder below: a pcap Wireshark opens, the alerts, and a flows CSV.',
  'logging.folder': 'Where the logs go (a folder on the machine running NetLens).',
  'logging.rotateMb': 'Start a new pcap file every so many megabytes, so no single file gets huge (0: one file).',
  'probe.enabled':
    'Measure round trips (latency), their variation (jitter) and losses to your router, your DNS servers and the internet during live captures.',
  'notifications.desktop': 'Show a system notification when a new alert is raised (desktop app).',
  'notifications.minSeverity': 'Only alerts of at least this severity notify you.',
  'delivery.webhook.enabled':
    'Post each new alert as JSON to a web address (a chat, a ticket system, your own script).',
  'delivery.webhook.url': 'The address alerts are posted to (https:// recommended).',
  'delivery.webhook.allowPrivateTargets':
    "Only for a webhook on this machine's own network: link-local and cloud metadata addresses are refused unless ticked.",
  'delivery.webhook.minSeverity': 'Only alerts of at least this severity are posted.',
  'delivery.email.enabled': 'Send each new alert by email.',
  'delivery.email.host': 'Your mail provider’s SMTP server, e.g. smtp.example.org.',
  'delivery.email.port': '587 for STARTTLS (most providers), 465 for TLS from the start, 25 only inside a network.',
  'delivery.email.secure': 'Tick for port 465 (TLS from the first byte); leave off for 587 (STARTTLS).',
  'delivery.email.user': 'The login for the SMTP server (often your email address).',
  'delivery.email.password': 'Kept encrypted by the system’s keyring in the desktop app; never shown again.',
  'delivery.email.from': 'The sender address the emails show.',
  'delivery.email.to': 'Who gets the alerts; several addresses separated by commas.',
  'delivery.email.minSeverity': 'Only alerts of at least this severity are emailed.',
};
