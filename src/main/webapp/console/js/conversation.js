// One conversation, as an agent works it: its history (the latest page first, earlier pages on
// request), live messages in order, a composer for replies and private notes (Enter sends,
// Shift+Enter starts a new line; sends wait out a lost connection and go once), typing and read
// indicators, who else is viewing, and claim / close / reopen; beside it, AI suggestions
// (assist.js), canned responses (canned.js), transfer and escalation (handover.js) and the visitor
// (visitor.js).

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { get, post } from './api.js';
import { linkified, uuid } from '../../ui/text.js';
import { Suggestions } from './assist.js';
import { CannedPicker } from './canned.js';
import { Handover } from './handover.js';
import { VisitorPanel } from './visitor.js';

const PAGE = 100;

/** Date formats are costly to make: one per kind and language, shared by every message. */
const formats = new Map();
function format(kind, options) {
  const key = `${kind}|${i18n.current()}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(i18n.current(), options));
  return formats.get(key);
}

/** The next message shown after an element (day separators skipped), or null. */
function nextMessage(element) {
  let next = element.nextElementSibling;
  while (next && !next.classList.contains('message')) next = next.nextElementSibling;
  return next && next.dataset.seq ? next : null;
}

export class ConversationView {
  constructor(root, id, chat, me, onProblem) {
    this.root = root;
    this.id = id;
    this.chat = chat;
    this.me = me;
    this.onProblem = onProblem;
    this.messages = new Map(); // seq -> element
    this.pending = new Map(); // client id -> element of a send not yet stored
    this.loadingEarlier = null;
    this.first = Infinity;
    this.last = 0;
    this.conversation = null;
    this.typingTimer = null;
    this.lastTypingSent = 0;
    this.viewers = new Map();
    this.listeners = [];
    this.list = root.querySelector('#messages');
    this.suggestions = new Suggestions(this);
    this.canned = new CannedPicker(this);
    this.handover = new Handover(this);
    this.visitorPanel = new VisitorPanel(this);
  }

  async open() {
    const head = await get(`/conversations/${this.id}`);
    this.render(head);
    const page = await get(`/conversations/${this.id}/messages?before=${head.lastSeq + 1}&limit=${PAGE}`);
    this.render(page.conversation);
    this.addAll(page.messages);
    this.root.querySelector('#earlier').hidden = this.first <= 1 || Boolean(page.gap) || !page.messages.length;
    this.scrollToEnd();
    this.listen('message', (m) => {
      if (m.conversation === this.id) {
        this.add(m);
        this.scrollToEnd();
        this.markRead();
      }
    });
    this.listen('conversation', (e) => e.conversation.id === this.id && this.render(e.conversation));
    this.listen('typing', (e) => e.conversation === this.id && this.typing(e));
    this.listen('viewer', (e) => this.viewer(e));
    await this.chat.watch(this.id, this.last);
    this.wire();
    this.markRead();
  }

  listen(type, handler) {
    const wrapped = (event) => handler(event.detail);
    this.chat.addEventListener(type, wrapped);
    this.listeners.push([type, wrapped]);
  }

  dispose() {
    for (const [type, handler] of this.listeners) this.chat.removeEventListener(type, handler);
    this.chat.unwatch(this.id);
  }

  render(c) {
    this.conversation = c;
    const visitor = c.visitor || {};
    this.root.querySelector('#thread-title').textContent =
      visitor.name || visitor.email || t('anonymousVisitor', { id: visitor.id });
    this.root.querySelector('#thread-state').textContent = t(`state.${c.state}`);
    const details = [visitor.email, ...Object.entries(visitor.fields || {})
      .filter(([key]) => key !== 'name' && key !== 'email')
      .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)]
      .filter(Boolean);
    this.root.querySelector('#thread-visitor').textContent = details.join(' · ');
    const identity = this.root.querySelector('#thread-identity');
    identity.textContent = visitor.verified ? t('identity.verified') : t('identity.unverified');
    identity.title = visitor.verified ? t('identity.verifiedHint', { contact: visitor.contact }) : t('identity.unverifiedHint');
    identity.classList.toggle('verified', Boolean(visitor.verified));
    const summary = this.root.querySelector('#thread-summary');
    summary.hidden = !c.summary;
    summary.textContent = c.summary ? t('handoffSummary', { summary: c.summary }) : '';
    const open = c.state !== 'closed';
    const mine = c.assignee === this.me.id;
    this.root.querySelector('#claim').hidden = !open || mine;
    this.root.querySelector('#close').hidden = !open;
    this.root.querySelector('#reopen').hidden = open;
    this.root.querySelector('#composer').hidden = !open;
    this.root.querySelector('#transfer').hidden = !open;
    this.root.querySelector('#escalate').hidden = Boolean(c.ticket);
    const ticket = this.root.querySelector('#ticket-link');
    ticket.hidden = !c.ticket;
    if (c.ticket) {
      ticket.href = `#/tickets/${c.ticket}`;
      ticket.textContent = t('ticketLink', { ticket: c.ticket });
    }
    this.root.querySelector('.assist').hidden = !open;
    this.visitorPanel.render(c).catch(() => { /* the panel is extra: the conversation works without it */ });
  }

  /** Shows one message (live, or the ack of one sent from here) in sequence order. */
  add(m) {
    this.addAll([m]);
  }

  /**
   * Shows messages in sequence order, whatever arrives when (a page of history, a live message, a
   * resume). A page costs its own size, not the conversation's: a message goes at the end or the
   * start without a search in all but rare cases, and only the day separators around the new
   * messages are looked at, so the 50th page of a 5,000-message conversation is as quick as the
   * first. Returns the elements added.
   */
  addAll(batch) {
    const added = [];
    const shownFrom = this.first; // a page before it goes, in order, before the same element
    for (const m of [...batch].sort((a, b) => a.seq - b.seq)) {
      if (this.messages.has(m.seq)) continue;
      const pending = m.id && this.pending.get(m.id);
      if (pending) {
        pending.remove();
        this.pending.delete(m.id);
      }
      const item = document.getElementById('message-item').content.firstElementChild.cloneNode(true);
      item.dataset.seq = m.seq;
      item.classList.add(`kind-${m.kind}`);
      this.fill(item, m.kind, m.author, m.text, m.at);
      if (m.attachment) {
        const a = document.createElement('a');
        a.href = new URL(`../../api/v1/conversations/attachments/${m.attachment}`, import.meta.url).href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        if (String(m.attachmentType || '').startsWith('image/')) {
          const img = document.createElement('img');
          img.className = 'preview';
          img.alt = t('attachmentImage', { name: m.text || '' });
          img.loading = 'lazy';
          img.src = a.href;
          a.append(img);
          item.querySelector('.text').append(a);
        } else {
          a.textContent = t('attachment');
          item.querySelector('.text').append(' ', a);
        }
      }
      let next = this.successor(m.seq, shownFrom);
      if (next && next.previousElementSibling && next.previousElementSibling.classList.contains('day')) {
        next = next.previousElementSibling; // before the next message's day separator: separate() sorts it out
      }
      this.list.insertBefore(item, next);
      this.messages.set(m.seq, item);
      this.first = Math.min(this.first, m.seq);
      this.last = Math.max(this.last, m.seq);
      this.chat.seen(this.id, m.seq);
      added.push(item);
    }
    for (const item of added) {
      this.separate(item);
      this.separate(nextMessage(item));
    }
    return added;
  }

  /**
   * The element a message goes before: the next one shown, or the pending sends at the end.
   * `shownFrom` is where the batch started (messages before it go before that one).
   */
  successor(seq, shownFrom) {
    if (seq > this.last) return this.list.querySelector('li.pending');
    if (seq < shownFrom) return this.messages.get(shownFrom);
    let best = null;
    for (const shown of this.messages.keys()) {
      if (shown > seq && (best === null || shown < best)) best = shown;
    }
    return best === null ? this.list.querySelector('li.pending') : this.messages.get(best);
  }

  fill(item, kind, author, text, at) {
    const name = kind === 'visitor'
      ? (this.conversation.visitor && this.conversation.visitor.name) || t('kind.visitor')
      : kind === 'bot' ? t('kind.bot') : kind === 'system' ? t('kind.system') : (author && author.name) || t('kind.agent');
    item.querySelector('.author').textContent = kind === 'note' ? t('noteBy', { name }) : name;
    const time = item.querySelector('time');
    if (at) {
      const when = new Date(at);
      time.dateTime = at;
      time.textContent = format('time', { timeStyle: 'short' }).format(when);
      item.dataset.day = when.toDateString();
    }
    item.querySelector('.text').replaceChildren(linkified(text || ''));
  }

  /**
   * Keeps a day separator (in the user's time zone) right before a message exactly when its day
   * differs from the message shown before it.
   */
  separate(item) {
    if (!item || !item.dataset.day) return;
    const marker = item.previousElementSibling && item.previousElementSibling.classList.contains('day')
      ? item.previousElementSibling : null;
    let previous = (marker || item).previousElementSibling;
    while (previous && !previous.classList.contains('message')) previous = previous.previousElementSibling;
    const needed = !previous || previous.dataset.day !== item.dataset.day;
    if (needed && (!marker || marker.dataset.day !== item.dataset.day)) {
      const day = document.getElementById('day-item').content.firstElementChild.cloneNode(true);
      day.dataset.day = item.dataset.day;
      day.querySelector('span').textContent = format('day', { dateStyle: 'full' }).format(new Date(item.querySelector('time').dateTime));
      if (marker) marker.replaceWith(day);
      else this.list.insertBefore(day, item);
    } else if (!needed && marker) {
      marker.remove();
    }
  }

  scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  /** Reads the page before the first message shown (once at a time, however often it is asked). */
  earlier() {
    if (!this.loadingEarlier) {
      this.loadingEarlier = this.readEarlier().finally(() => { this.loadingEarlier = null; });
    }
    return this.loadingEarlier;
  }

  async readEarlier() {
    const button = this.root.querySelector('#earlier');
    if (button.hidden) return;
    const page = await get(`/conversations/${this.id}/messages?before=${this.first}&limit=${PAGE}`);
    const height = this.list.scrollHeight;
    const shownFrom = this.first;
    this.addAll(page.messages.filter((m) => m.seq < shownFrom));
    this.list.scrollTop += this.list.scrollHeight - height; // keep what the agent was reading in place
    button.hidden = this.first <= 1 || Boolean(page.gap) || !page.messages.length;
  }

  wire() {
    const form = this.root.querySelector('#composer');
    const text = form.querySelector('#compose');
    const error = form.querySelector('#compose-error');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send(text, error);
    });
    text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send(text, error);
      }
    });
    text.addEventListener('input', () => {
      const now = Date.now();
      if (now - this.lastTypingSent > 3000 && text.value) {
        this.lastTypingSent = now;
        this.chat.raw({ type: 'typing', conversation: this.id, on: true });
      }
    });
    for (const radio of form.querySelectorAll('input[name=mode]')) {
      radio.addEventListener('change', () => form.classList.toggle('note-mode', this.noteMode()));
    }
    this.root.querySelector('#earlier').addEventListener('click', () => this.earlier().catch(this.onProblem));
    // scrolling near the top reads the page before, as a long conversation is read backwards
    this.list.addEventListener('scroll', () => {
      if (this.list.scrollTop < this.list.clientHeight && !this.root.querySelector('#earlier').hidden) {
        this.earlier().catch(this.onProblem);
      }
    }, { passive: true });
    this.root.querySelector('#claim').addEventListener('click', () => this.act('claim'));
    this.root.querySelector('#close').addEventListener('click', () => this.act('close'));
    this.root.querySelector('#reopen').addEventListener('click', () => this.act('reopen'));
    this.suggestions.start();
    this.canned.start();
    this.handover.start();
  }

  noteMode() {
    return this.root.querySelector('input[name=mode][value=note]').checked;
  }

  send(field, error) {
    const text = field.value.trim();
    error.textContent = '';
    if (!text) return;
    const id = uuid();
    const note = this.noteMode();
    const item = document.getElementById('message-item').content.firstElementChild.cloneNode(true);
    item.classList.add('pending', note ? 'kind-note' : 'kind-agent');
    item.dataset.clientId = id;
    this.pending.set(id, item);
    this.fill(item, note ? 'note' : 'agent', { name: this.me.displayName }, text, null);
    item.querySelector('time').textContent = t('sending');
    this.list.append(item);
    this.scrollToEnd();
    field.value = '';
    if (!note) this.suggestions.sent(text);
    this.chat.raw({ type: 'typing', conversation: this.id, on: false });
    this.lastTypingSent = 0;
    this.chat.request({ type: 'send', id, conversation: this.id, text, ...(note ? { note: true } : {}) })
      .then((ack) => {
        // normally the message itself arrives first; if not, the ack says where it was stored
        if (ack.seq && !this.messages.has(ack.seq)) {
          this.add({ conversation: this.id, seq: ack.seq, kind: note ? 'note' : 'agent', text, at: ack.at, author: { name: this.me.displayName, id: this.me.id }, id });
        }
      })
      .catch((refused) => {
        item.remove();
        this.pending.delete(id);
        field.value = text;
        error.textContent = refused.detail || t('error.unexpected', { status: refused.code });
      });
  }

  async act(action) {
    try {
      this.render(await post(`/conversations/${this.id}/${action}`));
      document.getElementById('status').textContent = t(`done.${action}`);
    } catch (e) {
      this.onProblem(e);
    }
  }

  typing(e) {
    const line = this.root.querySelector('#typing');
    if (e.by && e.by.agent === this.me.id) return;
    clearTimeout(this.typingTimer);
    if (e.on === false) {
      line.textContent = '';
      return;
    }
    const name = e.by && e.by.name ? e.by.name : (this.conversation.visitor && this.conversation.visitor.name) || t('kind.visitor');
    line.textContent = t('isTyping', { name });
    this.typingTimer = setTimeout(() => { line.textContent = ''; }, 6000);
  }

  viewer(e) {
    if (e.agent === this.me.id) return;
    if (e.viewing) this.viewers.set(e.agent, e.name);
    else this.viewers.delete(e.agent);
    this.root.querySelector('#viewers').textContent = this.viewers.size
      ? t('alsoViewing', { names: [...this.viewers.values()].join(', ') })
      : '';
  }

  markRead() {
    if (this.last > 0 && document.visibilityState === 'visible') {
      this.chat.raw({ type: 'read', conversation: this.id, seq: this.last });
    }
  }
}
