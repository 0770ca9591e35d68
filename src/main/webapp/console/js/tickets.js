// Tickets: saved views (my open, unassigned in my teams, SLA breaching soon, all open) with
// search, priority, tag and sort, paged; a ticket with its conversation of public replies and
// internal notes, its properties (status by the allowed transitions, priority, team, assignee,
// custom fields) saved as they change (a merge patch refused if someone changed it meanwhile),
// tags, SLA targets counting down, merge and the audit trail.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { get, post, patch, put, Problem } from './api.js';
import { linkified } from '../../ui/text.js';
import { tabList } from './dom.js';

const OPEN = 'new,open,pending,on_hold';
const VIEWS = {
  mine: () => ({ assignee: 'me', status: OPEN }),
  unassigned: () => ({ assignee: 'none', status: OPEN }),
  breaching: () => ({ status: OPEN, slaDueBefore: new Date(Date.now() + 3600_000).toISOString(), sort: 'createdAt' }),
  open: () => ({ status: OPEN }),
};

let currentView = 'mine';
const filters = { q: '', priority: '', tag: '', sort: '-updatedAt' };
let ticker = null;

/** Re-renders the SLA countdowns every 30 seconds while a tickets screen is shown. */
function tick(root) {
  clearInterval(ticker);
  ticker = setInterval(() => {
    if (!root.isConnected) return clearInterval(ticker);
    for (const el of root.querySelectorAll('[data-due]')) countdown(el);
  }, 30_000);
}

function countdown(el) {
  const minutes = Math.round((new Date(el.dataset.due).getTime() - Date.now()) / 60000);
  el.textContent = minutes >= 0 ? t('tickets.dueIn', { time: duration(minutes) }) : t('tickets.overdue', { time: duration(-minutes) });
  el.classList.toggle('overdue', minutes < 0);
  el.classList.toggle('soon', minutes >= 0 && minutes < 60);
}

function duration(minutes) {
  if (minutes < 60) return t('tickets.minutes', { count: minutes });
  if (minutes < 48 * 60) return t('tickets.hours', { count: Math.round(minutes / 60) });
  return t('tickets.days', { count: Math.round(minutes / 1440) });
}

/** The SLA target due first among those still running, or null. */
function nextDue(ticket) {
  return (ticket.sla || []).filter((c) => c.dueAt && !c.achievedAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] || null;
}

export function ticketList(main, show, problemText) {
  const root = show('tickets');
  const tabs = [...root.querySelectorAll('#ticket-views [role=tab]')];
  let next = null;
  const rows = root.querySelector('#ticket-rows');
  const error = root.querySelector('#tickets-error');

  async function load(append) {
    const query = new URLSearchParams({ limit: '25', sort: filters.sort, ...VIEWS[currentView]() });
    if (filters.q.trim()) query.set('q', filters.q.trim());
    if (filters.priority) query.set('priority', filters.priority);
    if (filters.tag.trim()) query.set('tag', filters.tag.trim());
    if (append && next) query.set('cursor', next);
    error.textContent = '';
    try {
      const page = await get(`/tickets?${query}`);
      if (!append) rows.replaceChildren();
      rows.append(...page.tickets.map(row));
      next = page.next;
      root.querySelector('#more-tickets').hidden = !next;
      root.querySelector('#no-tickets').hidden = rows.children.length > 0;
    } catch (e) {
      error.textContent = problemText(e);
    }
  }

  const select = tabList(tabs, (tab) => {
    currentView = tab.dataset.view;
    load(false);
  });
  const controls = { q: '#ticket-search', priority: '#ticket-priority', tag: '#ticket-tag', sort: '#ticket-sort' };
  let typing = null;
  for (const [key, selector] of Object.entries(controls)) {
    const control = root.querySelector(selector);
    control.value = filters[key];
    control.addEventListener(control.tagName === 'SELECT' ? 'change' : 'input', () => {
      filters[key] = control.value;
      clearTimeout(typing);
      typing = setTimeout(() => load(false), control.tagName === 'SELECT' ? 0 : 300);
    });
  }
  root.querySelector('#ticket-filters').addEventListener('submit', (event) => event.preventDefault());
  root.querySelector('#more-tickets').addEventListener('click', () => load(true));
  select(tabs.find((tab) => tab.dataset.view === currentView) || tabs[0], false);
  tick(root);
  main.focus();
}

function row(ticket) {
  const tr = document.createElement('tr');
  tr.dataset.id = ticket.id;
  const cell = (content) => {
    const td = document.createElement('td');
    if (content instanceof Node) td.append(content);
    else td.textContent = content;
    tr.append(td);
    return td;
  };
  cell(`#${ticket.number}`);
  const a = document.createElement('a');
  a.href = `#/tickets/${ticket.id}`;
  a.textContent = ticket.subject;
  cell(a);
  cell(ticket.requester ? ticket.requester.name || ticket.requester.email || `#${ticket.requester.id}` : '');
  cell(t(`ticketStatus.${ticket.status}`));
  cell(t(`priority.${ticket.priority}`)).className = `priority-${ticket.priority}`;
  const due = nextDue(ticket);
  const span = document.createElement('span');
  if (due) {
    span.dataset.due = due.dueAt;
    countdown(span);
  }
  cell(span);
  cell(i18n.when(ticket.updatedAt));
  return tr;
}

export async function ticketPage(main, show, problemText, id, me) {
  const root = show('ticket');
  let ticket = await get(`/tickets/${id}`);
  const [teams, fields] = await Promise.all([get('/teams'), get('/ticket-fields').catch(() => [])]);

  const statusSelect = root.querySelector('#ticket-status');
  const prioritySelect = root.querySelector('#ticket-priority-field');
  const teamSelect = root.querySelector('#ticket-team');
  const assigneeSelect = root.querySelector('#ticket-assignee');
  for (const team of teams) teamSelect.append(new Option(team.name, team.id));
  const people = new Map();
  for (const team of teams) for (const m of team.members || []) people.set(m.id, m.displayName || m.email);
  people.set(me.id, me.displayName);
  for (const [pid, name] of [...people].sort((a, b) => String(a[1]).localeCompare(String(b[1])))) {
    assigneeSelect.append(new Option(name, pid));
  }

  function render() {
    root.querySelector('#ticket-title').textContent = `#${ticket.number} ${ticket.subject}`;
    const r = ticket.requester || {};
    root.querySelector('#ticket-requester').textContent = t('tickets.from', { name: r.name || r.email || `#${r.id}`, via: ticket.via || '' });
    root.querySelector('#ticket-description').replaceChildren(linkified(ticket.description || ''));
    const conversation = root.querySelector('#ticket-conversation');
    conversation.hidden = !ticket.conversation;
    if (ticket.conversation) {
      conversation.href = `#/conversations/${ticket.conversation}`;
      conversation.textContent = t('tickets.fromConversation');
    }
    const merged = root.querySelector('#ticket-merged');
    merged.hidden = !ticket.mergedInto;
    merged.textContent = ticket.mergedInto ? t('tickets.mergedInto', { ticket: ticket.mergedInto }) : '';
    statusSelect.replaceChildren(new Option(t(`ticketStatus.${ticket.status}`), ticket.status));
    for (const s of ticket.allowedStatuses || []) statusSelect.append(new Option(t(`ticketStatus.${s}`), s));
    statusSelect.value = ticket.status;
    const commentStatus = root.querySelector('#comment-status');
    commentStatus.replaceChildren(new Option(t('tickets.keepStatus'), ''));
    for (const s of ticket.allowedStatuses || []) commentStatus.append(new Option(t(`ticketStatus.${s}`), s));
    prioritySelect.value = ticket.priority;
    teamSelect.value = ticket.team || '';
    assigneeSelect.value = ticket.assignee || '';
    renderCustom();
    renderTags();
    renderSla();
  }

  function renderCustom() {
    const box = root.querySelector('#ticket-custom');
    box.replaceChildren();
    for (const f of fields) {
      const value = (ticket.customFields || {})[f.key];
      const id = `custom-${f.key}`;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = f.label + (f.requiredToSolve ? ' *' : '');
      let input;
      if (f.type === 'dropdown') {
        input = document.createElement('select');
        input.append(new Option('', ''));
        for (const o of f.options) input.append(new Option(o, o));
        input.value = value ?? '';
      } else if (f.type === 'checkbox') {
        input = document.createElement('input');
        input.type = 'checkbox';
        input.checked = value === true;
      } else {
        input = document.createElement('input');
        input.type = f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text';
        input.value = value ?? '';
      }
      input.id = id;
      input.addEventListener('change', () => {
        let v;
        if (f.type === 'checkbox') v = input.checked;
        else if (input.value === '') v = null;
        else v = f.type === 'number' ? Number(input.value) : input.value;
        save({ customFields: { [f.key]: v } });
      });
      box.append(label, input);
    }
  }

  function renderTags() {
    const list = root.querySelector('#ticket-tags');
    list.replaceChildren(...(ticket.tags || []).map((tag) => {
      const li = document.createElement('li');
      li.className = 'badge';
      li.append(tag, ' ');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'link';
      remove.textContent = '×';
      remove.setAttribute('aria-label', t('tickets.removeTag', { tag }));
      remove.addEventListener('click', () => save({ tags: ticket.tags.filter((x) => x !== tag) }));
      li.append(remove);
      return li;
    }));
  }

  function renderSla() {
    const list = root.querySelector('#ticket-sla');
    list.replaceChildren(...(ticket.sla || []).map((c) => {
      const li = document.createElement('li');
      li.append(`${t(`sla.${c.metric}`)}: `);
      const span = document.createElement('span');
      if (c.achievedAt) span.textContent = c.breached ? t('tickets.metLate') : t('tickets.met');
      else if (c.dueAt) {
        span.dataset.due = c.dueAt;
        countdown(span);
      } else span.textContent = t('tickets.paused');
      li.append(span);
      return li;
    }));
    if (!list.children.length) {
      const li = document.createElement('li');
      li.className = 'hint';
      li.textContent = t('tickets.noSla');
      list.append(li);
    }
  }

  async function save(change) {
    const error = root.querySelector('#properties-error');
    error.textContent = '';
    try {
      ticket = await patch(`/tickets/${id}`, change, ticket.version);
      render();
      document.getElementById('status').textContent = t('tickets.saved');
    } catch (e) {
      if (e instanceof Problem && e.status === 412) {
        ticket = await get(`/tickets/${id}`);
        render();
        error.textContent = t('tickets.changedMeanwhile');
      } else {
        error.textContent = problemText(e);
        render();
      }
    }
  }

  statusSelect.addEventListener('change', () => save({ status: statusSelect.value }));
  prioritySelect.addEventListener('change', () => save({ priority: prioritySelect.value }));
  teamSelect.addEventListener('change', () => save({ team: teamSelect.value ? Number(teamSelect.value) : null }));
  assigneeSelect.addEventListener('change', () => save({ assignee: assigneeSelect.value ? Number(assigneeSelect.value) : null }));
  root.querySelector('#tag-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = root.querySelector('#tag-input');
    const tag = input.value.trim();
    if (!tag) return;
    input.value = '';
    save({ tags: [...new Set([...(ticket.tags || []), tag])] });
  });
  root.querySelector('#merge-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const target = Number(root.querySelector('#merge-target').value);
    const error = root.querySelector('#merge-error');
    error.textContent = '';
    if (!Number.isInteger(target) || target < 1) {
      error.textContent = t('tickets.mergeInvalid');
      return;
    }
    if (!window.confirm(t('tickets.mergeConfirm', { from: ticket.number, to: target }))) return;
    try {
      ticket = await post(`/tickets/${id}/merge`, { target });
      render();
      loadComments();
    } catch (e) {
      error.textContent = problemText(e);
    }
  });

  async function loadComments() {
    const list = root.querySelector('#ticket-comments');
    const comments = await get(`/tickets/${id}/comments`);
    list.replaceChildren(...comments.map((c) => {
      const item = document.getElementById('message-item').content.firstElementChild.cloneNode(true);
      item.classList.add(c.public ? (c.author.kind === 'contact' ? 'kind-visitor' : 'kind-agent') : 'kind-note');
      item.querySelector('.author').textContent = c.public ? c.author.name : t('noteBy', { name: c.author.name });
      const time = item.querySelector('time');
      time.dateTime = c.createdAt;
      time.textContent = i18n.when(c.createdAt);
      item.querySelector('.text').append(linkified(c.body));
      for (const file of c.attachments || []) {
        const a = document.createElement('a');
        a.href = new URL(`../../api/v1/tickets/${id}/attachments/${file.id}`, import.meta.url).href;
        a.textContent = file.name;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        item.querySelector('.text').append(' ', a);
      }
      return item;
    }));
  }

  async function loadAudit() {
    const body = root.querySelector('#ticket-audit');
    const entries = await get(`/tickets/${id}/audit`);
    body.replaceChildren(...entries.map((e) => {
      const tr = document.createElement('tr');
      for (const text of [i18n.when(e.at), e.actor.name || t(`actor.${e.actor.kind}`), e.field, e.from ?? '', e.to ?? '']) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
  }

  const tabs = [root.querySelector('#tab-comments'), root.querySelector('#tab-audit')];
  const choose = (tab) => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute('aria-selected', String(on));
      other.tabIndex = on ? 0 : -1;
      root.querySelector(`#${other.getAttribute('aria-controls')}`).hidden = !on;
    }
    if (tab.id === 'tab-audit') loadAudit().catch((e) => { root.querySelector('#properties-error').textContent = problemText(e); });
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => choose(tab));
    tab.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        event.preventDefault();
        const other = tabs[(i + 1) % 2];
        other.focus();
        choose(other);
      }
    });
  });

  root.querySelector('#ticket-comment').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = root.querySelector('#comment-body');
    const error = root.querySelector('#comment-error');
    const text = body.value.trim();
    error.textContent = '';
    if (!text) return;
    const isPublic = root.querySelector('input[name=visibility]:checked').value === 'public';
    const status = root.querySelector('#comment-status').value;
    try {
      await post(`/tickets/${id}/comments`, { body: text, public: isPublic, ...(status ? { status } : {}) });
      body.value = '';
      ticket = await get(`/tickets/${id}`);
      render();
      await loadComments();
    } catch (e) {
      error.textContent = problemText(e);
    }
  });

  render();
  await loadComments();
  tick(root);
  root.querySelector('#ticket-title').setAttribute('tabindex', '-1');
  root.querySelector('#ticket-title').focus();
}
