// Settings › Canned responses, Ticket fields, SLA policies and Signing keys: the help desk's shared
// texts (with their placeholders), the custom fields tickets carry, the targets each priority is
// measured against, and the keys that sign visitors' tokens (rotated, old ones retired). Every text
// from Parley's data is set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell, button, act } from './dom.js';
import { get, post, put, del, patch } from './api.js';

/** #/settings/canned */
export async function cannedSection(pane, problemText, announce) {
  pane.replaceChildren(clone('canned-settings'));
  const rows = pane.querySelector('#canned-rows');
  const form = pane.querySelector('#canned-form');
  const error = pane.querySelector('#canned-error');
  const heading = pane.querySelector('#canned-form-title');
  pane.querySelector('#canned-body-hint').textContent = t('canned.placeholders', {
    list: '{{visitor.name}}, {{visitor.email}}, {{agent.name}}, {{conversation.id}}, {{inbox.name}}, {{visitor.fields.key}}',
    example: '{{visitor.name|there}}',
  });
  let editing = null;
  const reset = () => {
    editing = null;
    form.reset();
    heading.textContent = t('canned.add');
    pane.querySelector('#canned-cancel').hidden = true;
  };
  const load = async () => {
    const list = await get('/canned-responses');
    pane.querySelector('#no-canned').hidden = list.length > 0;
    rows.replaceChildren(...list.map((c) => {
      const tr = document.createElement('tr');
      const code = document.createElement('code');
      code.textContent = `/${c.shortcut}`;
      cell(tr, code);
      cell(tr, c.title);
      const body = document.createElement('p');
      body.className = 'hint clip';
      body.textContent = c.body.length > 160 ? `${c.body.slice(0, 159)}…` : c.body;
      cell(tr, body);
      const actions = document.createElement('div');
      actions.className = 'actions';
      actions.append(
        button(t('canned.edit'), 'secondary', () => {
          editing = c;
          form.elements.shortcut.value = c.shortcut;
          form.elements.title.value = c.title;
          form.elements.body.value = c.body;
          heading.textContent = t('canned.editing', { title: c.title });
          pane.querySelector('#canned-cancel').hidden = false;
          form.elements.shortcut.focus();
        }, t('canned.editNamed', { title: c.title })),
        button(t('canned.delete'), 'danger', (event) => {
          if (!window.confirm(t('canned.deleteConfirm', { title: c.title }))) return;
          act(event.currentTarget, error, problemText, async () => {
            await del(`/canned-responses/${c.id}`);
            announce(t('canned.deleted', { title: c.title }));
            if (editing && editing.id === c.id) reset();
            await load();
          });
        }, t('canned.deleteNamed', { title: c.title })),
      );
      cell(tr, actions);
      return tr;
    }));
  };
  pane.querySelector('#canned-cancel').addEventListener('click', reset);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = { shortcut: form.elements.shortcut.value.trim().replace(/^\//, ''), title: form.elements.title.value.trim(), body: form.elements.body.value.trim() };
    if (!input.shortcut || !input.title || !input.body) {
      error.textContent = t('canned.allRequired');
      return;
    }
    act(form.querySelector('[type=submit]'), error, problemText, async () => {
      if (editing) await patch(`/canned-responses/${editing.id}`, input);
      else await post('/canned-responses', input);
      announce(t(editing ? 'canned.saved' : 'canned.created', { title: input.title }));
      reset();
      await load();
    });
  });
  reset();
  try {
    await load();
  } catch (e) {
    error.textContent = problemText(e);
  }
}

/** #/settings/fields */
export async function fieldsSection(pane, problemText, announce) {
  pane.replaceChildren(clone('field-settings'));
  const rows = pane.querySelector('#field-rows');
  const form = pane.querySelector('#field-form');
  const error = pane.querySelector('#field-error');
  const options = pane.querySelector('#field-options-label');
  form.elements.type.addEventListener('change', () => { options.hidden = form.elements.type.value !== 'dropdown'; });
  options.hidden = true;
  const split = (text) => text.split(/[,，、]/).map((x) => x.trim()).filter(Boolean); // and Chinese commas
  const load = async () => {
    const list = await get('/ticket-fields');
    pane.querySelector('#no-fields').hidden = list.length > 0;
    rows.replaceChildren(...list.map((f) => {
      const tr = document.createElement('tr');
      if (!f.active) tr.className = 'muted';
      cell(tr, f.label);
      const key = document.createElement('code');
      key.textContent = f.key;
      cell(tr, key);
      cell(tr, t(`fields.type.${f.type}`));
      const choices = cell(tr, f.options.join(', ') || '–');
      const required = document.createElement('input');
      required.type = 'checkbox';
      required.checked = f.requiredToSolve;
      required.setAttribute('aria-label', t('fields.requiredNamed', { label: f.label }));
      required.addEventListener('change', () => act(required, error, problemText, async () => {
        await patch(`/ticket-fields/${f.id}`, { requiredToSolve: required.checked });
        announce(t('fields.saved', { label: f.label }));
      }));
      cell(tr, required);
      const actions = document.createElement('div');
      actions.className = 'actions';
      if (f.type === 'dropdown') {
        const edit = button(t('fields.editOptions'), 'secondary', () => {
          // edited in place: Enter saves, Escape puts the list back
          const input = document.createElement('input');
          input.value = f.options.join(', ');
          input.setAttribute('aria-label', t('fields.optionsPrompt', { label: f.label }));
          const cancel = () => {
            choices.textContent = f.options.join(', ') || '–';
            edit.hidden = false;
            edit.focus();
          };
          const save = button(t('fields.saveOptions'), 'primary', () => act(save, error, problemText, async () => {
            await patch(`/ticket-fields/${f.id}`, { options: split(input.value) });
            announce(t('fields.saved', { label: f.label }));
            await load();
          }), t('fields.saveOptionsNamed', { label: f.label }));
          input.addEventListener('keydown', (event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              save.click();
            } else if (event.key === 'Escape') {
              event.preventDefault();
              cancel();
            }
          });
          choices.replaceChildren(input, save, button(t('fields.cancelOptions'), 'secondary', cancel));
          edit.hidden = true;
          input.focus();
        }, t('fields.editOptionsNamed', { label: f.label }));
        actions.append(edit);
      }
      actions.append(button(f.active ? t('fields.deactivate') : t('fields.activate'), 'secondary', (event) => act(event.currentTarget, error, problemText, async () => {
        await patch(`/ticket-fields/${f.id}`, { active: !f.active });
        announce(t('fields.saved', { label: f.label }));
        await load();
      }), t(f.active ? 'fields.deactivateNamed' : 'fields.activateNamed', { label: f.label })));
      cell(tr, actions);
      return tr;
    }));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = { key: form.elements.key.value.trim(), label: form.elements.label.value.trim(), type: form.elements.type.value, requiredToSolve: form.elements.requiredToSolve.checked };
    if (input.type === 'dropdown') input.options = split(form.elements.options.value);
    if (!input.key || !input.label) {
      error.textContent = t('fields.keyAndLabel');
      return;
    }
    act(form.querySelector('[type=submit]'), error, problemText, async () => {
      await post('/ticket-fields', input);
      announce(t('fields.created', { label: input.label }));
      form.reset();
      options.hidden = true;
      await load();
    });
  });
  try {
    await load();
  } catch (e) {
    error.textContent = problemText(e);
  }
}

const METRICS = ['firstResponse', 'nextResponse', 'resolution'];
const METRIC_NAMES = { firstResponse: 'sla.first_response', nextResponse: 'sla.next_response', resolution: 'sla.resolution' };
const UNITS = [['days', 1440], ['hours', 60], ['minutes', 1]];

/** PT4H, PT1H30M, PT48H as minutes (null: not measured). */
export function minutesOf(iso) {
  if (!iso) return null;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso);
  if (!m) return null;
  return Number(m[1] || 0) * 60 + Number(m[2] || 0) + Math.round(Number(m[3] || 0) / 60);
}

/** #/settings/sla */
export async function slaSection(pane, problemText, announce) {
  pane.replaceChildren(clone('sla-settings'));
  const rows = pane.querySelector('#sla-rows');
  const error = pane.querySelector('#sla-error');
  let policies;
  try {
    policies = await get('/sla-policies');
  } catch (e) {
    error.textContent = problemText(e);
    return;
  }
  rows.replaceChildren(...policies.map((p) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = t(`priority.${p.priority}`);
    tr.append(th);
    const inputs = {};
    for (const metric of METRICS) {
      const minutes = minutesOf(p[metric]);
      const [unit, size] = UNITS.find(([, s]) => minutes != null && minutes % s === 0) || UNITS[1];
      const amount = document.createElement('input');
      amount.type = 'number';
      amount.min = '1';
      amount.className = 'narrow-number';
      amount.value = minutes == null ? '' : String(minutes / size);
      amount.setAttribute('aria-label', t('sla.amountOf', { metric: t(METRIC_NAMES[metric]), priority: t(`priority.${p.priority}`) }));
      const units = document.createElement('select');
      for (const [name] of UNITS) {
        const option = document.createElement('option');
        option.value = name;
        option.textContent = t(`sla.unit.${name}`);
        units.append(option);
      }
      units.value = unit;
      units.setAttribute('aria-label', t('sla.unitOf', { metric: t(METRIC_NAMES[metric]), priority: t(`priority.${p.priority}`) }));
      inputs[metric] = { amount, units };
      const wrap = document.createElement('div');
      wrap.className = 'row nowrap';
      wrap.append(amount, units);
      cell(tr, wrap);
    }
    const save = button(t('sla.save'), null, () => {
      const body = {};
      for (const metric of METRICS) {
        const { amount, units } = inputs[metric];
        const value = Number(amount.value);
        if (!amount.value) body[metric] = null;
        else {
          const minutes = Math.round(value * UNITS.find(([n]) => n === units.value)[1]);
          body[metric] = minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
        }
      }
      act(save, error, problemText, async () => {
        await put(`/sla-policies/${p.priority}`, body);
        announce(t('sla.saved', { priority: t(`priority.${p.priority}`) }));
      });
    }, t('sla.saveNamed', { priority: t(`priority.${p.priority}`) }));
    cell(tr, save);
    return tr;
  }));
}

/** #/settings/keys */
export async function keysSection(pane, problemText, announce) {
  pane.replaceChildren(clone('key-settings'));
  const rows = pane.querySelector('#key-rows');
  const error = pane.querySelector('#key-error');
  const load = async () => {
    const keys = await get('/signing-keys');
    rows.replaceChildren(...keys.map((k) => {
      const tr = document.createElement('tr');
      const kid = document.createElement('code');
      kid.textContent = k.kid;
      cell(tr, kid);
      cell(tr, k.signing ? t('keys.signing') : t('keys.verifying'));
      return tr;
    }));
  };
  pane.querySelector('#key-rotate').addEventListener('click', (event) => {
    if (!window.confirm(t('keys.rotateConfirm'))) return;
    act(event.currentTarget, error, problemText, async () => {
      await post('/signing-keys/rotate');
      announce(t('keys.rotated'));
      await load();
    });
  });
  pane.querySelector('#key-retire').addEventListener('click', (event) => {
    if (!window.confirm(t('keys.retireConfirm'))) return;
    act(event.currentTarget, error, problemText, async () => {
      const { retired } = await post('/signing-keys/retire-old');
      announce(t('keys.retired', { count: i18n.number(retired) }));
      await load();
    });
  });
  try {
    await load();
  } catch (e) {
    error.textContent = problemText(e);
  }
}
