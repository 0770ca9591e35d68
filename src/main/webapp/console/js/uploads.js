// Uploads into the knowledge base (administrators): files or whole folders, dropped or chosen.
// Each file gets a row with a progress bar that follows it through both stages: the bytes sent,
// then the ingestion (chunked, embedded, stored), live from the server-sent events of
// /knowledge/ingestion and checked against /articles/batch (which also catches events sent by
// another node). A file Parley refuses, or whose ingestion fails, shows the reason with a retry
// and a way to choose a fixed file. Three files travel at a time and rows are repainted only when
// they change, at most once a frame, so hundreds of files never freeze the page. The uploads live
// in this module: they go on (and are shown again) when the admin looks at another section.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone } from './dom.js';
import { get, post, upload, url, Problem, Offline } from './api.js';

/** What Parley reads (Documents.Kind): Markdown, HTML, text, PDF, Word. */
const READABLE = /\.(md|markdown|html?|txt|pdf|docx)$/i;
const PARALLEL = 3;
const POLL_MS = 2000;

const items = [];
const byArticle = new Map();
let sequence = 0;
let shown = null; // the section's elements while it is on screen
const dirty = new Set();
let frame = 0;
let events = null;
let poller = 0;

/** #/knowledge/upload */
export function uploadsSection(pane, problemText, announce) {
  pane.replaceChildren(clone('knowledge-upload'));
  shown = {
    pane,
    list: pane.querySelector('#upload-list'),
    summary: pane.querySelector('#upload-summary'),
    retryAll: pane.querySelector('#upload-retry-failed'),
    clear: pane.querySelector('#upload-clear'),
    problems: pane.querySelector('#upload-problems-label'),
    problemText,
    announce,
    rows: new Map(),
  };
  const zone = pane.querySelector('#upload-zone');
  const files = pane.querySelector('#upload-files');
  const folder = pane.querySelector('#upload-folder');
  files.addEventListener('change', () => {
    add([...files.files].map((file) => ({ file, path: file.name })));
    files.value = '';
  });
  folder.addEventListener('change', () => {
    add([...folder.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })));
    folder.value = '';
  });
  pane.querySelector('#upload-choose-files').addEventListener('click', () => files.click());
  pane.querySelector('#upload-choose-folder').addEventListener('click', () => folder.click());
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('over');
    });
  }
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove('over');
  });
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    add(await dropped(event.dataTransfer));
  });
  const problemsOnly = pane.querySelector('#upload-problems');
  problemsOnly.addEventListener('change', () => shown.list.classList.toggle('problems-only', problemsOnly.checked));
  shown.retryAll.addEventListener('click', () => items.filter((item) => item.stage === 'failed').forEach(retry));
  shown.clear.addEventListener('click', () => {
    for (let i = items.length - 1; i >= 0; i--) {
      if (['ready', 'skipped'].includes(items[i].stage)) {
        byArticle.delete(items[i].article);
        items.splice(i, 1);
      }
    }
    drawAll();
  });
  drawAll();
}

/** The files of a drop, folders read through (their entries come in pages). */
async function dropped(transfer) {
  const entries = [...transfer.items]
    .filter((i) => i.kind === 'file')
    .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.some((e) => !e)) return [...transfer.files].map((file) => ({ file, path: file.name }));
  const found = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      found.push({ file, path: entry.fullPath.replace(/^\//, '') });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const page = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!page.length) break;
        for (const child of page) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return found;
}

function options() {
  const value = (id, fallback) => (shown && shown.pane.querySelector(id).value.trim()) || fallback;
  return { collection: value('#upload-collection', 'general'), status: value('#upload-status', 'draft'), language: value('#upload-language', 'en') };
}

function add(chosen) {
  const settings = options();
  for (const { file, path } of chosen) {
    const name = path.split('/').pop();
    if (name.startsWith('.')) continue; // .DS_Store and the like: not content
    const item = { key: ++sequence, file, path, settings, stage: 'waiting', sent: 0, done: 0, total: 0, article: null, reason: '' };
    if (!READABLE.test(name)) {
      item.stage = 'skipped';
      item.reason = t('knowledge.upload.unreadable');
    }
    items.push(item);
  }
  drawAll();
  pump();
}

function pump() {
  let running = items.filter((item) => item.stage === 'uploading').length;
  for (const item of items) {
    if (running >= PARALLEL) break;
    if (item.stage === 'waiting') {
      running++;
      send(item);
    }
  }
  follow();
}

async function send(item) {
  item.stage = 'uploading';
  item.sent = 0;
  item.reason = '';
  paint(item);
  const query = new URLSearchParams({ name: item.path.split('/').pop(), ...item.settings });
  try {
    const article = await upload(`/articles/files?${query}`, item.file, (sent, total) => {
      item.sent = total ? sent / total : 0;
      paint(item);
    });
    item.article = article.id;
    item.title = article.title;
    byArticle.set(article.id, item);
    ingestion(item, article.ingestion);
  } catch (e) {
    item.stage = 'failed';
    item.failedAt = 'upload';
    item.reason = reasonOf(e);
  }
  paint(item);
  pump();
}

/** Why a file was refused, in words: the problem's title and its fields. */
function reasonOf(e) {
  if (e instanceof Offline) return t('knowledge.upload.unsent');
  if (e instanceof Problem && e.status === 413) return e.body.detail || e.message;
  const text = shown ? shown.problemText(e) : e.message;
  // with fields, problemText gives only them: the detail says what went wrong as a whole
  const whole = e instanceof Problem && (e.body.errors || []).length ? e.body.detail || e.body.title : '';
  return whole ? `${whole}: ${text}` : text;
}

/** An article's ingestion state, from the answer, an event or the batch. */
function ingestion(item, state) {
  if (!state) return;
  if (state.state === 'ready') {
    item.stage = 'ready';
  } else if (state.state === 'failed') {
    item.stage = 'failed';
    item.failedAt = 'ingestion';
    item.reason = state.error || item.reason || t('knowledge.upload.indexFailed');
  } else {
    item.stage = 'indexing';
    item.done = state.done || 0;
    item.total = state.total || 0;
  }
  paint(item);
}

/** Server-sent events while anything is being indexed, and the batch as the truth every 2 s. */
function follow() {
  const busy = items.some((item) => ['waiting', 'uploading', 'indexing'].includes(item.stage));
  if (!busy) {
    if (events) events.close();
    events = null;
    clearTimeout(poller);
    poller = 0;
    return;
  }
  if (!events) {
    events = new EventSource(url('/knowledge/ingestion'), { withCredentials: true });
    events.addEventListener('progress', (event) => {
      const progress = JSON.parse(event.data);
      const item = byArticle.get(progress.article);
      if (!item || item.stage !== 'indexing') return;
      if (progress.state === 'failed') {
        check(); // the reason is on the article
      } else {
        ingestion(item, progress);
        if (progress.state === 'ready') follow();
      }
    });
  }
  if (!poller) poller = setTimeout(check, POLL_MS);
}

async function check() {
  clearTimeout(poller);
  poller = 0;
  const indexing = items.filter((item) => item.stage === 'indexing');
  for (let i = 0; i < indexing.length; i += 500) {
    const ids = indexing.slice(i, i + 500).map((item) => item.article);
    try {
      const batch = await get(`/articles/batch?ids=${ids.join(',')}`);
      for (const a of batch.articles) {
        const item = byArticle.get(a.id);
        if (item && item.stage === 'indexing') ingestion(item, a.ingestion);
      }
      for (const id of batch.missing) {
        const item = byArticle.get(id);
        if (item) ingestion(item, { state: 'failed', error: t('knowledge.upload.deleted') });
      }
    } catch {
      // offline for a moment: the next round asks again
    }
  }
  follow();
}

async function retry(item) {
  if (item.failedAt === 'ingestion' && item.article) {
    item.stage = 'indexing';
    item.done = 0;
    item.reason = '';
    paint(item);
    try {
      ingestion(item, (await post(`/articles/${item.article}/ingestion`)).ingestion);
    } catch (e) {
      item.stage = 'failed';
      item.reason = reasonOf(e);
      paint(item);
    }
    follow();
    return;
  }
  item.stage = 'waiting';
  paint(item);
  pump();
}

/** The summary: how many are ready, failed, skipped and still going. */
function counts() {
  const c = { ready: 0, failed: 0, skipped: 0, going: 0 };
  for (const item of items) {
    if (item.stage in c) c[item.stage]++;
    else c.going++;
  }
  return c;
}

function paint(item) {
  dirty.add(item);
  if (!frame) frame = requestAnimationFrame(flush);
}

let wasGoing = false;

function flush() {
  frame = 0;
  if (!shown || !shown.pane.isConnected) {
    shown = null;
    dirty.clear();
    return;
  }
  for (const item of dirty) {
    const row = shown.rows.get(item.key);
    if (row) fill(row, item);
  }
  dirty.clear();
  const c = counts();
  const all = items.length - c.skipped;
  shown.summary.textContent = items.length
    ? t('knowledge.upload.summary', { ready: i18n.number(c.ready), all: i18n.number(all), failed: i18n.number(c.failed), skipped: i18n.number(c.skipped) })
    : '';
  shown.retryAll.hidden = c.failed < 2;
  shown.clear.hidden = c.ready + c.skipped === 0;
  shown.problems.hidden = c.failed + c.skipped === 0;
  if (wasGoing && !c.going) shown.announce(t('knowledge.upload.finished', { ready: c.ready, failed: c.failed }));
  wasGoing = c.going > 0;
}

function drawAll() {
  if (!shown) return;
  const fragment = document.createDocumentFragment();
  shown.rows.clear();
  for (const item of items) {
    const row = makeRow(item);
    shown.rows.set(item.key, row);
    fill(row, item);
    fragment.append(row.li);
  }
  shown.list.replaceChildren(fragment);
  items.forEach((item) => dirty.add(item));
  flush();
}

function makeRow(item) {
  const li = document.createElement('li');
  li.className = 'upload';
  const name = document.createElement('span');
  name.className = 'upload-name';
  const size = document.createElement('span');
  size.className = 'upload-size muted';
  const bar = document.createElement('progress');
  bar.max = 1;
  const state = document.createElement('span');
  state.className = 'upload-state';
  const actions = document.createElement('span');
  actions.className = 'upload-actions';
  const again = document.createElement('button');
  again.type = 'button';
  again.className = 'secondary';
  again.textContent = t('knowledge.upload.retry');
  again.addEventListener('click', () => retry(item));
  const replace = document.createElement('input');
  replace.type = 'file';
  replace.hidden = true;
  replace.className = 'upload-replace';
  replace.addEventListener('change', () => {
    const [file] = replace.files;
    if (!file) return;
    item.file = file;
    item.path = item.path.replace(/[^/]*$/, file.name);
    item.failedAt = 'upload'; // a new file is uploaded again, as a new article
    replace.value = '';
    retry(item);
  });
  const choose = document.createElement('button');
  choose.type = 'button';
  choose.className = 'secondary';
  choose.textContent = t('knowledge.upload.replace');
  choose.addEventListener('click', () => replace.click());
  const open = document.createElement('a');
  open.textContent = t('knowledge.upload.open');
  actions.append(again, choose, replace, open);
  const detail = document.createElement('div');
  detail.className = 'upload-detail';
  detail.append(state, actions);
  li.append(name, size, bar, detail);
  return { li, name, size, bar, state, again, choose, replace, open };
}

function fill(row, item) {
  row.li.dataset.stage = item.stage;
  row.name.textContent = item.path;
  row.size.textContent = bytes(item.file.size);
  const label = t('knowledge.upload.progressOf', { name: item.path });
  row.bar.setAttribute('aria-label', label);
  row.bar.hidden = item.stage === 'skipped';
  if (item.stage === 'uploading') row.bar.value = item.sent;
  else if (item.stage === 'indexing') {
    if (item.total) row.bar.value = item.done / item.total;
    else row.bar.removeAttribute('value'); // indeterminate: chunking
  } else row.bar.value = item.stage === 'ready' ? 1 : 0;
  row.state.textContent = stateText(item);
  row.again.hidden = item.stage !== 'failed';
  row.choose.hidden = !(item.stage === 'failed' && item.failedAt === 'upload');
  row.again.setAttribute('aria-label', t('knowledge.upload.retryNamed', { name: item.path }));
  row.choose.setAttribute('aria-label', t('knowledge.upload.replaceNamed', { name: item.path }));
  row.replace.setAttribute('aria-label', t('knowledge.upload.replaceNamed', { name: item.path }));
  row.open.hidden = item.stage !== 'ready' || !item.article;
  if (item.article) {
    row.open.href = `#/knowledge/${item.article}`;
    row.open.setAttribute('aria-label', t('knowledge.upload.openNamed', { title: item.title || item.path }));
  }
}

function stateText(item) {
  switch (item.stage) {
    case 'waiting': return t('knowledge.upload.waiting');
    case 'uploading': return t('knowledge.upload.uploading', { percent: Math.round(item.sent * 100) });
    case 'indexing': return item.total ? t('knowledge.upload.indexing', { done: item.done, total: item.total }) : t('knowledge.upload.reading');
    case 'ready': return t('knowledge.upload.ready');
    case 'skipped': return item.reason;
    default: return t('knowledge.upload.failed', { reason: item.reason });
  }
}

function bytes(n) {
  const [value, unit] = n >= 1e6 ? [n / 1e6, 'megabyte'] : n >= 1e3 ? [n / 1e3, 'kilobyte'] : [n, 'byte'];
  const unitDisplay = unit === 'byte' ? 'long' : 'short'; // "8 bytes", "1.2 kB"
  return new Intl.NumberFormat(i18n.current(), { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}

/** Whether leaving the page would lose files not sent yet. */
export function uploading() {
  return items.some((item) => item.stage === 'waiting' || item.stage === 'uploading');
}

window.addEventListener('beforeunload', (event) => {
  if (uploading()) event.preventDefault();
});
