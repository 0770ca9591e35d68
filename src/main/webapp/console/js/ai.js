// Settings › AI and bot: the tokens spent today against the daily budget and what agents did with
// suggestions; the models in use; the prompts with their versions (read-only, as the repository's
// prompts/ holds them); and the decision trail of a conversation: each suggestion, bot answer and
// summary with its prompt and version, model, the passages retrieved with their scores, what it
// cited, what the guardrails dropped, latency and tokens. Every text is set as text.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell, element } from './dom.js';
import { get } from './api.js';

/** #/settings/ai, and #/settings/ai/123 for conversation 123's decision trail. */
export async function aiSection(pane, problemText, conversation) {
  pane.replaceChildren(clone('ai-settings'));
  const error = pane.querySelector('#ai-error');
  const form = pane.querySelector('#trail-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = pane.querySelector('#trail-conversation').value.trim();
    if (!/^\d+$/.test(id)) {
      pane.querySelector('#trail-error').textContent = t('ai.conversationRequired');
      return;
    }
    location.hash = `#/settings/ai/${id}`;
  });
  if (conversation) {
    pane.querySelector('#trail-conversation').value = String(conversation);
    trail(pane, problemText, conversation);
  }
  try {
    const [usage, { models, prompts }] = await Promise.all([get('/ai-decisions/usage'), get('/prompts')]);
    drawUsage(pane, usage);
    drawModels(pane, models);
    drawPrompts(pane, prompts);
  } catch (e) {
    error.textContent = problemText(e);
  }
}

function drawUsage(pane, usage) {
  const bar = pane.querySelector('#usage-bar');
  const text = pane.querySelector('#usage-tokens');
  if (usage.dailyBudget > 0) {
    bar.max = usage.dailyBudget;
    bar.value = Math.min(usage.tokensToday, usage.dailyBudget);
    text.textContent = t('ai.tokensOfBudget', {
      spent: i18n.number(usage.tokensToday),
      budget: i18n.number(usage.dailyBudget),
      percent: i18n.number(Math.round((usage.tokensToday / usage.dailyBudget) * 100)),
    });
  } else {
    bar.hidden = true;
    text.textContent = t('ai.tokensNoBudget', { spent: i18n.number(usage.tokensToday) });
  }
  const rows = pane.querySelector('#usage-rows');
  const outcomes = Object.entries(usage.suggestions || {});
  rows.replaceChildren(...outcomes.map(([outcome, o]) => {
    const tr = document.createElement('tr');
    cell(tr, t(`ai.outcome.${outcome}`));
    cell(tr, i18n.number(o.count));
    cell(tr, o.averageEditDistance == null ? '–' : i18n.number(Math.round(o.averageEditDistance * 10) / 10));
    return tr;
  }));
  pane.querySelector('#usage-none').hidden = outcomes.length > 0;
}

function drawModels(pane, models) {
  const list = pane.querySelector('#models');
  const entry = (term, value) => list.append(element('dt', null, t(term)), element('dd', null, value));
  list.replaceChildren();
  entry('ai.languageModel', models.languageModelConfigured ? models.languageModel : t('ai.noLanguageModel'));
  entry('ai.embeddingModel', models.embeddingModel);
  entry('ai.botSimilarity', i18n.number(models.botAnswerSimilarity));
}

function drawPrompts(pane, prompts) {
  pane.querySelector('#prompt-list').replaceChildren(...prompts.map((p) => {
    const details = element('details', 'card prompt');
    const summary = element('summary');
    summary.append(element('strong', null, p.name), ' ', element('span', 'badge', t('ai.version', { version: p.version })), ' ', element('span', 'hint', t(`ai.usedFor.${p.usedFor}`)));
    details.append(summary);
    for (const [key, text] of [['ai.system', p.system], ['ai.user', p.user]]) {
      const pre = element('pre', 'prompt-text', text);
      pre.tabIndex = 0; // it scrolls: reachable by keyboard
      pre.setAttribute('aria-label', `${p.name} — ${t(key)}`);
      details.append(element('h4', null, t(key)), pre);
    }
    return details;
  }));
}

async function trail(pane, problemText, conversation) {
  const list = pane.querySelector('#trail');
  const status = pane.querySelector('#trail-status');
  const error = pane.querySelector('#trail-error');
  let decisions;
  try {
    ({ decisions } = await get(`/conversations/${conversation}/assist/decisions`));
  } catch (e) {
    error.textContent = problemText(e);
    return;
  }
  status.textContent = t('ai.trailCount', { count: decisions.length, conversation });
  list.replaceChildren(...decisions.map((d) => {
    const li = element('li', 'card decision');
    const head = element('h4');
    head.append(element('span', null, t(`ai.kind.${d.kind}`)), ' ', element('span', 'hint', i18n.when(d.createdAt)));
    li.append(head);
    const facts = element('dl', 'facts');
    const fact = (term, value) => { if (value !== null && value !== undefined && value !== '') facts.append(element('dt', null, t(term)), element('dd', null, String(value))); };
    fact('ai.prompt', d.promptName ? t('ai.promptVersion', { name: d.promptName, version: d.promptVersion }) : null);
    fact('ai.model', d.model);
    fact('ai.source', t(`ai.sourceOf.${d.source}`));
    fact('ai.latency', t('ai.ms', { ms: i18n.number(d.latencyMs) }));
    fact('ai.tokens', t('ai.tokenCounts', { prompt: i18n.number(d.promptTokens), completion: i18n.number(d.completionTokens) }));
    fact('ai.outcomeLabel', d.outcome ? t(`ai.outcome.${d.outcome}`) + (d.editDistance != null ? ` (${t('ai.edited', { distance: d.editDistance })})` : '') : null);
    li.append(facts);
    if (d.text) li.append(element('p', 'decision-text', d.text));
    const cited = new Set((d.citations || []).map((c) => c.source));
    if ((d.retrieved || []).length) {
      const table = element('table', 'data-table');
      const head = document.createElement('tr');
      for (const key of ['ai.passage', 'ai.score', 'ai.cited']) {
        const th = element('th', null, t(key));
        th.scope = 'col';
        head.append(th);
      }
      const thead = document.createElement('thead');
      thead.append(head);
      const body = document.createElement('tbody');
      for (const p of d.retrieved) {
        const tr = document.createElement('tr');
        const link = element('a', null, p.title);
        link.href = `#/knowledge/${p.article}`;
        cell(tr, link);
        cell(tr, i18n.number(Math.round(p.score * 1000) / 1000));
        cell(tr, cited.has(p.source) ? t('ai.yes') : '–');
        body.append(tr);
      }
      table.append(element('caption', 'visually-hidden', t('ai.retrieved')), thead, body);
      const scroll = element('div', 'table-scroll');
      scroll.tabIndex = 0;
      scroll.setAttribute('role', 'region');
      scroll.setAttribute('aria-label', t('ai.retrieved'));
      scroll.append(table);
      li.append(scroll);
    } else {
      li.append(element('p', 'hint', t('ai.noPassages')));
    }
    if (d.dropped) li.append(element('p', 'alert', t('ai.dropped', { why: d.dropped })));
    return li;
  }));
  if (!decisions.length) list.append(element('li', 'hint', t('ai.noDecisions')));
}
