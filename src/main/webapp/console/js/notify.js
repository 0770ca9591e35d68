// Telling an agent who is elsewhere: the unread count in the window's title, and for a new
// conversation assigned to them or a new visitor message in one of theirs, a desktop notification
// (permission asked once, when they turn it on; the system's do-not-disturb applies as to any
// notification) and, if they want it, a sound. Nothing while they are looking at that conversation.

import { t } from '../../ui/i18n.js';
import { chime } from '../../ui/sound.js';

const SOUND = 'parley.sound';
const NOTIFY = 'parley.notify';

export class Notifier {
  constructor(chat, me) {
    this.chat = chat;
    this.me = me;
    this.assigned = new Map(); // conversation id -> assignee seen last
    this.title = document.title;
    this.notifyButton = document.getElementById('notify-toggle');
    this.soundButton = document.getElementById('sound-toggle');
  }

  start() {
    this.chat.addEventListener('welcome', (event) => {
      for (const c of event.detail.conversations || []) this.assigned.set(c.id, c.assignee);
    });
    this.chat.addEventListener('conversation', (event) => this.conversation(event.detail.conversation));
    this.chat.addEventListener('message', (event) => this.message(event.detail));
    document.addEventListener('parley:unread', (event) => this.badge(event.detail));
    this.notifyButton.addEventListener('click', () => this.toggleNotifications());
    this.soundButton.addEventListener('click', () => {
      store(SOUND, !stored(SOUND));
      this.render();
    });
    this.render();
  }

  render() {
    const notifying = stored(NOTIFY) && 'Notification' in window && Notification.permission === 'granted';
    this.notifyButton.setAttribute('aria-pressed', String(notifying));
    this.notifyButton.textContent = notifying ? t('notify.on') : t('notify.enable');
    this.soundButton.setAttribute('aria-pressed', String(stored(SOUND)));
    this.soundButton.textContent = stored(SOUND) ? t('notify.soundOn') : t('notify.sound');
  }

  async toggleNotifications() {
    if (!('Notification' in window)) return;
    if (stored(NOTIFY)) {
      store(NOTIFY, false);
    } else {
      const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      store(NOTIFY, permission === 'granted');
      if (permission === 'denied') document.getElementById('status').textContent = t('notify.denied');
    }
    this.render();
  }

  badge(count) {
    document.title = count > 0 ? `(${count}) ${this.title}` : this.title;
  }

  looking(conversation) {
    return document.visibilityState === 'visible' && location.hash === `#/conversations/${conversation}`;
  }

  conversation(c) {
    const before = this.assigned.get(c.id);
    this.assigned.set(c.id, c.assignee);
    const nowMine = c.assignee === this.me.id && before !== this.me.id && c.state !== 'closed';
    // a conversation seen for the first time is news only if it just changed
    const fresh = before !== undefined || Date.now() - new Date(c.updatedAt).getTime() < 10000;
    if (nowMine && fresh && !this.looking(c.id)) {
      const visitor = c.visitor || {};
      this.alert(t('notify.assigned'), visitor.name || visitor.email || t('kind.visitor'), c.id);
    }
  }

  message(m) {
    if (m.kind !== 'visitor' || this.assigned.get(m.conversation) !== this.me.id || this.looking(m.conversation)) return;
    this.alert(t('notify.message'), m.text, m.conversation);
  }

  alert(title, body, conversation) {
    if (stored(SOUND)) chime();
    if (stored(NOTIFY) && 'Notification' in window && Notification.permission === 'granted') {
      const n = new Notification(title, { body: String(body).slice(0, 140), tag: `parley-${conversation}`, icon: 'parley.svg' });
      n.onclick = () => {
        window.focus();
        location.hash = `#/conversations/${conversation}`;
        n.close();
      };
    }
  }
}

function stored(key) {
  try { return localStorage.getItem(key) === 'on'; } catch { return false; }
}

function store(key, on) {
  try { localStorage.setItem(key, on ? 'on' : 'off'); } catch { /* this page only */ }
}
