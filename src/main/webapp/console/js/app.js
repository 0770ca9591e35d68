// The agent console: signs in (the session is an HttpOnly cookie), takes a one-time password
// through the password change it requires, and shows the conversations of the chosen view.
// Every text shown comes from the strings files or from Parley's data, set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { get, post, put, page, Problem, Offline } from './api.js';
import { applyTheme, storedTheme } from '../../ui/theme.js';
import { ChatConnection } from '../../ui/chat.js';
import { ConversationView } from './conversation.js';
import { Notifier } from './notify.js';
import { installShortcuts } from './shortcuts.js';
import { ticketList, ticketPage } from './tickets.js';
import { webhookList, webhookPage, eventReaders } from './webhooks.js';
import { peopleSection, teamsSection, tokensSection } from './people.js';
import { topicsSection } from './topics.js';
import { inboxList, inboxPage } from './inboxes.js';
import { aiSection } from './ai.js';
import { cannedSection, fieldsSection, slaSection, keysSection } from './helpdesk.js';
import { reportsPlace } from './reports.js';
import { knowledgePlace } from './knowledge.js';

const main = document.getElementById('main');
const status = document.getElementById('status');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');
const localeSelect = document.getElementById('locale');
const themeSelect = document.getElementById('theme');
const connection = document.getElementById('connection');

let me = null;
let rerender = () => {};
let chat = null;
let thread = null;

/** The live connection, opened once signed in; its state is shown quietly in the bar. */
function live() {
  if (chat) return chat;
  chat = new ChatConnection();
  chat.addEventListener('state', (event) => {
    const state = event.detail;
    connection.hidden = state === 'online';
    connection.textContent = state === 'online' ? '' : t(`connection.${state}`);
    if (state === 'ended') {
      me = null;
      stopLive();
      route();
      announce(t('sessionEnded'));
    }
  });
  // at most two refreshes a second, however busy the inbox: a steady stream of events must not
  // postpone the refresh for ever (a debounce would)
  let reload = null;
  const refresh = () => {
    if (reload) return;
    reload = setTimeout(() => {
      reload = null;
      const view = document.querySelector('.inbox');
      if (view) load(view, true);
    }, 500);
  };
  chat.addEventListener('conversation', refresh);
  chat.addEventListener('message', refresh);
  chat.addEventListener('welcome', (event) => {
    presenceSelect.value = event.detail.presence === 'away' ? 'away' : 'online';
  });
  chat.addEventListener('conversation', () => capacity());
  new Notifier(chat, me).start();
  chat.connect();
  agentTools.hidden = false;
  capacity();
  return chat;
}

const agentTools = document.getElementById('agent-tools');
const presenceSelect = document.getElementById('presence');
presenceSelect.addEventListener('change', () => {
  if (chat) chat.raw({ type: 'presence', status: presenceSelect.value });
  announce(t(`presence.${presenceSelect.value}`));
});

let capacityTimer = null;
/** How many open conversations are mine, against how many I take at once. */
function capacity() {
  clearTimeout(capacityTimer);
  capacityTimer = setTimeout(async () => {
    if (!me) return;
    try {
      const [mine, agent] = await Promise.all([get('/conversations?view=mine&limit=200'), get(`/agents/${me.id}/chat`)]);
      document.getElementById('capacity').textContent = t('capacity', { mine: mine.length, capacity: agent.capacity });
    } catch (e) {
      document.getElementById('capacity').textContent = '';
    }
  }, 300);
}

function stopLive() {
  if (thread) thread.dispose();
  thread = null;
  if (chat) chat.close();
  chat = null;
  connection.hidden = true;
  agentTools.hidden = true;
  document.title = 'Parley';
}

function announce(message) {
  status.textContent = '';
  // a new text node, so screen readers announce a repeated message too
  requestAnimationFrame(() => { status.textContent = message; });
}

function show(templateId) {
  const content = document.getElementById(templateId).content.cloneNode(true);
  i18n.apply(content);
  main.replaceChildren(content);
  return main;
}

function problemText(e) {
  if (e instanceof Offline) return t('error.offline');
  if (e instanceof Problem) {
    if (e.type === 'invalid-credentials') return t('error.invalidCredentials');
    if (e.status === 429) return t('error.tooManyAttempts', { minutes: Math.max(1, Math.ceil((e.retryAfter || 60) / 60)) });
    const errors = e.body.errors || [];
    if (errors.length) {
      return errors.map((x) => t('error.field', { field: String(x.pointer || x.field || '').replace(/^#\//, ''), message: x.detail || x.message || '' })).join(' ');
    }
    return e.body.detail || t('error.unexpected', { status: e.status });
  }
  return t('error.unexpected', { status: '?' });
}

function renderWho() {
  if (me) {
    who.textContent = t('signedInAs', { name: me.displayName || me.email, role: t(`role.${me.role}`) });
  }
  who.hidden = !me;
  signOutButton.hidden = !me;
  document.getElementById('places').hidden = !me || me.passwordChangeRequired;
  document.getElementById('to-settings').hidden = !me || me.role !== 'admin';
  document.getElementById('to-reports').hidden = !me || me.role !== 'admin';
  document.getElementById('to-knowledge').hidden = !me || me.role !== 'admin';
}

async function start() {
  try {
    me = await get('/me');
  } catch (e) {
    me = null;
    if (!(e instanceof Problem && e.status === 401)) {
      signIn(problemText(e));
      return;
    }
  }
  route();
}

function route() {
  renderWho();
  if (!me) {
    stopLive();
    signIn();
  }
  else if (me.passwordChangeRequired) changePassword();
  else if (location.hash.startsWith('#/tickets')) tickets();
  else if (location.hash.startsWith('#/settings')) settings();
  else if (location.hash.startsWith('#/reports')) reports();
  else if (location.hash.startsWith('#/knowledge')) knowledge();
  else inbox();
}

/** #/knowledge (articles, an article, knowledge gaps): administrators only. */
function knowledge() {
  rerender = () => knowledge();
  adminPlace('knowledge', 'knowledge', '#knowledge-pane', (root) => knowledgePlace(root, problemText, announce));
}

/** #/reports (the overview) and #/reports/<name>?<choices>: administrators only. */
function reports() {
  rerender = () => reports();
  adminPlace('reports', 'reports', '#report-pane', (root) => reportsPlace(root, problemText));
}

/**
 * #/settings/people, teams, inboxes (and inboxes/42), canned, fields, sla, tokens, keys, topics,
 * ai (and ai/42: a conversation's decision trail), webhooks (and webhooks/42), events:
 * administrators only.
 */
function settings() {
  rerender = () => settings();
  adminPlace('settings', 'settings', '#settings-pane', (root, pane) => {
    const section = (/^#\/settings\/([a-z]+)/.exec(location.hash) || [])[1] || 'people';
    const match = /^#\/settings\/webhooks\/(\d+)$/.exec(location.hash);
    const inboxMatch = /^#\/settings\/inboxes\/(\d+)$/.exec(location.hash);
    const trailMatch = /^#\/settings\/ai\/(\d+)$/.exec(location.hash);
    for (const link of root.querySelectorAll('.settings-nav a')) {
      if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    }
    const sections = {
      people: () => peopleSection(pane, problemText, announce, me),
      teams: () => teamsSection(pane, problemText, announce),
      inboxes: () => (inboxMatch ? inboxPage(pane, problemText, announce, Number(inboxMatch[1])) : inboxList(pane, problemText, announce)),
      tokens: () => tokensSection(pane, problemText, announce),
      keys: () => keysSection(pane, problemText, announce),
      canned: () => cannedSection(pane, problemText, announce),
      fields: () => fieldsSection(pane, problemText, announce),
      sla: () => slaSection(pane, problemText, announce),
      topics: () => topicsSection(pane, problemText, announce),
      events: () => eventReaders(pane, problemText),
      ai: () => aiSection(pane, problemText, trailMatch ? Number(trailMatch[1]) : null),
      webhooks: () => (match ? webhookPage(pane, problemText, announce, Number(match[1])) : webhookList(pane, problemText, announce)),
    };
    return (sections[section] || sections.people)();
  });
}

/**
 * A place for administrators: others get a clear page instead (so does an admin the API refuses);
 * what fails while it loads is said in its pane.
 */
function adminPlace(place, templateId, paneSelector, render) {
  if (thread) thread.dispose();
  thread = null;
  live();
  markPlace(place);
  if (me.role !== 'admin') {
    show('forbidden');
    main.focus();
    return;
  }
  const root = show(templateId);
  const pane = root.querySelector(paneSelector);
  render(root, pane).catch((e) => {
    if (e instanceof Problem && e.status === 403) {
      show('forbidden');
      return;
    }
    const error = document.createElement('p');
    error.className = 'error';
    error.setAttribute('role', 'alert');
    error.textContent = problemText(e);
    pane.append(error);
  });
  main.focus();
}

/** #/tickets lists tickets, #/tickets/42 opens one. */
function tickets() {
  rerender = () => tickets();
  if (thread) thread.dispose();
  thread = null;
  live();
  const match = /^#\/tickets\/(\d+)$/.exec(location.hash);
  markPlace('tickets');
  if (match) {
    ticketPage(main, show, problemText, Number(match[1]), me).catch((e) => {
      const error = document.createElement('p');
      error.className = 'error';
      error.setAttribute('role', 'alert');
      error.textContent = problemText(e);
      main.replaceChildren(error);
    });
  } else {
    ticketList(main, show, problemText);
  }
}

function markPlace(place) {
  for (const link of document.querySelectorAll('#places a')) {
    if (link.id === `to-${place}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function signIn(message = '') {
  rerender = () => signIn();
  const view = show('sign-in');
  const form = view.querySelector('#sign-in-form');
  const error = view.querySelector('#sign-in-error');
  const submit = form.querySelector('button[type=submit]');
  error.textContent = message;
  form.email.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!form.email.value.trim() || !form.password.value) {
      error.textContent = t('error.required');
      return;
    }
    submit.disabled = true;
    submit.textContent = t('signingIn');
    try {
      const result = await post('/auth/login', { email: form.email.value.trim(), password: form.password.value, cookie: true });
      me = result.user;
      route();
    } catch (e) {
      error.textContent = problemText(e);
      submit.disabled = false;
      submit.textContent = t('signIn');
      form.password.select();
    }
  });
  view.querySelector('#forgot').addEventListener('click', async () => {
    const result = view.querySelector('#forgot-result');
    if (!form.email.value.trim()) {
      error.textContent = t('forgotNeedsEmail');
      form.email.focus();
      return;
    }
    try {
      await post('/auth/password-resets', { email: form.email.value.trim() });
      result.textContent = t('forgotSent');
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
}

function changePassword() {
  rerender = () => changePassword();
  const view = show('change-password');
  const form = view.querySelector('#change-form');
  const error = view.querySelector('#change-error');
  form.current.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!form.current.value || !form.new.value || !form.confirm.value) {
      error.textContent = t('error.required');
      return;
    }
    if (form.new.value !== form.confirm.value) {
      error.textContent = t('passwordsDiffer');
      form.confirm.focus();
      return;
    }
    try {
      await put('/me/password', { currentPassword: form.current.value, newPassword: form.new.value });
      me = await get('/me');
      announce(t('passwordSaved'));
      route();
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
}

let currentView = 'mine';
let currentState = '';
const filters = { search: '', inbox: '', team: '', waiting: '', sort: 'activity' };
let nextCursor = null;
let shownCount = 0;

function inbox() {
  rerender = () => inbox();
  markPlace('conversations');
  const view = show('inbox');
  const tabs = [...view.querySelectorAll('#views [role=tab]')];
  for (const tab of tabs) {
    if (tab.hasAttribute('data-admin') && me.role !== 'admin') tab.remove();
  }
  const shown = tabs.filter((tab) => tab.isConnected);
  const select = (tab, focus) => {
    for (const other of shown) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
    }
    if (focus) tab.focus();
    currentView = tab.dataset.view;
    load(view);
  };
  shown.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        select(shown[(index + step + shown.length) % shown.length], true);
      } else if (event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        select(shown[event.key === 'Home' ? 0 : shown.length - 1], true);
      }
    });
  });
  const stateFilter = view.querySelector('#state-filter');
  stateFilter.value = currentState;
  stateFilter.addEventListener('change', () => {
    currentState = stateFilter.value;
    load(view);
  });
  wireFilters(view);
  view.querySelector('#more').addEventListener('click', () => more(view));
  select(shown.find((tab) => tab.dataset.view === currentView) || shown[0], false);
  live();
  openFromHash(view);
  main.focus();
}

/** #/conversations/42 opens that conversation beside the list (instead of it, on a phone). */
function openFromHash(root) {
  const view = root.matches('.inbox') ? root : root.querySelector('.inbox');
  const match = /^#\/conversations\/(\d+)$/.exec(location.hash);
  const pane = view.querySelector('#thread-pane');
  if (thread) thread.dispose();
  thread = null;
  for (const row of view.querySelectorAll('#conversation-list li')) {
    row.querySelector('a').removeAttribute('aria-current');
    if (match && row.dataset.id === match[1]) row.querySelector('a').setAttribute('aria-current', 'true');
  }
  if (!match) {
    view.classList.remove('has-thread');
    pane.replaceChildren(...document.getElementById('inbox').content.querySelector('#thread-pane').cloneNode(true).childNodes);
    i18n.apply(pane);
    return;
  }
  view.classList.add('has-thread');
  const content = document.getElementById('conversation').content.cloneNode(true);
  i18n.apply(content);
  pane.replaceChildren(content);
  thread = new ConversationView(pane, Number(match[1]), live(), me, (e) => {
    pane.querySelector('#compose-error').textContent = problemText(e);
  });
  thread.open().catch((e) => {
    pane.replaceChildren();
    const error = document.createElement('p');
    error.className = 'error';
    error.setAttribute('role', 'alert');
    error.textContent = problemText(e);
    pane.append(error);
  });
}

window.addEventListener('hashchange', () => {
  if (!me || me.passwordChangeRequired) return;
  const onTickets = location.hash.startsWith('#/tickets');
  const onSettings = location.hash.startsWith('#/settings');
  const onReports = location.hash.startsWith('#/reports');
  const onKnowledge = location.hash.startsWith('#/knowledge');
  if (onTickets || onSettings || onReports || onKnowledge || !document.querySelector('.inbox')) {
    if (onTickets) tickets();
    else if (onSettings) settings();
    else if (onReports) reports();
    else if (onKnowledge) knowledge();
    else inbox();
    return;
  }
  const view = document.querySelector('.inbox');
  if (view && me) {
    openFromHash(view);
    const title = view.querySelector('#thread-title');
    if (title) title.setAttribute('tabindex', '-1');
  }
});

/** Search, inbox, team, waiting time and sort: each change reloads the list's first page. */
function wireFilters(view) {
  const controls = {
    search: view.querySelector('#search'),
    inbox: view.querySelector('#inbox-filter'),
    team: view.querySelector('#team-filter'),
    waiting: view.querySelector('#waiting-filter'),
    sort: view.querySelector('#sort'),
  };
  view.querySelector('#filters').addEventListener('submit', (event) => event.preventDefault());
  let typing = null;
  for (const [key, control] of Object.entries(controls)) {
    control.value = filters[key];
    control.addEventListener(key === 'search' ? 'input' : 'change', () => {
      filters[key] = control.value;
      clearTimeout(typing);
      typing = setTimeout(() => load(view), key === 'search' ? 300 : 0);
    });
  }
  Promise.all([get('/inboxes'), get('/teams')]).then(([inboxes, teams]) => {
    for (const i of inboxes) controls.inbox.append(new Option(i.name, i.id));
    for (const team of teams) controls.team.append(new Option(team.name, team.id));
    controls.inbox.value = filters.inbox;
    controls.team.value = filters.team;
  }).catch(() => { /* the filters stay at "any" */ });
}

function listQuery(limit) {
  const query = new URLSearchParams({ view: currentView, limit: String(limit), sort: filters.sort });
  if (currentState) query.set('state', currentState);
  if (filters.search.trim()) query.set('q', filters.search.trim());
  if (filters.inbox) query.set('inbox', filters.inbox);
  if (filters.team) query.set('team', filters.team);
  if (filters.waiting) query.set('waitingMinutes', filters.waiting);
  return query;
}

function row(c) {
  const item = document.getElementById('conversation-row').content.firstElementChild.cloneNode(true);
  item.dataset.id = c.id;
  const link = item.querySelector('a');
  link.href = `#/conversations/${c.id}`;
  if (location.hash === link.getAttribute('href')) link.setAttribute('aria-current', 'true');
  const visitor = c.visitor || {};
  item.querySelector('.visitor').textContent = visitor.name || visitor.email || t('anonymousVisitor', { id: visitor.id });
  item.querySelector('.state').textContent = t(`state.${c.state}`);
  const unread = Math.max(0, (c.lastSeq || 0) - (c.agentReadSeq || 0));
  const badge = item.querySelector('.unread');
  badge.hidden = unread === 0 || c.state === 'closed';
  badge.textContent = t('unread', { count: unread });
  badge.dataset.count = String(unread);
  item.classList.toggle('has-unread', !badge.hidden);
  const last = c.lastMessage;
  item.querySelector('.preview').textContent = last
    ? (last.kind === 'visitor' ? last.text : t(`preview.${last.kind}`, { text: last.text }))
    : c.summary || visitor.email || '';
  const time = item.querySelector('.when');
  time.dateTime = c.updatedAt;
  time.textContent = sortedByWaiting() ? t('waitingFor', { minutes: minutesSince(c.updatedAt) }) : i18n.when(c.updatedAt);
  return item;
}

function sortedByWaiting() {
  return filters.sort === 'waiting';
}

function minutesSince(iso) {
  return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
}

/** The next page of the list, appended. */
async function more(view) {
  if (!nextCursor) return;
  const list = view.querySelector('#conversation-list');
  const query = listQuery(50);
  query.set('cursor', nextCursor);
  try {
    const result = await page(`/conversations?${query}`);
    const known = new Set([...list.children].map((li) => li.dataset.id));
    list.append(...result.rows.filter((c) => !known.has(String(c.id))).map(row));
    nextCursor = result.next;
    shownCount = list.children.length;
    view.querySelector('#more').hidden = !nextCursor;
    notifyUnread(list);
  } catch (e) {
    view.querySelector('#inbox-error').textContent = problemText(e);
  }
}

/** The unread total, in the window's title (and for the notifier). */
function notifyUnread(list) {
  let total = 0;
  for (const badge of list.querySelectorAll('.unread:not([hidden])')) total += Number(badge.dataset.count || 0) || 1;
  document.dispatchEvent(new CustomEvent('parley:unread', { detail: total }));
}

let loading = 0;

async function load(view, quietly = false) {
  const list = view.querySelector('#conversation-list');
  const empty = view.querySelector('#no-conversations');
  const error = view.querySelector('#inbox-error');
  const mine = ++loading;
  if (!quietly) list.setAttribute('aria-busy', 'true');
  error.textContent = '';
  try {
    // a live refresh keeps as many rows as the agent has paged through (at most 200)
    const limit = quietly ? Math.min(200, Math.max(50, shownCount)) : 50;
    const result = await page(`/conversations?${listQuery(limit)}`);
    const conversations = result.rows;
    if (mine !== loading) return;
    const focusedRow = document.activeElement && document.activeElement.closest('#conversation-list li');
    const keepFocus = focusedRow ? focusedRow.dataset.id : null;
    list.replaceChildren(...conversations.map(row));
    nextCursor = result.next;
    shownCount = conversations.length;
    view.querySelector('#more').hidden = !nextCursor;
    notifyUnread(list);
    if (keepFocus) {
      const again = list.querySelector(`li[data-id="${CSS.escape(keepFocus)}"] a`);
      if (again) again.focus();
    }
    empty.hidden = conversations.length > 0;
    if (!quietly) announce(t('conversationCount', { count: conversations.length }));
  } catch (e) {
    if (e instanceof Problem && e.status === 401) {
      me = null;
      route();
      announce(t('sessionEnded'));
      return;
    }
    error.textContent = problemText(e);
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

signOutButton.addEventListener('click', async () => {
  try {
    await post('/auth/logout');
  } catch (e) {
    // the session may already be gone; either way this page forgets it
  }
  me = null;
  stopLive();
  history.replaceState(null, '', location.pathname);
  route();
  announce(t('signedOut'));
});

localeSelect.addEventListener('change', async () => {
  await i18n.use(localeSelect.value, true);
  renderWho();
  rerender();
});

themeSelect.addEventListener('change', () => applyTheme(themeSelect.value, true));

async function boot() {
  themeSelect.value = storedTheme();
  applyTheme(themeSelect.value, false);
  const locale = i18n.preferred();
  localeSelect.value = locale;
  i18n.from(new URL('../i18n/', import.meta.url));
  await i18n.use(locale);
  installShortcuts();
  await start();
}

boot();
