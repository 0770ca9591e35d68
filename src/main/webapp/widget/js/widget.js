// The widget's panel, in its own frame on Parley's origin (see ../parley.js for the host side).
// A widget session (POST /api/v1/widget/sessions) gives the visitor token, kept in this frame's
// storage (partitioned by the host site: a cookie would be a third-party cookie, which browsers
// block); the chat protocol (docs/chat-protocol.md) does the rest. Text from anyone is set as
// text; only http(s) addresses become links.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { ChatConnection } from '../../ui/chat.js';
import { linkified, uuid } from '../../ui/text.js';
import { chime } from '../../ui/sound.js';

const key = new URLSearchParams(location.search).get('key') || '';
const API = new URL('../../api/v1/widget/', import.meta.url);
const STORED = `parley.visitor.${key}`;
const framed = window.parent !== window;
const $ = (id) => document.getElementById(id);

let session = null; // the widget session: visitorToken, inbox, conversations
let identity = null; // what the host page said about the visitor (Parley('identify'))
let hostOrigin = null;
const toHost = [];
let open = !framed;
let sound = false;
let unread = 0;
let current = null; // the conversation shown
let view = 'home';
const conversations = new Map(); // id -> the conversation as the visitor sees it
const messages = new Map(); // id -> Map(seq -> message)
const synced = new Set(); // conversations whose history has arrived (later messages are new)
const rated = new Set();
const older = new Map(); // conversation id -> whether earlier messages can be read
const offlineSent = new Set();
let agentTyping = null;
let typingSent = 0;
let typingStop = null;

// ---- the host page ----------------------------------------------------------------------------

function tellHost(message) {
  if (!framed) return;
  if (hostOrigin) window.parent.postMessage(message, hostOrigin);
  else toHost.push(message);
}

window.addEventListener('message', (event) => {
  if (!framed || event.source !== window.parent) return; // frame-ancestors vouches for the parent
  const m = event.data || {};
  if (m.parley === 'hello') {
    hostOrigin = event.origin;
    if (m.locale && !storedLocale()) setLocale(m.locale, false);
    window.parent.postMessage({ parley: 'ready' }, hostOrigin);
    while (toHost.length) window.parent.postMessage(toHost.shift(), hostOrigin);
  } else if (m.parley === 'open') {
    open = Boolean(m.open);
    if (open) {
      unread = 0;
      tellHost({ parley: 'unread', count: 0 });
      markRead();
      focusView();
    }
  } else if (m.parley === 'locale') {
    setLocale(m.locale, true);
  } else if (m.parley === 'sound') {
    sound = Boolean(m.on);
  } else if (m.parley === 'identify') {
    identify(m);
  } else if (m.parley === 'reset') {
    forget();
  }
});

function storedLocale() {
  try { return localStorage.getItem('parley.locale'); } catch { return null; }
}

async function setLocale(locale, remember) {
  await i18n.use(locale, remember);
  render();
  tellHost({ parley: 'locale', locale: i18n.current() });
}

// ---- the session and the connection -----------------------------------------------------------

function storedToken() {
  try { return localStorage.getItem(STORED); } catch { return null; }
}

function storeToken(token) {
  try { localStorage.setItem(STORED, token); } catch { /* the token lasts this page */ }
}

async function openSession() {
  const body = { widgetKey: key };
  const earlier = storedToken();
  if (earlier) body.visitorToken = earlier;
  if (identity) body.identity = identity;
  const response = await fetch(new URL('sessions', API), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.detail || `HTTP ${response.status}`);
    error.status = response.status;
    error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
    throw error;
  }
  session = data;
  storeToken(session.visitorToken);
  for (const c of session.conversations || []) known(c);
}

async function sessionWithRetry() {
  for (let attempt = 0; ; attempt++) {
    try {
      await openSession();
      return;
    } catch (e) {
      if (e.status && e.status !== 429 && e.status < 500) {
        showConnection(t('widget.unavailable'));
        throw e;
      }
      showConnection(t('widget.reconnecting'));
      const wait = e.retryAfter ? e.retryAfter * 1000 : Math.min(15000, 1000 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  }
}

const connection = new ChatConnection({
  path: 'ws/v1/visitor',
  protocols: () => ['parley.v1', `token.${session.visitorToken}`],
});

connection.addEventListener('state', (event) => {
  if (event.detail === 'online') showConnection(null);
  else if (event.detail === 'reconnecting') {
    showConnection(t('widget.reconnecting'));
    if (connection.attempt === 3) openSession().catch(() => {}); // a fresh token, in case
  } else if (event.detail === 'ended') showConnection(t('widget.unavailable'));
});

connection.addEventListener('welcome', (event) => {
  session.inbox = event.detail.inbox || session.inbox;
  for (const c of event.detail.conversations || []) known(c);
  render();
});

connection.addEventListener('message', (event) => received(event.detail));
connection.addEventListener('gap', (event) => {
  // history beyond what a resume replays: read on request, a page at a time
  const f = event.detail;
  older.set(f.conversation, true);
  if (f.conversation === current) render();
});
connection.addEventListener('synced', (event) => {
  synced.add(event.detail.conversation);
  if (event.detail.conversation === current) render();
});
connection.addEventListener('conversation', (event) => {
  known(event.detail.conversation);
  render();
});
connection.addEventListener('typing', (event) => {
  const f = event.detail;
  if (f.conversation !== current || !f.by || f.by.visitor) return;
  clearTimeout(agentTyping);
  $('typing').textContent = f.on === false ? '' : t('widget.typing', { name: f.by.name || t('widget.agent') });
  if (f.on !== false) agentTyping = setTimeout(() => { $('typing').textContent = ''; }, 6000);
});
connection.addEventListener('read', (event) => {
  const f = event.detail;
  const c = conversations.get(f.conversation);
  if (c && f.by === 'agent') {
    c.agentReadSeq = Math.max(c.agentReadSeq || 0, f.seq);
    if (f.conversation === current) renderMessages();
  }
});

function known(c) {
  const before = conversations.get(c.id);
  conversations.set(c.id, { ...before, ...c });
  if (!messages.has(c.id)) {
    messages.set(c.id, new Map());
    connection.follow(c.id, 0); // its history comes with the resume after welcome
    if (connection.state === 'online') connection.raw({ type: 'resume', conversations: { [c.id]: 0 } });
  }
}

function received(m) {
  const list = messages.get(m.conversation) || new Map();
  messages.set(m.conversation, list);
  if (list.has(m.seq)) return;
  list.set(m.seq, m);
  const c = conversations.get(m.conversation);
  if (c) c.lastSeq = Math.max(c.lastSeq || 0, m.seq);
  const isNew = synced.has(m.conversation) || !c;
  if (isNew && m.kind !== 'visitor') {
    tellHost({ parley: 'message', conversation: m.conversation, kind: m.kind, text: m.text, at: m.at });
    const seen = open && current === m.conversation && view === 'conversation' && !document.hidden;
    if (!seen) {
      unread++;
      tellHost({ parley: 'unread', count: unread });
      if (sound) chime(880);
    }
  }
  if (m.conversation === current) {
    if (m.kind !== 'visitor') $('typing').textContent = '';
    renderMessages();
    markRead();
  } else if (view === 'home') {
    render(); // the list of conversations shows what was last said in each
  }
}

function showConnection(text) {
  $('connection').hidden = !text;
  $('connection').textContent = text || '';
}

// ---- views ------------------------------------------------------------------------------------

function show(next) {
  view = next;
  for (const name of ['home', 'prechat', 'conversation', 'article']) $(name).hidden = name !== next;
  $('back').hidden = next === 'home';
  render();
  focusView();
}

function focusView() {
  if (!open) return;
  const target = view === 'conversation' ? $('text') : view === 'prechat' ? $('prechat').querySelector('input, textarea') : view === 'home' ? $('start') : $('back');
  if (target && !target.closest('[hidden]')) target.focus();
}

// the host page focuses this frame when the panel opens: the focus then goes to the view, not to
// the frame's body (a focus asked for before the frame had it may not have been kept)
window.addEventListener('focus', () => {
  if (open && (!document.activeElement || document.activeElement === document.body)) focusView();
});

function render() {
  if (!session) return;
  const inbox = session.inbox || {};
  $('inbox-name').textContent = inbox.name || 'Parley';
  $('status').textContent = inbox.open ? t('widget.online') : t('widget.away');
  const c = current && conversations.get(current);
  $('human').hidden = !(view === 'conversation' && c && c.state === 'bot');
  if (view === 'home') renderHome(inbox);
  if (view === 'conversation') renderConversation(c);
}

function renderHome(inbox) {
  $('greeting').textContent = inbox.greeting || t('widget.greeting');
  const all = [...conversations.values()].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  const ongoing = all.filter((c) => c.state !== 'closed');
  const earlier = all.filter((c) => c.state === 'closed');
  fill('ongoing', ongoing);
  fill('earlier', earlier);
}

function fill(name, list) {
  $(name).hidden = list.length === 0;
  const ul = $(`${name}-list`);
  ul.replaceChildren();
  for (const c of list) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    const last = lastSaid(c.id);
    const title = document.createElement('span');
    title.className = 'preview';
    title.textContent = last ? last.text : t('widget.conversation');
    const when = document.createElement('span');
    when.className = 'meta';
    when.textContent = i18n.when(c.updatedAt);
    button.append(title, when);
    button.addEventListener('click', () => openConversation(c.id));
    li.append(button);
    ul.append(li);
  }
}

function lastMessage(id) {
  const list = messages.get(id);
  if (!list || !list.size) return null;
  return list.get(Math.max(...list.keys()));
}

/** The last thing said in a conversation (Parley's own lines, like "closed", are not). */
function lastSaid(id) {
  const said = [...(messages.get(id) || new Map()).values()].filter((m) => m.kind !== 'system');
  return said.length ? said.reduce((a, b) => (b.seq > a.seq ? b : a)) : null;
}

function openConversation(id) {
  current = id;
  show('conversation');
  markRead();
  unread = 0;
  tellHost({ parley: 'unread', count: 0 });
}

function renderConversation(c) {
  if (!c) return;
  $('conversation').dataset.conversation = c.id;
  $('older').hidden = !older.get(c.id);
  renderMessages();
  const closed = c.state === 'closed';
  $('composer').hidden = closed;
  if (closed) $('end-confirm').hidden = true;
  $('ended').hidden = !closed;
  $('rating').hidden = !closed || c.csat !== undefined;
  $('rating-form').hidden = rated.has(c.id);
  $('rating-done').hidden = !rated.has(c.id);
  const nobody = !closed && c.waitingOffline && c.state === 'handoff_pending';
  $('offline').hidden = !nobody;
  $('offline-form').hidden = offlineSent.has(c.id);
  $('offline-done').hidden = !offlineSent.has(c.id);
  // closed while the visitor was writing: the composer is gone, the focus goes to what comes next
  const focus = document.activeElement;
  if (closed && open && (!focus || focus === document.body || $('composer').contains(focus))) {
    const star = $('rating').hidden || $('rating-form').hidden ? null : $('stars').querySelector('input');
    (star || $('again')).focus();
  }
  const inbox = session.inbox || {};
  $('limits').textContent = inbox.maxAttachmentBytes
    ? t('widget.limits', { size: bytes(inbox.maxAttachmentBytes), types: (inbox.attachmentTypes || []).map(typeName).join(', ') })
    : '';
}

function renderMessages() {
  const c = conversations.get(current);
  const list = messages.get(current) || new Map();
  const ol = $('messages');
  const seqs = [...list.keys()].sort((a, b) => a - b);
  const shown = new Map([...ol.children].map((li) => [li.dataset.key, li]));
  const lastVisitor = [...seqs].reverse().find((s) => list.get(s).kind === 'visitor');
  const lastSeq = seqs[seqs.length - 1];
  let previous = null;
  const wanted = [];
  for (const seq of seqs) {
    const m = list.get(seq);
    const day = new Date(m.at).toDateString();
    if (day !== previous) wanted.push(shown.get(`day-${day}`) || daySeparator(day, m.at));
    previous = day;
    const li = shown.get(`m-${seq}`) || messageItem(m);
    const seen = seq === lastVisitor && c && (c.agentReadSeq || 0) >= seq;
    li.querySelector('.seen')?.remove();
    if (seen) {
      const mark = document.createElement('span');
      mark.className = 'seen';
      mark.textContent = t('widget.seen');
      li.append(mark);
    }
    li.querySelector('.actions')?.remove();
    if (seq === lastSeq && m.kind === 'bot' && c && c.state === 'bot' && m.sources) li.append(helpedButtons());
    wanted.push(li);
  }
  for (const p of pendingSends()) wanted.push(p);
  const atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  ol.replaceChildren(...wanted);
  if (atBottom || wanted.length < 4) ol.scrollTop = ol.scrollHeight;
}

function daySeparator(day, at) {
  const li = document.createElement('li');
  li.className = 'day';
  li.dataset.key = `day-${day}`;
  li.textContent = new Intl.DateTimeFormat(i18n.current(), { dateStyle: 'medium' }).format(new Date(at));
  return li;
}

function messageItem(m) {
  const li = $('message').content.firstElementChild.cloneNode(true);
  li.dataset.key = `m-${m.seq}`;
  li.classList.add(`kind-${m.kind}`);
  if (m.kind === 'visitor') li.classList.add('mine');
  li.querySelector('.author').textContent = m.kind === 'visitor' ? t('widget.you') : m.kind === 'bot' ? t('widget.bot') : m.kind === 'system' ? '' : (m.author && m.author.name) || t('widget.agent');
  const bubble = li.querySelector('.bubble');
  if (m.attachment) {
    if (String(m.attachmentType || '').startsWith('image/')) bubble.append(imagePreview(m.attachment, m.text));
    bubble.append(attachmentButton(m.attachment, m.text));
  }
  else bubble.append(linkified(m.text));
  if (m.sources && m.sources.length) {
    const sources = document.createElement('div');
    sources.className = 'sources';
    const label = document.createElement('span');
    label.textContent = t('widget.sources');
    sources.append(label);
    for (const s of m.sources) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'source';
      b.textContent = s.title;
      b.addEventListener('click', () => showArticle(s.article));
      sources.append(b);
    }
    bubble.append(sources);
  }
  li.querySelector('.meta').textContent = new Intl.DateTimeFormat(i18n.current(), { timeStyle: 'short' }).format(new Date(m.at));
  return li;
}

function helpedButtons() {
  const div = document.createElement('div');
  div.className = 'actions';
  const yes = document.createElement('button');
  yes.type = 'button';
  yes.textContent = t('widget.helped');
  yes.addEventListener('click', () => act({ type: 'feedback', helped: true }));
  const person = document.createElement('button');
  person.type = 'button';
  person.textContent = t('widget.talkToPerson');
  person.addEventListener('click', () => act({ type: 'handoff' }));
  div.append(yes, person);
  return div;
}

async function act(frame) {
  try {
    const ack = await connection.request({ ...frame, conversation: current });
    if (ack.conversation) known(ack.conversation);
    render();
  } catch (e) {
    sendError(e);
  }
}

$('older').addEventListener('click', async () => {
  const id = current;
  const list = messages.get(id) || new Map();
  const first = list.size ? Math.min(...list.keys()) : (conversations.get(id)?.lastSeq || 0) + 1;
  const url = new URL(`conversations/${id}/messages`, API);
  url.searchParams.set('before', String(first));
  url.searchParams.set('limit', '100');
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${session.visitorToken}`, Accept: 'application/json' } });
    if (!response.ok) throw new Error(String(response.status));
    const page = await response.json();
    for (const m of page.messages) if (!list.has(m.seq)) list.set(m.seq, m);
    messages.set(id, list);
    const firstNow = list.size ? Math.min(...list.keys()) : 1;
    older.set(id, !page.gap && page.messages.length > 0 && firstNow > 1);
    const ol = $('messages');
    const height = ol.scrollHeight;
    render();
    ol.scrollTop += ol.scrollHeight - height; // keep the visitor's place
  } catch (e) {
    sendError({ detail: t('widget.loadFailed') });
  }
});

// ---- sending ----------------------------------------------------------------------------------

const sends = new Map(); // client id -> {conversation, text, state}

function pendingSends() {
  const items = [];
  for (const [id, s] of sends) {
    if (s.conversation !== current) continue;
    const li = $('message').content.firstElementChild.cloneNode(true);
    li.classList.add('kind-visitor', 'mine', 'pending');
    li.dataset.key = `p-${id}`;
    li.querySelector('.author').textContent = t('widget.you');
    li.querySelector('.bubble').append(linkified(s.text));
    li.querySelector('.meta').textContent = s.failed ? t('widget.failed') : t('widget.sending');
    items.push(li);
  }
  return items;
}

async function send(text) {
  const id = uuid();
  const conversation = current;
  sends.set(id, { conversation, text });
  renderMessages();
  try {
    const ack = await connection.request({ type: 'send', id, conversation, text });
    sends.delete(id);
    received({ type: 'message', conversation, seq: ack.seq, kind: 'visitor', text, at: ack.at || new Date().toISOString(), id });
    renderMessages(); // (a resume may have brought the message before its ack)
  } catch (e) {
    sends.get(id).failed = true;
    renderMessages();
    sendError(e);
  }
}

function sendError(e) {
  $('send-error').hidden = false;
  $('send-error').textContent = (e && e.detail) || t('widget.sendFailed');
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || !current) return;
  $('send-error').hidden = true;
  $('text').value = '';
  stopTyping();
  send(text);
});

$('text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  }
});

$('text').addEventListener('input', () => {
  if (!current) return;
  const now = Date.now();
  if (now - typingSent > 3000) {
    connection.raw({ type: 'typing', conversation: current, on: true });
    typingSent = now;
  }
  clearTimeout(typingStop);
  typingStop = setTimeout(stopTyping, 4000);
});

function stopTyping() {
  clearTimeout(typingStop);
  if (typingSent && current) connection.raw({ type: 'typing', conversation: current, on: false });
  typingSent = 0;
}

let readSent = new Map();
function markRead() {
  if (!open || !current || view !== 'conversation' || document.hidden) return;
  const last = lastMessage(current);
  if (last && (readSent.get(current) || 0) < last.seq) {
    readSent.set(current, last.seq);
    connection.raw({ type: 'read', conversation: current, seq: last.seq });
  }
}
document.addEventListener('visibilitychange', markRead);

// ---- starting a conversation --------------------------------------------------------------------

$('start').addEventListener('click', () => {
  buildPrechat();
  show('prechat');
});
$('again').addEventListener('click', () => {
  buildPrechat();
  show('prechat');
});

function buildPrechat() {
  const fields = (session.inbox && session.inbox.preChatFields) || [];
  const box = $('prechat-fields');
  box.replaceChildren();
  for (const f of fields) {
    const id = `field-${f.key}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = f.label + (f.required ? ' *' : '');
    let input;
    if (f.type === 'select') {
      input = document.createElement('select');
      input.append(new Option('', ''));
      for (const o of f.options || []) input.append(new Option(o, o));
    } else {
      input = document.createElement('input');
      input.type = f.type === 'email' ? 'email' : 'text';
      if (f.type === 'email') input.autocomplete = 'email';
      if (f.key === 'name') input.autocomplete = 'name';
    }
    input.id = id;
    input.name = f.key;
    input.required = f.required;
    if (identity && f.key === 'name' && identity.name) input.value = identity.name;
    if (identity && f.key === 'email' && identity.email) input.value = identity.email;
    box.append(label, input);
  }
  $('prechat-error').hidden = true;
}

$('prechat').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = $('prechat');
  const fields = {};
  for (const input of form.querySelectorAll('#prechat-fields input, #prechat-fields select')) {
    if (input.value.trim()) fields[input.name] = input.value.trim();
  }
  const text = $('prechat-text').value.trim();
  const missing = [...form.querySelectorAll('input, select, textarea')].find((i) => !i.checkValidity() || (i.required && !i.value.trim()));
  if (missing) {
    $('prechat-error').hidden = false;
    $('prechat-error').textContent = t('widget.prechatInvalid', { field: form.querySelector(`label[for="${missing.id}"]`).textContent.replace(' *', '') });
    missing.focus();
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const ack = await connection.request({ type: 'start', fields, text });
    known(ack.conversation);
    current = ack.conversation.id;
    received({ type: 'message', conversation: current, seq: ack.seq, kind: 'visitor', text, at: new Date().toISOString() });
    synced.add(current);
    $('prechat-text').value = '';
    show('conversation');
  } catch (e) {
    $('prechat-error').hidden = false;
    $('prechat-error').textContent = e.detail || t('widget.sendFailed');
  } finally {
    button.disabled = false;
  }
});

// ---- offline form, rating -----------------------------------------------------------------------

$('offline-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = $('offline-email').value.trim();
  if (!$('offline-email').checkValidity() || !email) {
    $('offline-error').hidden = false;
    $('offline-error').textContent = t('widget.emailInvalid');
    return;
  }
  try {
    await connection.request({ type: 'email', conversation: current, email });
    offlineSent.add(current);
    $('offline-error').hidden = true;
    render();
  } catch (e) {
    $('offline-error').hidden = false;
    $('offline-error').textContent = e.detail || t('widget.emailInvalid');
  }
});

function buildStars() {
  const box = $('stars');
  box.replaceChildren();
  for (let score = 1; score <= 5; score++) {
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'score';
    input.value = String(score);
    input.id = `score-${score}`;
    input.required = true;
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = '★';
    label.title = t(`widget.score${score}`);
    label.setAttribute('aria-label', t(`widget.score${score}`));
    box.append(input, label);
  }
}

$('rating-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const chosen = $('rating-form').querySelector('input[name=score]:checked');
  if (!chosen) {
    $('stars').querySelector('input').focus();
    return;
  }
  const comment = $('rating-comment').value.trim();
  try {
    await connection.request({ type: 'rate', conversation: current, score: Number(chosen.value), ...(comment ? { comment } : {}) });
    rated.add(current);
    render();
  } catch (e) {
    rated.add(current); // rated before (on another device): nothing more to ask
    render();
  }
});

// ---- attachments --------------------------------------------------------------------------------

$('attach').addEventListener('click', () => $('file').click());
$('file').addEventListener('change', () => {
  for (const file of $('file').files) upload(file);
  $('file').value = '';
});
$('text').addEventListener('paste', (event) => {
  const files = [...(event.clipboardData?.files || [])];
  if (files.length) {
    event.preventDefault();
    files.forEach(upload);
  }
});
const panel = $('panel');
panel.addEventListener('dragover', (event) => {
  if (view !== 'conversation' || !event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  $('drop').hidden = false;
});
panel.addEventListener('dragleave', (event) => {
  if (event.target === $('drop')) $('drop').hidden = true;
});
panel.addEventListener('drop', (event) => {
  $('drop').hidden = true;
  if (view !== 'conversation') return;
  event.preventDefault();
  [...(event.dataTransfer?.files || [])].forEach(upload);
});

async function upload(file) {
  const inbox = session.inbox || {};
  const c = conversations.get(current);
  if (!c || c.state === 'closed') return;
  if (inbox.maxAttachmentBytes && file.size > inbox.maxAttachmentBytes) {
    sendError({ detail: t('widget.tooLarge', { name: file.name, size: bytes(inbox.maxAttachmentBytes) }) });
    return;
  }
  const types = inbox.attachmentTypes || [];
  if (file.type && types.length && !types.includes(file.type)) {
    sendError({ detail: t('widget.wrongType', { name: file.name, types: types.map(typeName).join(', ') }) });
    return;
  }
  const id = uuid();
  sends.set(id, { conversation: current, text: file.name });
  renderMessages();
  try {
    const url = new URL(`conversations/${current}/attachments`, API);
    url.searchParams.set('name', file.name);
    url.searchParams.set('id', id);
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.visitorToken}`, 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    const data = await response.json().catch(() => ({}));
    sends.delete(id);
    if (!response.ok) throw data;
    received({ ...data.message, kind: 'visitor' });
  } catch (e) {
    sends.delete(id);
    renderMessages();
    sendError({ detail: (e && e.detail) || t('widget.uploadFailed', { name: file.name }) });
  }
}

function attachmentButton(id, name) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'file';
  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  icon.classList.add('glyph');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9');
  icon.append(path);
  b.append(icon, document.createTextNode(name));
  b.addEventListener('click', async () => {
    const response = await fetch(new URL(`attachments/${id}`, API), { headers: { Authorization: `Bearer ${session.visitorToken}` } });
    if (!response.ok) return sendError({ detail: t('widget.downloadFailed') });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
  return b;
}

/** An image sent in the conversation, shown small (fetched with the visitor's token). */
function imagePreview(id, name) {
  const img = document.createElement('img');
  img.className = 'preview';
  img.alt = name;
  fetch(new URL(`attachments/${id}`, API), { headers: { Authorization: `Bearer ${session.visitorToken}` } })
    .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
    .then((blob) => { img.src = URL.createObjectURL(blob); })
    .catch(() => img.remove()); // the file's button stays
  return img;
}

function bytes(n) {
  const mb = n / (1024 * 1024);
  return mb >= 1 ? `${i18n.number(Math.round(mb * 10) / 10)} MB` : `${i18n.number(Math.round(n / 1024))} KB`;
}

function typeName(type) {
  return (type.split('/')[1] || type).toUpperCase();
}

// ---- articles -----------------------------------------------------------------------------------

async function showArticle(id) {
  $('article-title').textContent = t('widget.loading');
  $('article-text').textContent = '';
  show('article');
  const response = await fetch(new URL(`articles/${id}`, API), { headers: { Authorization: `Bearer ${session.visitorToken}`, Accept: 'application/json' } });
  if (!response.ok) {
    $('article-title').textContent = t('widget.articleGone');
    return;
  }
  const article = await response.json();
  $('article-title').textContent = article.title;
  $('article-text').replaceChildren(linkified(article.text));
}

// ---- header -------------------------------------------------------------------------------------

$('back').addEventListener('click', () => {
  if (view === 'article' && current) show('conversation');
  else {
    current = null;
    show('home');
  }
});
$('minimize').addEventListener('click', () => tellHost({ parley: 'close' }));
$('human').addEventListener('click', () => act({ type: 'handoff' }));

// ending the conversation from the widget: asked once, then the rating
$('end').addEventListener('click', () => {
  $('end-confirm').hidden = false;
  $('end-yes').focus();
});
$('end-no').addEventListener('click', () => {
  $('end-confirm').hidden = true;
  $('text').focus();
});
$('end-confirm').addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.stopPropagation();
    $('end-no').click();
  }
});
$('end-yes').addEventListener('click', async () => {
  $('end-confirm').hidden = true;
  await act({ type: 'close' });
  const first = $('stars').querySelector('input');
  if (first && !$('rating').hidden) first.focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && framed) tellHost({ parley: 'close' });
});

// ---- identity -----------------------------------------------------------------------------------

async function identify(who) {
  const next = {};
  for (const field of ['externalId', 'name', 'email', 'signature']) {
    if (typeof who[field] === 'string' && who[field].trim()) next[field] = who[field].trim().slice(0, 320);
  }
  identity = Object.keys(next).length ? next : null;
  if (!session) return; // the session, when it opens, carries it
  await switchVisitor();
}

/** Opens a new session (another visitor, or the same one identified) and reconnects as it. */
async function switchVisitor() {
  conversations.clear();
  messages.clear();
  synced.clear();
  connection.followed.clear();
  connection.lastSeq.clear();
  current = null;
  await sessionWithRetry();
  connection.socket?.close(4000);
  show('home');
}

/** The site's user signed out: this browser's visitor is forgotten, a new anonymous one starts. */
async function forget() {
  identity = null;
  try { localStorage.removeItem(STORED); } catch { /* nothing kept */ }
  if (session) await switchVisitor();
}

// ---- start --------------------------------------------------------------------------------------

async function boot() {
  i18n.from(new URL('../i18n/', import.meta.url));
  await i18n.use(i18n.preferred());
  buildStars();
  if (!framed) document.documentElement.classList.add('standalone');
  await sessionWithRetry();
  connection.connect();
  const ongoing = [...conversations.values()].find((c) => c.state !== 'closed');
  if (ongoing) openConversation(ongoing.id);
  else show('home');
}

boot();
