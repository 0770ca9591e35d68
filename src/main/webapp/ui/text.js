// Text from visitors, agents, articles and the bot, put on the page as text nodes; only http and
// https addresses become links (opening in a new tab, with no referrer and no opener).

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;

export function linkified(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of String(text).matchAll(URL_PATTERN)) {
    let href = match[0].replace(/[.,;:!?)\]}]+$/, '');
    const start = match.index;
    if (start > last) fragment.append(document.createTextNode(text.slice(last, start)));
    let parsed = null;
    try { parsed = new URL(href); } catch { parsed = null; }
    if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      const a = document.createElement('a');
      a.href = parsed.href;
      a.textContent = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow';
      fragment.append(a);
    } else {
      fragment.append(document.createTextNode(href));
    }
    last = start + href.length;
  }
  if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

/** A client id for a message: a random UUID (also where crypto.randomUUID is unavailable). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
