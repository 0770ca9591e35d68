// The knowledge base in the console (administrators): the articles with their collection,
// language, status and indexing state; an editor with a live preview, front matter fields and tags;
// saving with If-Match, so an article someone else changed meanwhile is shown for review, never
// overwritten silently; revisions compared line by line and restored; and the knowledge gaps,
// each turned into a draft with one click. Every text from Parley's data is set as text.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell } from './dom.js';
import { get, post, del, patch, Problem } from './api.js';
import { render, lineDiff } from './markdown.js';
import { uploadsSection } from './uploads.js';

/**
 * #/knowledge (the articles), #/knowledge/new, #/knowledge/42, #/knowledge/upload,
 * #/knowledge/search, #/knowledge/gaps.
 */
export async function knowledgePlace(root, problemText, announce) {
  const section = (/^#\/knowledge\/([a-z0-9]+)/.exec(location.hash) || [])[1] || 'articles';
  const current = /^\d+$/.test(section) || section === 'new' ? 'articles' : section;
  for (const link of root.querySelectorAll('.knowledge-nav a')) {
    if (link.dataset.section === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const pane = root.querySelector('#knowledge-pane');
  if (section === 'gaps') return gaps(pane, problemText, announce);
  if (section === 'upload') return uploadsSection(pane, problemText, announce);
  if (section === 'search') return playground(pane, problemText);
  if (section === 'new') return editor(pane, null, problemText, announce);
  if (/^\d+$/.test(section)) return editor(pane, Number(section), problemText, announce);
  return articles(pane);
}

function statusBadge(status) {
  const badge = document.createElement('span');
  badge.className = status === 'published' ? 'badge' : 'badge off-muted';
  badge.textContent = t(`knowledge.status.${status}`);
  return badge;
}

/** The indexing state in words: searchable, being indexed (done of total), or failed and why. */
function ingestionText(ingestion) {
  if (!ingestion) return '';
  if (ingestion.state === 'ready') return t('knowledge.ingest.ready');
  if (ingestion.state === 'failed') return t('knowledge.ingest.failed', { error: ingestion.error || '' });
  return t('knowledge.ingest.running', { done: ingestion.done || 0, total: ingestion.total || '…' });
}

async function articles(pane) {
  pane.replaceChildren(clone('knowledge-articles'));
  const rows = pane.querySelector('#article-rows');
  const filter = {
    text: pane.querySelector('#article-search'),
    collection: pane.querySelector('#article-collection'),
    status: pane.querySelector('#article-status'),
    language: pane.querySelector('#article-language'),
  };
  const all = [];
  for (let offset = 0; ; offset += 200) {
    const page = await get(`/articles?limit=200&offset=${offset}`);
    all.push(...page);
    if (page.length < 200 || all.length >= 5000) break;
  }
  const collections = [...new Set(all.map((a) => a.collection))].sort();
  for (const c of collections) {
    const option = document.createElement('option');
    option.value = c;
    option.textContent = c;
    filter.collection.append(option);
  }
  const languages = [...new Set(all.map((a) => a.language))].sort();
  for (const l of languages) {
    const option = document.createElement('option');
    option.value = l;
    option.textContent = l;
    filter.language.append(option);
  }
  const show = () => {
    const text = filter.text.value.trim().toLowerCase();
    const shown = all.filter((a) =>
      (!text || a.title.toLowerCase().includes(text) || (a.tags || []).some((tag) => tag.toLowerCase().includes(text)))
      && (!filter.collection.value || a.collection === filter.collection.value)
      && (!filter.status.value || a.status === filter.status.value)
      && (!filter.language.value || a.language === filter.language.value));
    rows.replaceChildren();
    for (const a of shown) {
      const tr = document.createElement('tr');
      const link = document.createElement('a');
      link.href = `#/knowledge/${a.id}`;
      link.textContent = a.title;
      cell(tr, link);
      cell(tr, a.collection);
      cell(tr, a.language);
      cell(tr, statusBadge(a.status));
      cell(tr, ingestionText(a.ingestion));
      rows.append(tr);
    }
    pane.querySelector('#article-count').textContent = t('knowledge.count', { count: shown.length, total: all.length });
  };
  for (const field of Object.values(filter)) field.addEventListener('input', show);
  show();
}

/** The editor of an article (id) or of a new one (null). */
async function editor(pane, id, problemText, announce) {
  pane.replaceChildren(clone('knowledge-editor'));
  const form = pane.querySelector('#article-form');
  const error = pane.querySelector('#article-error');
  const fields = {
    title: form.querySelector('#article-title'),
    collection: form.querySelector('#article-collection-input'),
    language: form.querySelector('#article-language-input'),
    status: form.querySelector('#article-status-input'),
    tags: form.querySelector('#article-tags'),
    body: form.querySelector('#article-body'),
  };
  const preview = pane.querySelector('#article-preview');
  const conflict = pane.querySelector('#article-conflict');
  let article = null;
  let version = null;

  const values = () => ({
    title: fields.title.value.trim(),
    collection: fields.collection.value.trim() || 'general',
    language: fields.language.value.trim() || 'en',
    status: fields.status.value,
    tags: fields.tags.value.split(',').map((tag) => tag.trim()).filter(Boolean),
    body: fields.body.value,
  });
  const fill = (a) => {
    fields.title.value = a.title;
    fields.collection.value = a.collection;
    fields.language.value = a.language;
    fields.status.value = a.status;
    fields.tags.value = (a.tags || []).join(', ');
    fields.body.value = a.body;
    showPreview();
  };
  const showPreview = () => preview.replaceChildren(render(fields.body.value));
  fields.body.addEventListener('input', showPreview);
  const facts = () => {
    pane.querySelector('#article-heading').textContent = article ? article.title : t('knowledge.new');
    pane.querySelector('#article-facts').textContent = article
      ? t('knowledge.facts', { revision: article.revision, updated: i18n.when(article.updatedAt), ingestion: ingestionText(article.ingestion) })
      : '';
    pane.querySelector('#article-retry').hidden = !article || article.ingestion.state !== 'failed';
    pane.querySelector('#article-delete').hidden = !article;
    pane.querySelector('#article-history').hidden = !article;
  };

  async function load() {
    article = await get(`/articles/${id}`);
    version = article.version;
    fill(article);
    facts();
    await history();
  }

  async function save(overwrite) {
    error.textContent = '';
    const body = values();
    if (!body.title) {
      error.textContent = t('knowledge.titleRequired');
      fields.title.focus();
      return;
    }
    try {
      if (!article) {
        article = await post('/articles', body);
        version = article.version;
        announce(t('knowledge.created'));
        location.hash = `#/knowledge/${article.id}`;
        return;
      }
      article = await patch(`/articles/${article.id}`, body, overwrite ?? version);
      version = article.version;
      conflict.hidden = true;
      facts();
      announce(t('knowledge.saved'));
      pane.querySelector('#article-status-line').textContent = t('knowledge.saved');
      await history();
    } catch (e) {
      if (e instanceof Problem && e.status === 412) {
        await showConflict(body);
        return;
      }
      error.textContent = problemText(e);
    }
  }

  /** Someone else saved first: their version and ours side by side as a diff, and a choice. */
  async function showConflict(mine) {
    const theirs = await get(`/articles/${article.id}`);
    conflict.hidden = false;
    conflict.querySelector('#conflict-who').textContent = t('knowledge.conflictText', {
      revision: theirs.revision, updated: i18n.when(theirs.updatedAt),
    });
    const diff = conflict.querySelector('#conflict-diff');
    diff.replaceChildren(diffView(`${theirs.title}\n\n${theirs.body}`, `${mine.title}\n\n${mine.body}`));
    conflict.querySelector('#conflict-keep').onclick = () => save(theirs.version);
    conflict.querySelector('#conflict-take').onclick = () => {
      article = theirs;
      version = theirs.version;
      fill(theirs);
      facts();
      conflict.hidden = true;
      announce(t('knowledge.tookTheirs'));
    };
    conflict.querySelector('h3').focus();
  }

  async function history() {
    const revisions = await get(`/articles/${article.id}/revisions`);
    const list = pane.querySelector('#revision-rows');
    list.replaceChildren();
    revisions.forEach((r, index) => {
      const tr = document.createElement('tr');
      const pick = (name, checked) => {
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = name;
        input.value = String(r.revision);
        input.checked = checked;
        input.setAttribute('aria-label', t(name === 'from' ? 'knowledge.compareFrom' : 'knowledge.compareTo', { revision: r.revision }));
        input.addEventListener('change', compare);
        return input;
      };
      cell(tr, String(r.revision));
      cell(tr, i18n.when(r.createdAt));
      cell(tr, r.title);
      cell(tr, t(`knowledge.status.${r.status}`));
      cell(tr, pick('from', index === 1));
      cell(tr, pick('to', index === 0));
      const restore = document.createElement('button');
      restore.type = 'button';
      restore.className = 'secondary';
      restore.textContent = t('knowledge.restore');
      restore.setAttribute('aria-label', t('knowledge.restoreRevision', { revision: r.revision }));
      restore.disabled = index === 0;
      restore.addEventListener('click', () => {
        fill({ ...values(), title: r.title, body: r.body, collection: r.collection, language: r.language, status: r.status, tags: values().tags });
        save();
      });
      cell(tr, restore);
      list.append(tr);
    });
    function compare() {
      const from = revisions.find((r) => String(r.revision) === (pane.querySelector('input[name=from]:checked') || {}).value);
      const to = revisions.find((r) => String(r.revision) === (pane.querySelector('input[name=to]:checked') || {}).value);
      const out = pane.querySelector('#revision-diff');
      if (!from || !to) {
        out.replaceChildren();
        return;
      }
      pane.querySelector('#revision-diff-title').textContent = t('knowledge.diffTitle', { from: from.revision, to: to.revision });
      out.replaceChildren(diffView(`${from.title}\n\n${from.body}`, `${to.title}\n\n${to.body}`));
    }
    compare();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  pane.querySelector('#article-retry').addEventListener('click', async () => {
    try {
      article = await post(`/articles/${article.id}/ingestion`);
      facts();
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  pane.querySelector('#article-delete').addEventListener('click', async () => {
    if (!window.confirm(t('knowledge.deleteConfirm', { title: article.title }))) return;
    try {
      await del(`/articles/${article.id}`);
      announce(t('knowledge.deleted'));
      location.hash = '#/knowledge';
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  if (id == null) {
    fill({ title: '', collection: 'general', language: 'en', status: 'draft', tags: [], body: '' });
    facts();
    fields.title.focus();
  } else {
    await load();
  }
}

/** A line diff as a list: removed lines marked "−", added "+", in words for screen readers too. */
function diffView(before, after) {
  const list = document.createElement('ol');
  list.className = 'diff';
  for (const [kind, line] of lineDiff(before, after)) {
    const li = document.createElement('li');
    li.className = kind === '+' ? 'added' : kind === '-' ? 'removed' : 'same';
    const mark = document.createElement('span');
    mark.className = 'mark';
    mark.textContent = kind === '+' ? '+' : kind === '-' ? '−' : ' ';
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = kind === '+' ? t('knowledge.added') : kind === '-' ? t('knowledge.removed') : '';
    li.append(mark, hidden, line || ' ');
    list.append(li);
  }
  return list;
}

async function gaps(pane, problemText, announce) {
  pane.replaceChildren(clone('knowledge-gaps'));
  const rows = pane.querySelector('#gap-rows');
  const groups = await get('/knowledge/gaps?limit=100');
  pane.querySelector('#no-gaps').hidden = groups.length > 0;
  for (const g of groups) {
    const tr = document.createElement('tr');
    const question = document.createElement('strong');
    question.textContent = g.question;
    cell(tr, question);
    cell(tr, i18n.number(g.count));
    const examples = document.createElement('ul');
    examples.className = 'examples';
    for (const e of g.examples.slice(0, 3)) {
      const li = document.createElement('li');
      li.textContent = e;
      examples.append(li);
    }
    cell(tr, examples);
    cell(tr, i18n.when(g.lastAsked));
    const draft = document.createElement('button');
    draft.type = 'button';
    draft.textContent = t('knowledge.draftFromGap');
    draft.setAttribute('aria-label', t('knowledge.draftFromGapNamed', { question: g.question }));
    draft.addEventListener('click', async () => {
      draft.disabled = true;
      try {
        const article = await post(`/knowledge/gaps/${g.id}/draft`);
        announce(t('knowledge.drafted'));
        location.hash = `#/knowledge/${article.id}`;
      } catch (e) {
        draft.disabled = false;
        pane.querySelector('#gaps-error').textContent = problemText(e);
      }
    });
    cell(tr, draft);
    rows.append(tr);
  }
}

/**
 * The search playground: a question in, the passages the bot and the suggestions would get, with
 * each method's score and rank, the fusion and the embedding model in use.
 */
async function playground(pane, problemText) {
  pane.replaceChildren(clone('knowledge-search'));
  const form = pane.querySelector('#search-form');
  const rows = pane.querySelector('#search-rows');
  const summary = pane.querySelector('#search-summary');
  const error = pane.querySelector('#search-error');
  const score = (x) => (x == null ? '–' : i18n.number(Math.round(x * 1000) / 1000));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const q = pane.querySelector('#search-q').value.trim();
    if (!q) {
      error.textContent = t('knowledge.questionRequired');
      return;
    }
    const query = new URLSearchParams({
      q,
      mode: pane.querySelector('#search-mode').value,
      limit: '10',
      status: pane.querySelector('#search-drafts').checked ? 'all' : 'published',
    });
    let result;
    try {
      result = await get(`/knowledge/search?${query}`);
    } catch (e) {
      error.textContent = problemText(e);
      return;
    }
    const f = result.fusion;
    summary.textContent = t('knowledge.searchSummary', {
      count: result.passages.length,
      mode: t(`knowledge.mode.${result.mode}`),
      model: result.model,
      fusion: f.method,
      vector: f.vectorWeight,
      text: f.textWeight,
      k: f.k,
      ms: result.tookMs,
    });
    rows.replaceChildren();
    result.passages.forEach((p, index) => {
      const tr = document.createElement('tr');
      cell(tr, String(index + 1));
      const article = document.createElement('div');
      const link = document.createElement('a');
      link.href = `#/knowledge/${p.article}`;
      link.textContent = p.title;
      article.append(link);
      if (p.heading) {
        const heading = document.createElement('div');
        heading.className = 'muted';
        heading.textContent = p.heading;
        article.append(heading);
      }
      cell(tr, article);
      const text = document.createElement('p');
      text.className = 'passage';
      text.textContent = p.text.length > 400 ? `${p.text.slice(0, 399)}…` : p.text;
      cell(tr, text);
      cell(tr, score(p.score));
      cell(tr, p.vectorRank ? t('knowledge.scoreRank', { score: score(p.vectorScore), rank: p.vectorRank }) : '–');
      cell(tr, p.textRank ? t('knowledge.scoreRank', { score: score(p.textScore), rank: p.textRank }) : '–');
      rows.append(tr);
    });
    pane.querySelector('#search-results').hidden = false;
    summary.focus();
  });
  pane.querySelector('#search-q').focus();
}
