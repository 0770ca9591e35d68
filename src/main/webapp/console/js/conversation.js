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

export class ConversationView {
  constructor(root, id, chat, me, onProblem) {
    this.root = root;
    this.id = id;
    this.chat = chat;
    this.me = me;
    this.onProblem = onProblem;
    this.messages = new Map(); // seq -> element
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
    for (const m of page.messages) this.add(m);
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

  add(m) {
    if (this.messages.has(m.seq)) return;
    const pending = m.id && this.list.querySelector(`li[data-client-id="${CSS.escape(m.id)}"]`);
    if (pending) pending.remove();
    const item = document.getElementById('message-item').content.firstElementChild.cloneNode(true);
    item.dataset.seq = m.seq;
    item.classList.add(`kind-${m.kind}`);
    this.fill(item, m.kind, m.author, m.text, m.at);
    if (m.attachment) {
      const a = document.createElement('a');
      a.href = new URL(`../../api/v1/conversations/attachments/${m.attachment}`, import.meta.url).href;
      a.textContent = t('attachment');
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      item.querySelector('.text').append(' ', a);
    }
    // keep sequence order whatever arrives when (a page of history, a live message, a resume)
    let before = null;
    for (const [seq, element] of this.messages) {
      if (seq > m.seq && (!before || seq < Number(before.dataset.seq))) before = element;
    }
    this.messages.set(m.seq, item);
    this.list.insertBefore(item, before || this.list.querySelector('li.pending'));
    this.first = Math.min(this.first, m.seq);
    this.last = Math.max(this.last, m.seq);
    this.chat.seen(this.id, m.seq);
    this.days();
  }

  fill(item, kind, author, text, at) {
    const name = kind === 'visitor'
      ? (this.conversation.visitor && this.conversation.visitor.name) || t('kind.visitor')
      : kind === 'bot' ? t('kind.bot') : kind === 'system' ? t('kind.system') : (author && author.name) || t('kind.agent');
    item.querySelector('.author').textContent = kind === 'note' ? t('noteBy', { name }) : name;
    const time = item.querySelector('time');
    if (at) {
      time.dateTime = at;
      time.textContent = new Intl.DateTimeFormat(i18n.current(), { timeStyle: 'short' }).format(new Date(at));
      item.dataset.day = new Date(at).toDateString();
    }
    item.querySelector('.text').replaceChildren(linkified(text || ''));
  }

  /** Day separators between messages of different days, in the user's time zone. */
  days() {
    for (const old of this.list.querySelectorAll('li.day')) old.remove();
    let previous = null;
    for (const item of this.list.querySelectorAll('li.message')) {
      if (item.dataset.day && item.dataset.day !== previous) {
        const day = document.getElementById('day-item').content.firstElementChild.cloneNode(true);
        day.querySelector('span').textContent = new Intl.DateTimeFormat(i18n.current(), { dateStyle: 'full' }).format(new Date(item.querySelector('time').dateTime));
        this.list.insertBefore(day, item);
        previous = item.dataset.day;
      }
    }
  }

  scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  async earlier() {
    const button = this.root.querySelector('#earlier');
    const page = await get(`/conversations/${this.id}/messages?before=${this.first}&limit=${PAGE}`);
    const height = this.list.scrollHeight;
    const shownFrom = this.first;
    for (const m of page.messages) if (m.seq < shownFrom) this.add(m);
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
