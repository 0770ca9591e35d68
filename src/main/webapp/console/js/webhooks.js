// Settings › Webhooks: the endpoints (URL, event types, inbox or team filter, enabled, disabled and
// failing flags), adding and editing one, its signing secret shown once (on creation and rotation),
// a test event with what came back, the delivery log (state, attempts, last answer; each attempt's
// status, duration and response), redelivery, and replaying a time range; and Settings › Event
// stream: who reads the events (API readers, webhook endpoints) and how far behind they are.
// Every text from Parley's data is set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell, tabList } from './dom.js';
import { get, post, put, del } from './api.js';
import { showSecret } from './secret.js';

const FAMILIES = ['*', 'conversation.*', 'message.*', 'csat.*', 'ticket.*', 'contact.*', 'article.*', 'ai.*', 'webhook.*'];

function badge(webhook) {
  const span = document.createElement('span');
  span.className = 'badge';
  if (!webhook.enabled) {
    span.textContent = t('webhooks.disabled');
    span.classList.add('off');
  } else if (webhook.failingSince) {
    span.textContent = t('webhooks.failing');
    span.classList.add('warn');
  } else {
    span.textContent = t('webhooks.active');
  }
  return span;
}

export async function webhookList(pane, problemText, announce) {
  pane.replaceChildren(clone('webhooks'));
  const rows = pane.querySelector('#webhook-rows');
  const error = pane.querySelector('#webhooks-error');
  const addButton = pane.querySelector('#webhook-add');
  addButton.addEventListener('click', () => {
    if (pane.querySelector('#webhook-setup')) return pane.querySelector('#webhook-url').focus();
    const form = webhookForm(null, problemText, async (input) => {
      const created = await post('/webhooks', input);
      showSecret(created.secret, 'webhooks.secretTitle', 'webhooks.secretOnce');
      announce(t('webhooks.added'));
      location.hash = `#/settings/webhooks/${created.id}`;
    }, () => { form.remove(); addButton.focus(); });
    pane.querySelector('.section-head').after(form);
    form.querySelector('#webhook-url').focus();
  });
  try {
    const { webhooks } = await get('/webhooks');
    rows.replaceChildren(...webhooks.map((w) => {
      const tr = document.createElement('tr');
      tr.dataset.id = w.id;
      const a = document.createElement('a');
      a.href = `#/settings/webhooks/${w.id}`;
      a.textContent = w.url;
      const td = cell(tr, a);
      if (w.description) {
        const p = document.createElement('p');
        p.className = 'hint';
        p.textContent = w.description;
        td.append(p);
      }
      cell(tr, w.eventTypes.join(', '));
      cell(tr, badge(w));
      cell(tr, i18n.when(w.updatedAt));
      return tr;
    }));
    pane.querySelector('#no-webhooks').hidden = webhooks.length > 0;
  } catch (e) {
    error.textContent = problemText(e);
  }
}

/** The form to add (webhook null) or edit an endpoint; `save` gets the API's input. */
function webhookForm(webhook, problemText, save, cancel) {
  const fragment = clone('webhook-form');
  const form = fragment.querySelector('form');
  const error = form.querySelector('#webhook-form-error');
  if (webhook) form.querySelector('#webhook-form-title').textContent = t('webhooks.editTitle');
  const inboxSelect = form.querySelector('#webhook-inbox');
  const teamSelect = form.querySelector('#webhook-team');
  Promise.all([get('/inboxes'), get('/teams')]).then(([inboxes, teams]) => {
    for (const [select, items, chosen] of [[inboxSelect, inboxes, webhook && webhook.inbox], [teamSelect, teams, webhook && webhook.team]]) {
      for (const item of items) {
        const option = document.createElement('option');
        option.value = item.id;
        option.textContent = item.name;
        select.append(option);
      }
      if (chosen) select.value = String(chosen);
    }
  }).catch((e) => { error.textContent = problemText(e); });
  if (webhook) {
    form.url.value = webhook.url;
    form.description.value = webhook.description || '';
    const other = [];
    for (const type of webhook.eventTypes) {
      const box = form.querySelector(`input[name=family][value="${CSS.escape(type)}"]`);
      if (box && FAMILIES.includes(type)) box.checked = true;
      else other.push(type);
    }
    form.types.value = other.join(', ');
    form.enabled.checked = webhook.enabled;
  } else {
    form.querySelector('input[name=family][value="ticket.*"]').checked = true;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const url = form.url.value.trim();
    const types = [
      ...[...form.querySelectorAll('input[name=family]:checked')].map((box) => box.value),
      ...form.types.value.split(',').map((type) => type.trim()).filter(Boolean),
    ];
    if (!/^https?:\/\/\S+$/i.test(url)) {
      error.textContent = t('webhooks.urlInvalid');
      form.url.setAttribute('aria-invalid', 'true');
      form.url.focus();
      return;
    }
    form.url.removeAttribute('aria-invalid');
    if (!types.length) {
      error.textContent = t('webhooks.typesRequired');
      form.querySelector('input[name=family]').focus();
      return;
    }
    const input = {
      url,
      description: form.description.value.trim() || null,
      eventTypes: [...new Set(types)],
      inbox: inboxSelect.value ? Number(inboxSelect.value) : null,
      team: teamSelect.value ? Number(teamSelect.value) : null,
      enabled: form.enabled.checked,
    };
    const button = form.querySelector('#webhook-save');
    button.disabled = true;
    try {
      await save(input);
    } catch (e) {
      error.textContent = problemText(e);
    } finally {
      button.disabled = false;
    }
  });
  form.querySelector('#webhook-cancel').addEventListener('click', cancel);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') cancel();
  });
  return form;
}

function inputOf(webhook, enabled = webhook.enabled) {
  return {
    url: webhook.url,
    description: webhook.description || null,
    eventTypes: webhook.eventTypes,
    inbox: webhook.inbox,
    team: webhook.team,
    enabled,
  };
}

export async function webhookPage(pane, problemText, announce, id) {
  pane.replaceChildren(clone('webhook'));
  const error = pane.querySelector('#webhook-error');
  const result = pane.querySelector('#webhook-result');
  let webhook = null;
  let state = '';

  async function load() {
    webhook = await get(`/webhooks/${id}`);
    pane.querySelector('#webhook-title').textContent = webhook.url;
    pane.querySelector('#webhook-state').replaceWith(Object.assign(badge(webhook), { id: 'webhook-state' }));
    const filters = [];
    const named = async (path, id) => ((await get(path).catch(() => [])).find((x) => x.id === id) || {}).name || `#${id}`;
    if (webhook.inbox) filters.push(t('webhooks.onlyInbox', { name: await named('/inboxes', webhook.inbox) }));
    if (webhook.team) filters.push(t('webhooks.onlyTeam', { name: await named('/teams', webhook.team) }));
    pane.querySelector('#webhook-summary').textContent = [webhook.description, webhook.eventTypes.join(', '), ...filters].filter(Boolean).join(' · ');
    const disabled = pane.querySelector('#webhook-disabled');
    disabled.hidden = webhook.enabled;
    disabled.textContent = webhook.enabled ? '' : t('webhooks.disabledBecause', { reason: webhook.disabledReason || t('webhooks.byAnAdmin') });
    const failing = pane.querySelector('#webhook-failing');
    failing.hidden = !webhook.failingSince;
    failing.textContent = webhook.failingSince ? t('webhooks.failingSince', { when: i18n.when(webhook.failingSince) }) : '';
    pane.querySelector('#webhook-toggle').textContent = t(webhook.enabled ? 'webhooks.disable' : 'webhooks.enable');
  }

  async function deliveries() {
    const rows = pane.querySelector('#delivery-rows');
    const query = new URLSearchParams({ limit: '50' });
    if (state) query.set('state', state);
    try {
      const list = (await get(`/webhooks/${id}/deliveries?${query}`)).deliveries;
      rows.replaceChildren(...list.map((d) => {
        const tr = document.createElement('tr');
        tr.dataset.id = d.id;
        cell(tr, i18n.when(d.createdAt));
        const type = document.createElement('code');
        type.textContent = d.type;
        cell(tr, type);
        const s = cell(tr, t(`deliveryState.${d.state}`));
        s.className = `delivery-${d.state}`;
        cell(tr, i18n.number(d.attempts));
        cell(tr, d.lastStatus != null ? String(d.lastStatus) : d.lastError || '–');
        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'link';
        open.textContent = t('webhooks.details');
        open.setAttribute('aria-label', t('webhooks.detailsOf', { event: d.event }));
        open.addEventListener('click', () => detail(d.id, open));
        cell(tr, open);
        return tr;
      }));
      pane.querySelector('#no-deliveries').hidden = list.length > 0;
    } catch (e) {
      error.textContent = problemText(e);
    }
  }

  async function detail(deliveryId, opener) {
    const box = pane.querySelector('#delivery-detail');
    try {
      const d = await get(`/webhooks/${id}/deliveries/${deliveryId}`);
      const section = document.createElement('section');
      section.className = 'card delivery-detail';
      section.setAttribute('aria-labelledby', 'delivery-detail-title');
      const h = document.createElement('h4');
      h.id = 'delivery-detail-title';
      h.tabIndex = -1;
      h.textContent = t('webhooks.deliveryOf', { event: d.event, type: d.type });
      const facts = document.createElement('p');
      facts.className = 'hint';
      facts.textContent = [
        t(`deliveryState.${d.state}`),
        d.nextAttemptAt && d.state === 'pending' ? t('webhooks.nextAttempt', { when: i18n.when(d.nextAttemptAt) }) : null,
      ].filter(Boolean).join(' · ');
      const table = document.createElement('table');
      table.className = 'data-table';
      const head = table.createTHead().insertRow();
      for (const key of ['webhooks.attempt', 'webhooks.at', 'webhooks.lastStatus', 'webhooks.duration', 'webhooks.response']) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = t(key);
        head.append(th);
      }
      const body = table.createTBody();
      for (const a of d.attempts) {
        const tr = body.insertRow();
        cell(tr, i18n.number(a.attempt));
        cell(tr, i18n.when(a.at));
        cell(tr, a.status != null ? String(a.status) : t('webhooks.noAnswer'));
        cell(tr, t('webhooks.ms', { ms: a.durationMs }));
        const response = document.createElement('pre');
        response.className = 'response';
        response.textContent = a.error ? `${a.error}${a.response ? `\n${a.response}` : ''}` : a.response;
        cell(tr, response);
      }
      if (!d.attempts.length) {
        const p = document.createElement('p');
        p.className = 'hint';
        p.textContent = t('webhooks.noAttempts');
        section.append(h, facts, p);
      } else {
        section.append(h, facts, table);
      }
      const sent = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = t('webhooks.body');
      const pre = document.createElement('pre');
      pre.className = 'response';
      pre.textContent = d.body;
      sent.append(summary, pre);
      const actions = document.createElement('div');
      actions.className = 'row';
      const again = document.createElement('button');
      again.type = 'button';
      again.id = 'redeliver';
      again.textContent = t('webhooks.redeliver');
      again.addEventListener('click', async () => {
        again.disabled = true;
        try {
          await post(`/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
          announce(t('webhooks.redelivering'));
          await deliveries();
          await detail(deliveryId, opener);
        } catch (e) {
          error.textContent = problemText(e);
          again.disabled = false;
        }
      });
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'secondary';
      close.textContent = t('closeDialog');
      close.addEventListener('click', () => {
        box.replaceChildren();
        if (opener && opener.isConnected) opener.focus();
      });
      actions.append(again, close);
      section.append(sent, actions);
      box.replaceChildren(section);
      h.focus();
    } catch (e) {
      error.textContent = problemText(e);
    }
  }

  const tabs = [...pane.querySelectorAll('#delivery-states [role=tab]')];
  const select = tabList(tabs, (tab) => {
    state = tab.dataset.state;
    deliveries();
  });
  pane.querySelector('#deliveries-refresh').addEventListener('click', () => deliveries());

  pane.querySelector('#webhook-test').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    result.replaceChildren();
    try {
      const d = await post(`/webhooks/${id}/test`);
      const p = document.createElement('p');
      p.className = d.state === 'delivered' ? 'success' : 'alert';
      p.id = 'test-result';
      p.textContent = d.state === 'delivered'
        ? t('webhooks.testDelivered', { status: d.lastStatus, ms: d.durationMs })
        : t('webhooks.testFailed', { answer: d.lastStatus != null ? String(d.lastStatus) : d.lastError || t('webhooks.noAnswer') });
      result.append(p);
      if (d.response) {
        const pre = document.createElement('pre');
        pre.className = 'response';
        pre.textContent = d.response;
        result.append(pre);
      }
      await deliveries();
    } catch (e) {
      error.textContent = problemText(e);
    } finally {
      button.disabled = false;
    }
  });
  pane.querySelector('#webhook-toggle').addEventListener('click', async () => {
    try {
      webhook = await put(`/webhooks/${id}`, inputOf(webhook, !webhook.enabled));
      announce(t(webhook.enabled ? 'webhooks.enabledNow' : 'webhooks.disabledNow'));
      await load();
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  pane.querySelector('#webhook-edit').addEventListener('click', () => {
    const editor = pane.querySelector('#webhook-editor');
    if (editor.firstChild) return editor.querySelector('#webhook-url').focus();
    const form = webhookForm(webhook, problemText, async (input) => {
      webhook = await put(`/webhooks/${id}`, input);
      editor.replaceChildren();
      announce(t('webhooks.saved'));
      await load();
      pane.querySelector('#webhook-edit').focus();
    }, () => { editor.replaceChildren(); pane.querySelector('#webhook-edit').focus(); });
    editor.replaceChildren(form);
    form.querySelector('#webhook-url').focus();
  });
  pane.querySelector('#webhook-rotate').addEventListener('click', async () => {
    const hours = Number(pane.querySelector('#webhook-overlap').value);
    if (!window.confirm(t('webhooks.rotateConfirm', { hours }))) return;
    try {
      const rotated = await post(`/webhooks/${id}/secret?overlapHours=${hours}`);
      showSecret(rotated.secret, 'webhooks.secretTitle', 'webhooks.secretOnce');
      announce(t('webhooks.rotated'));
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  pane.querySelector('#webhook-delete').addEventListener('click', async () => {
    if (!window.confirm(t('webhooks.deleteConfirm', { url: webhook.url }))) return;
    try {
      await del(`/webhooks/${id}`);
      announce(t('webhooks.deleted'));
      location.hash = '#/settings/webhooks';
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  const replay = pane.querySelector('#replay-form');
  const now = new Date();
  const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  replay.querySelector('#replay-from').value = local(new Date(now.getTime() - 3600_000));
  replay.querySelector('#replay-to').value = local(new Date(now.getTime() + 60_000)); // minutes: this one included
  replay.addEventListener('submit', async (event) => {
    event.preventDefault();
    const replayError = replay.querySelector('#replay-error');
    replayError.textContent = '';
    const from = new Date(replay.querySelector('#replay-from').value);
    const to = new Date(replay.querySelector('#replay-to').value);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
      replayError.textContent = t('webhooks.rangeInvalid');
      return;
    }
    try {
      const done = await post(`/webhooks/${id}/replay`, { from: from.toISOString(), to: to.toISOString() });
      announce(t('webhooks.replayed', { count: done.replayed }));
      replayError.textContent = '';
      const p = document.createElement('p');
      p.className = 'success';
      p.id = 'replay-result';
      p.textContent = t('webhooks.replayed', { count: done.replayed });
      result.replaceChildren(p);
      await deliveries();
    } catch (e) {
      replayError.textContent = problemText(e);
    }
  });

  try {
    await load();
    select(tabs[0], false);
  } catch (e) {
    error.textContent = problemText(e);
    throw e;
  }
}

/** #/settings/events: who reads the event stream (API readers, webhook endpoints) and how far. */
export async function eventReaders(pane, problemText) {
  pane.replaceChildren(clone('event-settings'));
  let data;
  try {
    data = await get('/events/consumers');
  } catch (e) {
    pane.querySelector('#events-error').textContent = problemText(e);
    return;
  }
  pane.querySelector('#events-latest').textContent = t('events.latest', { position: i18n.number(data.latest) });
  const behind = (n) => (n === 0 ? t('events.upToDate') : t('events.behindBy', { count: i18n.number(n) }));
  pane.querySelector('#no-readers').hidden = data.readers.length > 0;
  pane.querySelector('#reader-rows').replaceChildren(...data.readers.map((r) => {
    const tr = document.createElement('tr');
    const who = document.createElement('div');
    const name = document.createElement('strong');
    name.textContent = r.name;
    const kind = document.createElement('p');
    kind.className = 'hint';
    kind.textContent = t(`events.kind.${r.kind}`);
    who.append(name, kind);
    cell(tr, who);
    const types = document.createElement('code');
    types.textContent = r.types;
    cell(tr, types);
    cell(tr, i18n.number(r.position));
    cell(tr, behind(r.behind));
    cell(tr, i18n.when(r.readAt));
    cell(tr, i18n.number(r.reads));
    return tr;
  }));
  pane.querySelector('#no-endpoints').hidden = data.webhooks.length > 0;
  pane.querySelector('#endpoint-rows').replaceChildren(...data.webhooks.map((w) => {
    const tr = document.createElement('tr');
    const a = document.createElement('a');
    a.href = `#/settings/webhooks/${w.id}`;
    a.textContent = w.url;
    const td = cell(tr, a);
    if (!w.enabled) {
      const off = document.createElement('span');
      off.className = 'badge off';
      off.textContent = t('webhooks.disabled');
      td.append(' ', off);
    }
    cell(tr, i18n.number(w.position));
    cell(tr, behind(w.behind));
    return tr;
  }));
}
