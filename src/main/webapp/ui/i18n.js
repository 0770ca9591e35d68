// Each app's strings live in its i18n/<locale>.json (see from()); elements name theirs with data-i18n (text),
// data-i18n-label (aria-label) or data-i18n-placeholder. Messages use {name} arguments and ICU-style
// plurals ("{count, plural, one {# item} other {# items}}"); numbers, dates and times are
// formatted for the chosen locale and the browser's time zone.

export const LOCALES = ['en', 'zh-CN'];
const STORED = 'parley.locale';

let locale = 'en';
let strings = {};
let folder = new URL('../console/i18n/', import.meta.url);

/** Where this app's strings are: a folder holding en.json, zh-CN.json. */
export function from(url) {
  folder = new URL(url);
}

/** The locale to use: the one chosen before, else the first the browser prefers that we have. */
export function preferred(stored = safeGet(STORED), languages = navigator.languages || [navigator.language]) {
  if (LOCALES.includes(stored)) return stored;
  for (const language of languages) {
    const l = String(language).toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export function current() {
  return locale;
}

/** Loads a locale's strings and applies them to the document. */
export async function use(next, remember = false) {
  const chosen = LOCALES.includes(next) ? next : 'en';
  const response = await fetch(new URL(`${chosen}.json`, folder));
  if (!response.ok) throw new Error(`strings for ${chosen}: ${response.status}`);
  strings = await response.json();
  locale = chosen;
  if (remember) safeSet(STORED, chosen);
  document.documentElement.lang = chosen;
  apply(document);
}

/** The message for a key with its arguments; the key itself if it is missing (visible in tests). */
export function t(key, args = {}) {
  const message = strings[key];
  return message === undefined ? key : format(message, args);
}

export function apply(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
}

export function number(n) {
  return new Intl.NumberFormat(locale).format(n);
}

/** A date and time in the user's locale and time zone; today's show the time only. */
export function when(iso, now = new Date()) {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function format(message, args) {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    if (open < 0) { out += message.slice(i); break; }
    out += message.slice(i, open);
    const close = matching(message, open);
    out += argument(message.slice(open + 1, close), args);
    i = close + 1;
  }
  return out;
}

function matching(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length - 1;
}

function argument(body, args) {
  const parts = body.split(',');
  const name = parts[0].trim();
  const value = args[name];
  if (parts.length >= 3 && parts[1].trim() === 'plural') {
    const options = {};
    const rest = body.slice(body.indexOf(',', body.indexOf(',') + 1) + 1);
    const pattern = /\s*(=\d+|[a-z]+)\s*\{/g;
    let m;
    while ((m = pattern.exec(rest)) !== null) {
      const start = m.index + m[0].length - 1;
      const end = matching(rest, start);
      options[m[1]] = rest.slice(start + 1, end);
      pattern.lastIndex = end + 1;
    }
    const chosen = options[`=${value}`] ?? options[new Intl.PluralRules(locale).select(Number(value))] ?? options.other ?? '';
    return format(chosen.replaceAll('#', number(Number(value))), args);
  }
  if (value === undefined || value === null) return '';
  return typeof value === 'number' ? number(value) : String(value);
}

function safeGet(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

function safeSet(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: the choice lasts this page */ }
}
