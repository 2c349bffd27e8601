/** Where text is cut in the middle: the end that matters stays (a port, a host name's last part). */

/** [head, tail]: the tail is the port (":8000", "]:443") when there is one, else the last `keep` characters. */
export function splitEnd(text: string, keep = 10): [string, string] {
  const port = /(\]?:\d{1,5})$/.exec(text);
  const v6bare = text.includes(':') && !text.includes('[') && !text.includes('.');
  const cut = port && !v6bare ? text.length - port[1].length : Math.max(0, text.length - keep);
  return [text.slice(0, cut), text.slice(cut)];
}
