// Handing a conversation over: a transfer to a team or an agent of the agent's teams with a
// private note (a summary of the conversation one click away), and an escalation to a ticket.

import { t } from '../../ui/i18n.js';
import { get, post } from './api.js';

export class Handover {
  constructor(view) {
    this.view = view;
    this.root = view.root;
  }

  start() {
    this.root.querySelector('#transfer').addEventListener('click', () => this.openTransfer());
    this.root.querySelector('#escalate').addEventListener('click', () => this.openEscalate());
    this.root.querySelector('#transfer-summarize').addEventListener('click', () => this.summarize());
    this.root.querySelector('#transfer-form').addEventListener('submit', (event) => this.transfer(event));
    this.root.querySelector('#escalate-form').addEventListener('submit', (event) => this.escalate(event));
  }

  async openTransfer() {
    const select = this.root.querySelector('#transfer-to');
    this.root.querySelector('#transfer-error').textContent = '';
    select.replaceChildren();
    try {
      const teams = await get('/teams');
      const agents = new Map();
      const teamGroup = document.createElement('optgroup');
      teamGroup.label = t('transfer.teams');
      for (const team of teams) {
        teamGroup.append(new Option(team.name, `team:${team.id}`));
        for (const member of team.members || []) {
          if (member.id !== this.view.me.id) agents.set(member.id, member.displayName || member.email);
        }
      }
      const agentGroup = document.createElement('optgroup');
      agentGroup.label = t('transfer.agents');
      for (const [id, name] of [...agents].sort((a, b) => String(a[1]).localeCompare(String(b[1])))) {
        agentGroup.append(new Option(name, `agent:${id}`));
      }
      select.append(teamGroup, agentGroup);
    } catch (e) {
      this.view.onProblem(e);
      return;
    }
    this.root.querySelector('#transfer-dialog').showModal();
    select.focus();
  }

  async summarize() {
    const note = this.root.querySelector('#transfer-note');
    const button = this.root.querySelector('#transfer-summarize');
    button.disabled = true;
    try {
      const result = await post(`/conversations/${this.view.id}/assist/summary`);
      const summary = result.suggestions[0];
      if (summary) note.value = note.value ? `${note.value}\n\n${summary.text}` : summary.text;
    } catch (e) {
      this.root.querySelector('#transfer-error').textContent = e.message;
    } finally {
      button.disabled = false;
      note.focus();
    }
  }

  async transfer(event) {
    if (event.submitter && event.submitter.value === 'cancel') return;
    event.preventDefault();
    const [kind, id] = this.root.querySelector('#transfer-to').value.split(':');
    const note = this.root.querySelector('#transfer-note').value.trim();
    try {
      const changed = await post(`/conversations/${this.view.id}/transfer`, { [kind]: Number(id), ...(note ? { note } : {}) });
      this.root.querySelector('#transfer-dialog').close();
      this.view.render(changed);
      document.getElementById('status').textContent = t('done.transfer');
    } catch (e) {
      this.root.querySelector('#transfer-error').textContent = e.message;
    }
  }

  openEscalate() {
    this.root.querySelector('#escalate-error').textContent = '';
    const subject = this.root.querySelector('#escalate-subject');
    const visitor = (this.view.conversation && this.view.conversation.visitor) || {};
    subject.value = subject.value || t('escalate.defaultSubject', { name: visitor.name || visitor.email || t('kind.visitor') });
    this.root.querySelector('#escalate-dialog').showModal();
    subject.focus();
  }

  async escalate(event) {
    if (event.submitter && event.submitter.value === 'cancel') return;
    event.preventDefault();
    const subject = this.root.querySelector('#escalate-subject').value.trim();
    const priority = this.root.querySelector('#escalate-priority').value;
    try {
      const ticket = await post(`/conversations/${this.view.id}/escalate`, { ...(subject ? { subject } : {}), priority });
      this.root.querySelector('#escalate-dialog').close();
      this.view.render(await get(`/conversations/${this.view.id}`));
      document.getElementById('status').textContent = t('done.escalate', { ticket: ticket.id });
    } catch (e) {
      this.root.querySelector('#escalate-error').textContent = e.message;
    }
  }
}
