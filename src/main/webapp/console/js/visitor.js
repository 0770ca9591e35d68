// The visitor beside the conversation: what they entered before the chat, whether the website
// vouched for them (identity verification) or not, their contact, their earlier conversations and
// their tickets.

import { t } from '../../ui/i18n.js';
import * as i18n from '../../ui/i18n.js';
import { get } from './api.js';

export class VisitorPanel {
  constructor(view) {
    this.view = view;
    this.root = view.root;
    this.loadedFor = null;
  }

  async render(c) {
    const visitor = c.visitor || {};
    const details = this.root.querySelector('#visitor-details');
    details.replaceChildren();
    const row = (label, value) => {
      if (value === undefined || value === null || value === '') return;
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = typeof value === 'string' ? value : JSON.stringify(value);
      details.append(dt, dd);
    };
    row(t('visitor.identity'), visitor.verified ? t('identity.verified') : t('identity.unverified'));
    row(t('visitor.name'), visitor.name);
    row(t('visitor.email'), visitor.email);
    for (const [key, value] of Object.entries(visitor.fields || {})) {
      if (key !== 'name' && key !== 'email') row(key, value);
    }
    if (visitor.contact) row(t('visitor.contact'), `#${visitor.contact}`);
    if (c.csat) row(t('visitor.rating'), t('visitor.ratingValue', { score: c.csat.score, comment: c.csat.comment || '' }));
    if (this.loadedFor !== c.id) {
      this.loadedFor = c.id;
      await Promise.all([this.earlier(c), this.tickets(c, visitor)]);
    }
  }

  async earlier(c) {
    const list = this.root.querySelector('#visitor-earlier');
    try {
      const earlier = await get(`/conversations/${c.id}/visitor-conversations`);
      list.replaceChildren(...earlier.map((other) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `#/conversations/${other.id}`;
        a.textContent = t('visitor.conversationLine', { when: i18n.when(other.createdAt), state: t(`state.${other.state}`) });
        li.append(a);
        return li;
      }));
      if (!earlier.length) list.replaceChildren(empty(t('visitor.none')));
    } catch (e) {
      list.replaceChildren(empty(t('visitor.none')));
    }
  }

  async tickets(c, visitor) {
    const list = this.root.querySelector('#visitor-tickets');
    let contact = visitor.contact;
    try {
      if (!contact && visitor.email) {
        const found = await get(`/contacts?email=${encodeURIComponent(visitor.email)}&limit=1`);
        contact = found.contacts[0] && found.contacts[0].id;
      }
      const tickets = contact ? (await get(`/tickets?requester=${contact}&limit=10`)).tickets : [];
      if (c.ticket && !tickets.some((x) => x.id === c.ticket)) tickets.unshift({ id: c.ticket, number: c.ticket, subject: t('visitor.escalatedTicket'), status: '' });
      list.replaceChildren(...tickets.map((ticket) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `#/tickets/${ticket.id}`;
        a.textContent = `#${ticket.number} ${ticket.subject}`;
        li.append(a);
        if (ticket.status) li.append(` · ${t(`ticketStatus.${ticket.status}`)}`);
        return li;
      }));
      if (!tickets.length) list.replaceChildren(empty(t('visitor.none')));
    } catch (e) {
      list.replaceChildren(empty(t('visitor.none')));
    }
  }
}

function empty(text) {
  const li = document.createElement('li');
  li.className = 'hint';
  li.textContent = text;
  return li;
}
