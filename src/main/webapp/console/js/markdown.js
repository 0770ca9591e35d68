// A Markdown preview built as DOM nodes (never HTML strings): headings, paragraphs, lists, quotes,
// fenced code, rules, and inline strong, emphasis, code and links (http, https and mailto only).
// It previews what an editor types; the server's own rendering (sanitized) is what visitors see.

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Renders Markdown into a fragment. */
export function render(markdown) {
  const fragment = document.createDocumentFragment();
  const lines = String(markdown || '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) { i++; continue; }
    const fence = /^(```|~~~)/.exec(line);
    if (fence) {
      const code = [];
      i++;
      while (i < lines.length && !lines[i].startsWith(fence[1])) code.push(lines[i++]);
      i++;
      const pre = document.createElement('pre');
      const c = document.createElement('code');
      c.textContent = code.join('\n');
      pre.append(c);
      fragment.append(pre);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const h = document.createElement(`h${Math.min(6, heading[1].length + 1)}`);
      inline(h, heading[2].replace(/\s+#+\s*$/, ''));
      fragment.append(h);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      fragment.append(document.createElement('hr'));
      i++;
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ''));
      const quote = document.createElement('blockquote');
      quote.append(render(quoted.join('\n')));
      fragment.append(quote);
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const list = document.createElement(ordered ? 'ol' : 'ul');
      while (i < lines.length && item.test(lines[i])) {
        const li = document.createElement('li');
        let text = lines[i++].replace(item, '');
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !item.test(lines[i])) text += ` ${lines[i++].trim()}`;
        inline(li, text);
        list.append(li);
      }
      fragment.append(list);
      continue;
    }
    const paragraph = [];
    while (i < lines.length && !/^\s*$/.test(lines[i]) && !/^(#{1,6}\s|```|~~~|\s*>)/.test(lines[i]) && !item.test(lines[i])) {
      paragraph.push(lines[i++].trim());
    }
    const p = document.createElement('p');
    inline(p, paragraph.join(' '));
    fragment.append(p);
  }
  return fragment;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*|__[^_]+__)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\((?:[^()\s]|\([^()\s]*\))+\))/;

/** Appends text with inline marks to an element, as nodes. */
function inline(parent, text) {
  let rest = text;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) { parent.append(rest); return; }
    if (m.index > 0) parent.append(rest.slice(0, m.index));
    const token = m[0];
    if (m[1]) {
      const code = document.createElement('code');
      code.textContent = token.slice(1, -1);
      parent.append(code);
    } else if (m[2]) {
      const strong = document.createElement('strong');
      inline(strong, token.slice(2, -2));
      parent.append(strong);
    } else if (m[3]) {
      const em = document.createElement('em');
      inline(em, token.slice(1, -1));
      parent.append(em);
    } else {
      const [, label, href] = /^\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)$/.exec(token);
      if (SAFE_LINK.test(href)) {
        const a = document.createElement('a');
        a.href = href;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        inline(a, label);
        parent.append(a);
      } else {
        parent.append(label);
      }
    }
    rest = rest.slice(m.index + token.length);
  }
}

/**
 * The lines of two texts as a diff: [kind, line] with kind ' ' (both), '-' (only in a), '+' (only in
 * b), from their longest common subsequence (texts of a few thousand lines).
 */
export function lineDiff(a, b) {
  const x = String(a || '').split('\n');
  const y = String(b || '').split('\n');
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { out.push([' ', x[i]]); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(['-', x[i++]]);
    else out.push(['+', y[j++]]);
  }
  while (i < n) out.push(['-', x[i++]]);
  while (j < m) out.push(['+', y[j++]]);
  return out;
}
