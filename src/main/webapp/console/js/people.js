// Settings › People, Teams and API tokens: adding a person (a one-time password shown once), their
// role, how many chats they take at once, deactivating and reactivating, a new one-time password;
// teams and their members; API tokens with their scopes and expiry (the secret shown once) and
// revoking them. Every text from Parley's data is set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell, button, act } from './dom.js';
import { get, post, put, del, patch } from './api.js';
import { showSecret } from './secret.js';

export async function peopleSection(pane, problemText, announce, me) {
  pane.replaceChildren(clone('people'));
  const rows = pane.querySelector('#people-rows');
  const error = pane.querySelector('#people-error');
  const form = pane.querySelector('#person-form');

  async function load() {
    const users = await get('/users');
    const capacities = await Promise.all(users.map((u) => get(`/agents/${u.id}/chat`).catch(() => null)));
    rows.replaceChildren(...users.map((u, index) => row(u, capacities[index])));
  }

  function row(user, chat) {
    const tr = document.createElement('tr');
    tr.dataset.id = user.id;
    const who = document.createElement('div');
    const name = document.createElement('strong');
    name.textContent = user.displayName;
    const email = document.createElement('div');
    email.className = 'hint';
    email.textContent = user.email;
    who.append(name, email);
    cell(tr, who);

    const role = document.createElement('select');
    role.setAttribute('aria-label', t('people.roleOf', { name: user.displayName }));
    for (const value of ['agent', 'admin']) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = t(value === 'agent' ? 'people.roleAgent' : 'people.roleAdmin');
      role.append(option);
    }
    role.value = user.role;
    role.disabled = user.id === me.id; // no one demotes themselves by a slip of the mouse
    role.addEventListener('change', () => act(role, error, problemText, async () => {
      try {
        await patch(`/users/${user.id}`, { role: role.value });
        announce(t('people.roleChanged', { name: user.displayName }));
      } catch (e) {
        role.value = user.role;
        throw e;
      }
      user.role = role.value;
    }));
    cell(tr, role);
    cell(tr, user.teams.map((team) => team.name).join(', ') || '–');

    const capacity = document.createElement('input');
    capacity.type = 'number';
    capacity.min = '0';
    capacity.max = '100';
    capacity.className = 'narrow-number';
    capacity.value = chat ? chat.capacity : '';
    capacity.setAttribute('aria-label', t('people.capacityOf', { name: user.displayName }));
    capacity.addEventListener('change', () => {
      const value = Number(capacity.value);
      if (capacity.value === '' || !Number.isInteger(value) || value < 0 || value > 100) {
        error.textContent = t('people.capacityRange'); // what is typed stays, to be corrected
        capacity.setAttribute('aria-invalid', 'true');
        return;
      }
      capacity.removeAttribute('aria-invalid');
      act(capacity, error, problemText, async () => {
        chat = await put(`/agents/${user.id}/chat/capacity`, { capacity: value });
        announce(t('people.capacitySaved', { name: user.displayName, count: value }));
      });
    });
    cell(tr, capacity);

    const status = document.createElement('span');
    status.className = user.active ? 'badge' : 'badge off';
    status.textContent = t(user.active ? 'people.active' : 'people.deactivated');
    cell(tr, status);

    const actions = document.createElement('div');
    actions.className = 'row';
    if (user.id !== me.id) {
      actions.append(button(t(user.active ? 'people.deactivate' : 'people.reactivate'), 'secondary', (event) => {
        if (user.active && !window.confirm(t('people.deactivateConfirm', { name: user.displayName }))) return;
        act(event.currentTarget, error, problemText, async () => {
          await patch(`/users/${user.id}`, { active: !user.active });
          announce(t(user.active ? 'people.deactivatedNow' : 'people.reactivatedNow', { name: user.displayName }));
          await load();
        });
      }, t(user.active ? 'people.deactivateOf' : 'people.reactivateOf', { name: user.displayName })));
      actions.append(button(t('people.reset'), 'secondary', (event) => {
        if (!window.confirm(t('people.resetConfirm', { name: user.displayName }))) return;
        act(event.currentTarget, error, problemText, async () => {
          const reset = await post(`/users/${user.id}/password-reset`);
          showSecret(reset.oneTimePassword, 'people.passwordTitle', 'people.passwordOnce');
        });
      }, t('people.resetOf', { name: user.displayName })));
    }
    cell(tr, actions);
    return tr;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const formError = form.querySelector('#person-error');
    const email = form.email.value.trim();
    const name = form.name.value.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      formError.textContent = t('people.emailInvalid');
      form.email.setAttribute('aria-invalid', 'true');
      form.email.focus();
      return;
    }
    form.email.removeAttribute('aria-invalid');
    if (!name) {
      formError.textContent = t('people.nameRequired');
      form.name.focus();
      return;
    }
    act(form.querySelector('#person-add'), formError, problemText, async () => {
      const created = await post('/users', { email, displayName: name, role: form.role.value });
      form.reset();
      await load();
      showSecret(created.oneTimePassword, 'people.passwordTitle', 'people.passwordOnce');
      announce(t('people.added', { name }));
    });
  });
  try {
    await load();
  } catch (e) {
    error.textContent = problemText(e);
  }
}

export async function teamsSection(pane, problemText, announce) {
  pane.replaceChildren(clone('teams'));
  const list = pane.querySelector('#team-list');
  const error = pane.querySelector('#teams-error');
  const form = pane.querySelector('#team-form');

  async function load() {
    const [teams, users] = await Promise.all([get('/teams'), get('/users')]);
    list.replaceChildren(...teams.map((team) => item(team, users.filter((u) => u.active))));
    pane.querySelector('#no-teams').hidden = teams.length > 0;
  }

  function item(team, users) {
    const li = document.createElement('li');
    li.className = 'card team';
    li.dataset.id = team.id;
    const head = document.createElement('div');
    head.className = 'section-head';
    const h = document.createElement('h3');
    h.textContent = team.name;
    h.id = `team-${team.id}-name`;
    head.append(h, button(t('webhooks.delete'), 'danger', (event) => {
      if (!window.confirm(t('teams.deleteConfirm', { name: team.name }))) return;
      act(event.currentTarget, error, problemText, async () => {
        await del(`/teams/${team.id}`);
        announce(t('teams.deleted', { name: team.name }));
        await load();
      });
    }, t('teams.deleteOf', { name: team.name })));
    li.append(head);
    if (team.description) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = team.description;
      li.append(p);
    }
    const members = document.createElement('ul');
    members.className = 'tags';
    members.setAttribute('aria-label', t('teams.membersOf', { name: team.name }));
    for (const m of team.members) {
      const chip = document.createElement('li');
      chip.className = 'badge';
      chip.append(document.createTextNode(m.displayName), button('×', 'link', (event) => {
        act(event.currentTarget, error, problemText, async () => {
          await del(`/teams/${team.id}/members/${m.id}`);
          announce(t('teams.removed', { name: m.displayName, team: team.name }));
          await load();
        });
      }, t('teams.removeOf', { name: m.displayName, team: team.name })));
      members.append(chip);
    }
    li.append(members);
    const outside = users.filter((u) => !team.members.some((m) => m.id === u.id));
    if (outside.length) {
      const row = document.createElement('div');
      row.className = 'row';
      const select = document.createElement('select');
      select.setAttribute('aria-label', t('teams.addTo', { team: team.name }));
      for (const u of outside) {
        const option = document.createElement('option');
        option.value = u.id;
        option.textContent = `${u.displayName} (${u.email})`;
        select.append(option);
      }
      row.append(select, button(t('teams.addMember'), 'secondary', (event) => {
        const name = select.selectedOptions[0].textContent;
        act(event.currentTarget, error, problemText, async () => {
          await put(`/teams/${team.id}/members/${select.value}`);
          announce(t('teams.addedMember', { name, team: team.name }));
          await load();
        });
      }, t('teams.addTo', { team: team.name })));
      li.append(row);
    }
    return li;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const formError = form.querySelector('#team-error');
    const name = form.name.value.trim();
    if (!name) {
      formError.textContent = t('teams.nameRequired');
      form.name.focus();
      return;
    }
    act(form.querySelector('#team-add'), formError, problemText, async () => {
      await post('/teams', { name, description: form.description.value.trim() || null });
      form.reset();
      announce(t('teams.added', { name }));
      await load();
    });
  });
  try {
    await load();
  } catch (e) {
    error.textContent = problemText(e);
  }
}

export async function tokensSection(pane, problemText, announce) {
  pane.replaceChildren(clone('tokens'));
  const rows = pane.querySelector('#token-rows');
  const error = pane.querySelector('#tokens-error');
  const form = pane.querySelector('#token-form');

  async function load() {
    const tokens = await get('/api-tokens');
    rows.replaceChildren(...tokens.map((token) => {
      const tr = document.createElement('tr');
      tr.dataset.id = token.id;
      const name = document.createElement('div');
      const strong = document.createElement('strong');
      strong.textContent = token.name;
      const prefix = document.createElement('code');
      prefix.textContent = `${token.prefix}…`;
      name.append(strong, document.createElement('br'), prefix);
      cell(tr, name);
      cell(tr, token.scopes.map((s) => t(`scope.${s}`)).join(', '));
      cell(tr, token.lastUsedAt ? i18n.when(token.lastUsedAt) : t('tokens.neverUsed'));
      const expired = token.expiresAt && new Date(token.expiresAt) < new Date();
      cell(tr, token.revoked ? t('tokens.revoked') : token.expiresAt ? (expired ? t('tokens.expired') : i18n.when(token.expiresAt)) : t('tokens.never'));
      if (token.revoked) tr.classList.add('muted');
      cell(tr, token.revoked ? '' : button(t('tokens.revoke'), 'danger', (event) => {
        if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
        act(event.currentTarget, error, problemText, async () => {
          await del(`/api-tokens/${token.id}`);
          announce(t('tokens.revokedNow', { name: token.name }));
          await load();
        });
      }, t('tokens.revokeOf', { name: token.name })));
      return tr;
    }));
    pane.querySelector('#no-tokens').hidden = tokens.length > 0;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const formError = form.querySelector('#token-error');
    const name = form.name.value.trim();
    const scopes = [...form.querySelectorAll('input[name=scope]:checked')].map((box) => box.value);
    if (!name) {
      formError.textContent = t('tokens.nameRequired');
      form.name.focus();
      return;
    }
    if (!scopes.length) {
      formError.textContent = t('tokens.scopesRequired');
      form.querySelector('input[name=scope]').focus();
      return;
    }
    act(form.querySelector('#token-create'), formError, problemText, async () => {
      const expiry = form.expiry.value;
      const issued = await post('/api-tokens', { name, scopes, expiresInDays: expiry ? Number(expiry) : null });
      form.reset();
      await load();
      showSecret(issued.token, 'tokens.secretTitle', 'tokens.secretOnce');
      announce(t('tokens.created', { name }));
    });
  });
  try {
    await load();
  } catch (e) {
    error.textContent = problemText(e);
  }
}
