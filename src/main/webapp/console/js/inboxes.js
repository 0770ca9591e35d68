// Settings › Inboxes: the list, adding one, and an inbox's page with every setting of the API
// (name, websites, teams, assignment, the bot with its answer similarity and handoff words,
// greeting and away text, business hours with weekly windows, holidays and time zone, the pre-chat
// fields, files from visitors), a live preview of the widget as configured (before saving), the
// embed snippet, the widget key and the identity-verification secret. Every text from Parley's
// data is set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell, element, button } from './dom.js';
import { get, post, del, patch } from './api.js';
import { showSecret } from './secret.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TYPES = ['text', 'email', 'select'];

/** #/settings/inboxes */
export async function inboxList(pane, problemText, announce) {
  pane.replaceChildren(clone('inboxes'));
  const rows = pane.querySelector('#inbox-rows');
  const form = pane.querySelector('#inbox-add');
  const error = pane.querySelector('#inbox-add-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const name = form.querySelector('#inbox-new-name').value.trim();
    const origin = form.querySelector('#inbox-new-origin').value.trim();
    if (!name || !origin) {
      error.textContent = t('inboxes.nameAndOrigin');
      return;
    }
    try {
      const created = await post('/inboxes', { name, allowedOrigins: [origin] });
      announce(t('inboxes.created', { name: created.name }));
      location.hash = `#/settings/inboxes/${created.id}`;
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  try {
    const inboxes = await get('/inboxes');
    pane.querySelector('#no-inboxes').hidden = inboxes.length > 0;
    rows.replaceChildren(...inboxes.map((inbox) => {
      const tr = document.createElement('tr');
      const a = element('a', null, inbox.name);
      a.href = `#/settings/inboxes/${inbox.id}`;
      cell(tr, a);
      cell(tr, inbox.allowedOrigins.join(', '));
      cell(tr, inbox.bot ? t('inboxes.botOn') : t('inboxes.botOff'));
      cell(tr, inbox.openNow ? t('inboxes.openNow') : t('inboxes.closedNow'));
      return tr;
    }));
  } catch (e) {
    pane.querySelector('#inboxes-error').textContent = problemText(e);
  }
}

/** #/settings/inboxes/42 */
export async function inboxPage(pane, problemText, announce, id) {
  pane.replaceChildren(clone('inbox-page'));
  const form = pane.querySelector('#inbox-form');
  const error = pane.querySelector('#inbox-error');
  const extraError = pane.querySelector('#inbox-extra-error');
  const field = (selector) => form.querySelector(selector);
  let inbox;
  let teams;
  let models;
  try {
    [inbox, teams, { models }] = await Promise.all([get(`/inboxes/${id}`), get('/teams'), get('/prompts')]);
  } catch (e) {
    error.textContent = problemText(e);
    form.hidden = true;
    return;
  }
  const hours = hoursEditor(field('#hours-editor'), field('#inbox-always'), inbox.businessHours);
  const prechat = prechatEditor(field('#prechat-fields'), field('#prechat-add'), inbox.preChatFields);
  const preview = pane.querySelector('#widget-preview');

  const fill = (value) => {
    inbox = value;
    pane.querySelector('#inbox-heading').textContent = value.name;
    field('#inbox-name').value = value.name;
    field('#inbox-origins').value = value.allowedOrigins.join('\n');
    field('#inbox-assignment').value = value.assignment;
    field('#inbox-bot').checked = value.bot;
    field('#inbox-bot-similarity').value = value.botAnswerSimilarity == null ? '' : String(value.botAnswerSimilarity);
    field('#inbox-bot-similarity').placeholder = String(models.botAnswerSimilarity);
    field('#inbox-bot-similarity-hint').textContent = t('inboxes.botSimilarityHint', { value: i18n.number(models.botAnswerSimilarity) });
    field('#inbox-bot-handoff').value = value.botHandoffText || '';
    field('#inbox-greeting').value = value.greeting || '';
    field('#inbox-offline').value = value.offlineText || '';
    field('#inbox-max-mb').value = String(Math.round((value.maxAttachmentBytes / 1048576) * 10) / 10);
    field('#inbox-types').value = value.attachmentTypes.join(', ');
    const chosen = new Set(value.teams.map((team) => team.id));
    const box = field('#inbox-teams');
    box.querySelectorAll('label').forEach((label) => label.remove());
    for (const team of teams) {
      const label = element('label', 'compact');
      const check = element('input');
      check.type = 'checkbox';
      check.name = 'team';
      check.value = String(team.id);
      check.checked = chosen.has(team.id);
      label.append(check, ' ', element('span', null, team.name));
      box.append(label);
    }
    if (!teams.length) box.append(element('label', 'hint', t('inboxes.noTeams')));
  };
  fill(inbox);
  hours.set(inbox.businessHours);
  prechat.set(inbox.preChatFields);

  /** The form as the API's body: every setting, so what is saved is what is shown. */
  const body = () => ({
    name: field('#inbox-name').value.trim(),
    allowedOrigins: field('#inbox-origins').value.split(/\s+/).map((o) => o.trim()).filter(Boolean),
    teamIds: [...form.querySelectorAll('input[name=team]:checked')].map((c) => Number(c.value)),
    assignment: field('#inbox-assignment').value,
    bot: field('#inbox-bot').checked,
    botAnswerSimilarity: field('#inbox-bot-similarity').value === '' ? null : Number(field('#inbox-bot-similarity').value),
    botHandoffText: field('#inbox-bot-handoff').value.trim() || null,
    greeting: field('#inbox-greeting').value.trim(),
    offlineText: field('#inbox-offline').value.trim(),
    businessHours: hours.value(),
    preChatFields: prechat.value(),
    maxAttachmentBytes: Math.round(Number(field('#inbox-max-mb').value || 0) * 1048576),
    attachmentTypes: field('#inbox-types').value.split(',').map((x) => x.trim()).filter(Boolean),
  });

  let frame = 0;
  const redraw = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      drawPreview(preview, body());
    });
  };
  form.addEventListener('input', redraw);
  form.addEventListener('change', redraw);
  form.addEventListener('click', (event) => { if (event.target.closest('button')) redraw(); });
  drawPreview(preview, body());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    pane.querySelector('#inbox-saved').textContent = '';
    const input = body();
    if (!input.name) {
      error.textContent = t('inboxes.nameRequired');
      field('#inbox-name').focus();
      return;
    }
    const save = field('#inbox-save');
    save.disabled = true;
    try {
      const saved = await patch(`/inboxes/${id}`, input);
      fill(saved);
      pane.querySelector('#inbox-saved').textContent = t('inboxes.saved');
      announce(t('inboxes.saved'));
      loadSnippet();
    } catch (e) {
      error.textContent = problemText(e);
    } finally {
      save.disabled = false;
    }
  });

  // the snippet, the widget key and the identity secret
  const snippet = pane.querySelector('#inbox-snippet');
  const loadSnippet = async () => {
    try {
      snippet.textContent = (await get(`/inboxes/${id}/snippet`)).html;
    } catch (e) {
      extraError.textContent = problemText(e);
    }
  };
  loadSnippet();
  pane.querySelector('#snippet-copy').addEventListener('click', async () => {
    const status = pane.querySelector('#snippet-copied');
    try {
      await navigator.clipboard.writeText(snippet.textContent);
      status.textContent = t('secret.copied');
    } catch {
      const range = document.createRange();
      range.selectNodeContents(snippet);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      status.textContent = t('secret.copyByHand');
    }
  });
  pane.querySelector('#widget-key-rotate').addEventListener('click', async () => {
    if (!window.confirm(t('inboxes.rotateKeyConfirm'))) return;
    extraError.textContent = '';
    try {
      await post(`/inboxes/${id}/widget-key`);
      await loadSnippet();
      announce(t('inboxes.keyRotated'));
    } catch (e) {
      extraError.textContent = problemText(e);
    }
  });
  pane.querySelector('#identity-show').addEventListener('click', async () => {
    extraError.textContent = '';
    try {
      const { secret } = await get(`/inboxes/${id}/identity-secret`);
      showSecret(secret, 'inboxes.secretTitle', 'inboxes.secretText');
    } catch (e) {
      extraError.textContent = problemText(e);
    }
  });
  pane.querySelector('#identity-rotate').addEventListener('click', async () => {
    if (!window.confirm(t('inboxes.rotateSecretConfirm'))) return;
    extraError.textContent = '';
    try {
      const { secret } = await post(`/inboxes/${id}/identity-secret`);
      showSecret(secret, 'inboxes.secretTitle', 'inboxes.secretText');
    } catch (e) {
      extraError.textContent = problemText(e);
    }
  });
  pane.querySelector('#inbox-delete').addEventListener('click', async () => {
    if (!window.confirm(t('inboxes.deleteConfirm', { name: inbox.name }))) return;
    extraError.textContent = '';
    try {
      await del(`/inboxes/${id}`);
      announce(t('inboxes.deleted', { name: inbox.name }));
      location.hash = '#/settings/inboxes';
    } catch (e) {
      extraError.textContent = problemText(e);
    }
  });
}

/** Weekly windows per day, holidays and the time zone; value() is the API's businessHours. */
function hoursEditor(root, always, initial) {
  const zone = root.querySelector('#hours-zone');
  const zones = root.querySelector('#hours-zones');
  const days = root.querySelector('#hours-days');
  const holidayList = root.querySelector('#hours-holidays');
  const holidayInput = root.querySelector('#hours-holiday');
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  for (const name of (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [browserZone])) {
    const option = element('option');
    option.value = name;
    zones.append(option);
  }
  const windows = {};
  let holidays = [];

  const windowRow = (day, from, to) => {
    const li = element('li', 'hours-window');
    const start = element('input');
    start.type = 'time';
    start.value = from;
    start.setAttribute('aria-label', t('inboxes.opensOn', { day: t(`inboxes.day.${day}`) }));
    const end = element('input');
    end.type = 'time';
    end.value = to === '24:00' ? '23:59' : to;
    end.setAttribute('aria-label', t('inboxes.closesOn', { day: t(`inboxes.day.${day}`) }));
    const remove = button('×', 'link', () => li.remove(), t('inboxes.removeWindow', { day: t(`inboxes.day.${day}`) }));
    li.append(start, element('span', null, '–'), end, remove);
    windows[day].append(li);
  };

  for (const day of DAYS) {
    const tr = document.createElement('tr');
    const th = element('th', null, t(`inboxes.day.${day}`));
    th.scope = 'row';
    tr.append(th);
    const list = element('ul', 'hours-windows');
    list.dataset.day = day;
    windows[day] = list;
    const td = document.createElement('td');
    td.append(list, button(t('inboxes.addWindow'), 'secondary small', () => windowRow(day, '09:00', '17:00'), t('inboxes.addWindowOn', { day: t(`inboxes.day.${day}`) })));
    tr.append(td);
    days.append(tr);
  }

  const drawHolidays = () => {
    holidayList.replaceChildren(...holidays.map((date) => {
      const li = element('li', 'tag');
      li.append(element('span', null, date), button('×', 'link', () => {
        holidays = holidays.filter((d) => d !== date);
        drawHolidays();
      }, t('inboxes.removeHoliday', { date })));
      return li;
    }));
  };
  root.querySelector('#hours-holiday-add').addEventListener('click', () => {
    if (holidayInput.value && !holidays.includes(holidayInput.value)) {
      holidays = [...holidays, holidayInput.value].sort();
      drawHolidays();
    }
    holidayInput.value = '';
  });
  root.querySelector('#hours-copy').addEventListener('click', () => {
    const monday = [...windows.monday.querySelectorAll('li')].map((li) => [...li.querySelectorAll('input')].map((i) => i.value));
    for (const day of DAYS.slice(1, 5)) {
      windows[day].replaceChildren();
      monday.forEach(([from, to]) => windowRow(day, from, to));
    }
  });
  const toggle = () => { root.hidden = always.checked; };
  always.addEventListener('change', () => {
    if (!always.checked && !DAYS.some((day) => windows[day].children.length)) {
      DAYS.slice(0, 5).forEach((day) => windowRow(day, '09:00', '17:00'));
    }
    toggle();
  });

  return {
    set(hours) {
      always.checked = !hours;
      zone.value = (hours && hours.timeZone) || browserZone;
      DAYS.forEach((day) => windows[day].replaceChildren());
      if (hours) {
        for (const day of DAYS) (hours.weekly[day] || []).forEach(([from, to]) => windowRow(day, from, to));
      }
      holidays = hours ? [...(hours.holidays || [])].sort() : [];
      drawHolidays();
      toggle();
    },
    value() {
      if (always.checked) return null;
      const weekly = {};
      for (const day of DAYS) {
        const list = [...windows[day].querySelectorAll('li')]
          .map((li) => [...li.querySelectorAll('input')].map((i) => i.value))
          .filter(([from, to]) => from && to)
          .map(([from, to]) => [from, to === '23:59' ? '24:00' : to]);
        if (list.length) weekly[day] = list;
      }
      return { timeZone: zone.value.trim(), weekly, holidays };
    },
  };
}

/** The pre-chat fields: key, label, type, required, options (for a choice); value() for the API. */
function prechatEditor(list, addButton, initial) {
  const row = (f) => {
    const li = element('li', 'prechat-field');
    const labelled = (key, input) => {
      const label = element('label', 'compact');
      label.append(element('span', null, t(key)), ' ', input);
      return label;
    };
    const key = element('input', 'narrow');
    key.name = 'key';
    key.value = f.key || '';
    key.maxLength = 40;
    key.pattern = '[a-z0-9_]{1,40}';
    key.spellcheck = false;
    const label = element('input');
    label.name = 'label';
    label.value = f.label || '';
    label.maxLength = 200;
    const type = element('select');
    type.name = 'type';
    for (const name of TYPES) {
      const option = element('option', null, t(`inboxes.type.${name}`));
      option.value = name;
      type.append(option);
    }
    type.value = f.type || 'text';
    const required = element('input');
    required.type = 'checkbox';
    required.name = 'required';
    required.checked = !!f.required;
    const options = element('input');
    options.name = 'options';
    options.value = (f.options || []).join(', ');
    options.maxLength = 1000;
    const optionsLabel = labelled('inboxes.options', options);
    const showOptions = () => { optionsLabel.hidden = type.value !== 'select'; };
    type.addEventListener('change', showOptions);
    const requiredLabel = element('label', 'compact');
    requiredLabel.append(required, ' ', element('span', null, t('inboxes.required')));
    const up = button('↑', 'link', () => li.previousElementSibling && li.previousElementSibling.before(li), t('inboxes.moveUp'));
    const remove = button(t('inboxes.removeField'), 'link', () => li.remove());
    li.append(labelled('inboxes.fieldLabel', label), labelled('inboxes.fieldKey', key), labelled('inboxes.fieldType', type), requiredLabel, optionsLabel, up, remove);
    showOptions();
    list.append(li);
    return li;
  };
  addButton.addEventListener('click', () => {
    const li = row({ key: '', label: '', type: 'text' });
    li.querySelector('input[name=label]').focus();
  });
  return {
    set(fields) {
      list.replaceChildren();
      (fields || initial || []).forEach(row);
    },
    value() {
      return [...list.children].map((li) => {
        const value = (name) => li.querySelector(`[name=${name}]`);
        const type = value('type').value;
        const f = { key: value('key').value.trim(), label: value('label').value.trim(), type, required: value('required').checked };
        if (type === 'select') f.options = value('options').value.split(',').map((x) => x.trim()).filter(Boolean);
        return f;
      });
    },
  };
}

/** Whether the hours (the API's shape) are open at `now`: in their zone, holidays closed. */
export function openAt(hours, now = new Date()) {
  if (!hours) return true;
  let parts;
  try {
    parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
      timeZone: hours.timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(now).map((p) => [p.type, p.value]));
  } catch {
    return null; // not a time zone (yet)
  }
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if ((hours.holidays || []).includes(date)) return false;
  const time = `${parts.hour}:${parts.minute}`;
  return (hours.weekly[parts.weekday.toLowerCase()] || []).some(([from, to]) => from <= time && time < to);
}

/** The widget as a visitor would see it with these settings (the API's body). */
function drawPreview(root, s) {
  const open = openAt(s.businessHours);
  const head = element('div', 'preview-head');
  head.append(element('strong', null, s.name || '…'), element('span', 'preview-status', open === false ? t('inboxes.previewAway') : t('inboxes.previewOnline')));
  const body = element('div', 'preview-body');
  const bubble = (text) => body.append(element('p', 'preview-bubble', text));
  if (open === false) {
    bubble(s.offlineText || t('inboxes.previewOfflineDefault'));
    const email = element('input');
    email.type = 'email';
    email.disabled = true;
    email.placeholder = 'name@example.com';
    email.setAttribute('aria-label', t('inboxes.type.email'));
    body.append(email, element('span', 'preview-button', t('inboxes.previewNotify')));
  } else {
    bubble(s.greeting || t('inboxes.previewGreetingDefault'));
    if (s.bot) body.append(element('p', 'hint', t('inboxes.previewBot')));
    if (s.preChatFields.length) {
      const fields = element('div', 'preview-fields');
      for (const f of s.preChatFields) {
        const label = element('label');
        label.append(element('span', null, (f.label || f.key || '…') + (f.required ? ' *' : '')));
        let input;
        if (f.type === 'select') {
          input = element('select');
          for (const o of f.options || []) input.append(element('option', null, o));
        } else {
          input = element('input');
          input.type = f.type === 'email' ? 'email' : 'text';
        }
        input.disabled = true;
        label.append(input);
        fields.append(label);
      }
      body.append(fields);
    }
    body.append(element('span', 'preview-button', t('inboxes.previewStart')));
  }
  const foot = element('p', 'preview-foot hint', s.maxAttachmentBytes > 0
    ? t('inboxes.previewFiles', { size: i18n.number(Math.round((s.maxAttachmentBytes / 1048576) * 10) / 10) })
    : t('inboxes.previewNoFiles'));
  root.replaceChildren(head, body, foot);
}
