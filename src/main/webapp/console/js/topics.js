// Settings › Topics and triage: the topics of a topic set (every inbox, or one inbox with topics of
// its own) with their examples, team and human-only flag; adding, editing (examples one per line,
// pasted in bulk, each checked and reported), deleting and importing them from CSV; the model's
// state and training progress, its fitted out-of-scope rule, held-out accuracy per topic and the
// topic each is most confused with; an explicit rule; and "try it": a message classified as the bot
// would. Every text from Parley's data is set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell } from './dom.js';
import { get, post, put, del, postText } from './api.js';

const percent = (x) => (x == null ? '–' : `${i18n.number(Math.round(x * 1000) / 10)} %`);

let timer = null;

export async function topicsSection(pane, problemText, announce) {
  pane.replaceChildren(clone('topics'));
  const setSelect = pane.querySelector('#topic-set');
  const rows = pane.querySelector('#topic-rows');
  const error = pane.querySelector('#topics-error');
  const notes = pane.querySelector('#topic-notes');
  let teams = [];
  let topics = [];

  const [inboxes, teamList] = await Promise.all([get('/inboxes'), get('/teams')]);
  teams = teamList;
  for (const inbox of inboxes) {
    const option = document.createElement('option');
    option.value = inbox.id;
    option.textContent = inbox.name;
    setSelect.append(option);
  }
  const set = () => (setSelect.value ? Number(setSelect.value) : null);

  async function load() {
    const [all, model] = await Promise.all([get('/topics'), get('/topics/model')]);
    topics = all.filter((topic) => (topic.inbox ?? null) === set());
    const status = model.sets.find((s) => (s.inbox ?? null) === set());
    showModel(status, model.override);
    const figures = new Map(((status && status.report && status.report.perTopic) || []).map((f) => [f.topic, f]));
    rows.replaceChildren(...topics.map((topic) => row(topic, figures.get(topic.id))));
    pane.querySelector('#no-topics').hidden = topics.length > 0;
    clearTimeout(timer);
    if (status && (status.state === 'queued' || status.state === 'training')) {
      timer = setTimeout(() => { if (pane.isConnected) load().catch((e) => { error.textContent = problemText(e); }); }, 1000);
    }
  }

  function row(topic, figures) {
    const tr = document.createElement('tr');
    tr.dataset.id = topic.id;
    const name = document.createElement('div');
    const strong = document.createElement('strong');
    strong.textContent = topic.name;
    name.append(strong);
    if (topic.humanOnly) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = t('topics.humanOnlyBadge');
      name.append(' ', badge);
    }
    if (topic.description) {
      const p = document.createElement('div');
      p.className = 'hint';
      p.textContent = topic.description;
      name.append(p);
    }
    cell(tr, name);
    cell(tr, i18n.number(topic.examples.length));
    const team = teams.find((x) => x.id === topic.team);
    cell(tr, team ? team.name : t('topics.anyTeam'));
    cell(tr, figures ? percent(figures.accuracy) : '–');
    cell(tr, figures && figures.confusedWith ? t('topics.confusedWith', { name: figures.confusedWith.name, count: figures.confusedWith.count }) : '–');
    const actions = document.createElement('div');
    actions.className = 'row';
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'secondary';
    edit.textContent = t('webhooks.edit');
    edit.setAttribute('aria-label', t('topics.editOf', { name: topic.name }));
    edit.addEventListener('click', () => openForm(topic, edit));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'danger';
    remove.textContent = t('webhooks.delete');
    remove.setAttribute('aria-label', t('topics.deleteOf', { name: topic.name }));
    remove.addEventListener('click', async () => {
      if (!window.confirm(t('topics.deleteConfirm', { name: topic.name }))) return;
      try {
        await del(`/topics/${topic.id}`);
        announce(t('topics.deleted', { name: topic.name }));
        await load();
      } catch (e) {
        error.textContent = problemText(e);
      }
    });
    actions.append(edit, remove);
    cell(tr, actions);
    return tr;
  }

  function showModel(status, override) {
    const state = status ? status.state : 'empty';
    const badge = pane.querySelector('#model-state');
    badge.textContent = t(`modelState.${state}`);
    badge.className = state === 'failed' ? 'badge off' : 'badge';
    const progress = pane.querySelector('#model-progress');
    progress.hidden = !(status && status.progress);
    if (status && status.progress) {
      progress.max = Math.max(1, status.progress.total);
      progress.value = status.progress.done;
    }
    const report = status && status.report;
    const facts = [];
    if (status && status.trainedAt) facts.push(t('topics.trainedAt', { when: i18n.when(status.trainedAt) }));
    if (report) {
      facts.push(t('topics.trainedOn', { topics: report.topics, examples: report.examples }));
      if (report.heldOutAccuracy != null) facts.push(t('topics.heldOut', { accuracy: percent(report.heldOutAccuracy), kept: percent(report.keptInScope) }));
      if (report.wordWeight > 0) facts.push(t('topics.readsWords'));
    }
    pane.querySelector('#model-facts').textContent = facts.join(' · ');
    const failed = pane.querySelector('#model-error');
    failed.hidden = !(status && status.error);
    failed.textContent = status && status.error ? t('topics.failed', { error: status.error }) : '';
    const rule = override || (report && report.fitted);
    pane.querySelector('#rule-summary').textContent = override
      ? t('topics.ruleOverride')
      : rule ? t('topics.ruleFitted', { target: percent(report.inScopeTarget) }) : t('topics.ruleNone');
    if (rule) {
      pane.querySelector('#rule-probability').value = rule.minProbability;
      pane.querySelector('#rule-similarity').value = rule.minSimilarity;
    }
    pane.querySelector('#rule-clear').hidden = !override;
  }

  function openForm(topic, opener) {
    const editor = pane.querySelector('#topic-editor');
    const form = clone('topic-form').querySelector('form');
    const formError = form.querySelector('#topic-form-error');
    const teamSelect = form.querySelector('#topic-team');
    for (const team of teams) {
      const option = document.createElement('option');
      option.value = team.id;
      option.textContent = team.name;
      teamSelect.append(option);
    }
    const examples = form.querySelector('#topic-examples');
    const count = form.querySelector('#topic-count');
    const lines = () => examples.value.split('\n').map((line) => line.trim()).filter(Boolean);
    const recount = () => { count.textContent = t('topics.exampleCount', { count: lines().length }); };
    examples.addEventListener('input', recount);
    if (topic) {
      form.querySelector('#topic-form-title').textContent = t('topics.editTitle', { name: topic.name });
      form.name.value = topic.name;
      form.description.value = topic.description || '';
      teamSelect.value = topic.team ? String(topic.team) : '';
      form.humanOnly.checked = topic.humanOnly;
      examples.value = topic.examples.join('\n');
    }
    recount();
    const close = () => {
      editor.replaceChildren();
      if (opener && opener.isConnected) opener.focus();
    };
    form.querySelector('#topic-cancel').addEventListener('click', close);
    form.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.textContent = '';
      const name = form.name.value.trim();
      if (!name) {
        formError.textContent = t('topics.nameRequired');
        form.name.focus();
        return;
      }
      if (lines().length < 2) {
        formError.textContent = t('topics.examplesRequired');
        examples.focus();
        return;
      }
      const input = {
        name,
        description: form.description.value.trim() || null,
        team: teamSelect.value ? Number(teamSelect.value) : null,
        inbox: topic ? topic.inbox : set(),
        humanOnly: form.humanOnly.checked,
        examples: lines(),
      };
      const save = form.querySelector('#topic-save');
      save.disabled = true;
      try {
        const saved = topic ? await put(`/topics/${topic.id}`, input) : await post('/topics', input);
        showNotes(saved);
        close();
        announce(t('topics.saved', { name }));
        await load();
      } catch (e) {
        formError.textContent = problemText(e);
      } finally {
        save.disabled = false;
      }
    });
    editor.replaceChildren(form);
    form.name.focus();
  }

  /** What was done to the examples: normalized, duplicates dropped… each by its line. */
  function showNotes(saved) {
    notes.replaceChildren();
    const checked = saved.examplesChecked;
    if (!checked || !checked.notes.length) return;
    const box = document.createElement('div');
    box.className = 'success';
    const p = document.createElement('p');
    p.textContent = t('topics.notes', { name: saved.name, kept: checked.kept, count: checked.notes.length });
    const list = document.createElement('ul');
    for (const note of checked.notes.slice(0, 20)) {
      const li = document.createElement('li');
      const line = Number(String(note.pointer).split('/').pop()) + 1;
      const first = /(\d+)$/.exec(note.detail || '');
      li.textContent = note.action === 'dropped' && first
        ? t('topics.noteDuplicate', { line, first: Number(first[1]) + 1 })
        : t('topics.noteNormalized', { line });
      list.append(li);
    }
    box.append(p, list);
    notes.append(box);
  }

  pane.querySelector('#topic-add').addEventListener('click', (event) => openForm(null, event.currentTarget));
  setSelect.addEventListener('change', () => {
    notes.replaceChildren();
    pane.querySelector('#try-result').replaceChildren();
    load().catch((e) => { error.textContent = problemText(e); });
  });
  pane.querySelector('#topic-import').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    error.textContent = '';
    try {
      const into = set() ? `?inbox=${set()}` : '';
      const done = await postText(`/topics/import${into}`, await file.text(), 'text/csv');
      announce(t('topics.imported', { created: done.created, updated: done.updated }));
      const p = document.createElement('p');
      p.className = 'success';
      p.id = 'import-result';
      p.textContent = t('topics.imported', { created: done.created, updated: done.updated });
      notes.replaceChildren(p);
      await load();
    } catch (e) {
      error.textContent = problemText(e);
    }
  });

  const ruleForm = pane.querySelector('#rule-form');
  ruleForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ruleError = pane.querySelector('#rule-error');
    ruleError.textContent = '';
    const minProbability = Number(pane.querySelector('#rule-probability').value);
    const minSimilarity = Number(pane.querySelector('#rule-similarity').value);
    if (![minProbability, minSimilarity].every((x) => x >= 0 && x <= 1) || pane.querySelector('#rule-probability').value === '' || pane.querySelector('#rule-similarity').value === '') {
      ruleError.textContent = t('topics.ruleRange');
      return;
    }
    try {
      await put('/topics/model/rule', { minProbability, minSimilarity });
      announce(t('topics.ruleSaved'));
      await load();
    } catch (e) {
      ruleError.textContent = problemText(e);
    }
  });
  pane.querySelector('#rule-clear').addEventListener('click', async () => {
    try {
      await del('/topics/model/rule');
      announce(t('topics.ruleCleared'));
      await load();
      ruleForm.querySelector('#rule-save').focus();
    } catch (e) {
      pane.querySelector('#rule-error').textContent = problemText(e);
    }
  });

  pane.querySelector('#try-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = pane.querySelector('#try-result');
    const tryError = pane.querySelector('#try-error');
    tryError.textContent = '';
    const text = pane.querySelector('#try-text').value.trim();
    if (!text) {
      tryError.textContent = t('topics.tryRequired');
      return;
    }
    try {
      const k = await post('/topics/classify', { text, inbox: set() });
      const verdict = document.createElement('p');
      verdict.id = 'try-verdict';
      verdict.className = k.outOfScope ? 'alert' : 'success';
      verdict.textContent = k.outOfScope
        ? t('topics.outOfScope', { reason: t(`classifyReason.${k.reason}`) })
        : t('topics.inScope', { name: k.topic.name, confidence: percent(k.confidence) })
          + (k.topic.humanOnly ? ` ${t('topics.toPerson')}` : ` ${t('topics.toBot')}`);
      const table = document.createElement('table');
      table.className = 'data-table';
      const head = table.createTHead().insertRow();
      for (const key of ['topics.name', 'topics.probability', 'topics.similarity']) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = t(key);
        head.append(th);
      }
      const body = table.createTBody();
      for (const s of k.top) {
        const tr = body.insertRow();
        cell(tr, s.topic.name);
        cell(tr, percent(s.probability));
        cell(tr, i18n.number(Math.round(s.similarity * 100) / 100));
      }
      result.replaceChildren(verdict, ...(k.top.length ? [table] : []));
    } catch (e) {
      tryError.textContent = problemText(e);
    }
  });

  await load();
}
