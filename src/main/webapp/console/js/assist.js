// AI reply suggestions beside the composer: 1–3 drafts grounded in the knowledge base, pushed as
// the visitor writes (and on request), each with its citations (opening the cited passage),
// inserted with one click or Alt+1..3 and editable before sending. What the agent does with each
// is reported: sent (the server tells as-is from edited by the text), or dismissed. With a
// streaming model the drafts appear as they are written (suggestion.delta): a preview that cannot
// be inserted, replaced by the suggestions the guardrails let through.

import { t } from '../../ui/i18n.js';
import { get, post } from './api.js';
import { linkified } from '../../ui/text.js';

export class Suggestions {
  constructor(view) {
    this.view = view;
    this.root = view.root;
    this.list = this.root.querySelector('#suggestions');
    this.note = this.root.querySelector('#assist-note');
    this.compose = this.root.querySelector('#compose');
    this.from = this.root.querySelector('#compose-from');
    this.shown = [];
    this.inserted = null; // the suggestion whose text is in the composer
    this.stream = null; // the preview being written: its id and drafts so far
  }

  start() {
    this.view.listen('suggestions', (frame) => frame.conversation === this.view.id && this.show(frame.suggestions));
    this.view.listen('suggestion.delta', (frame) => frame.conversation === this.view.id && this.preview(frame));
    this.root.querySelector('#suggest').addEventListener('click', () => this.request());
    this.compose.addEventListener('keydown', (event) => {
      const n = Number(event.key);
      if (event.altKey && n >= 1 && n <= this.shown.length) {
        event.preventDefault();
        this.insert(this.shown[n - 1]);
      }
    });
    this.compose.addEventListener('input', () => {
      if (!this.compose.value.trim()) this.forget();
    });
  }

  async request() {
    this.note.textContent = t('assist.thinking');
    try {
      const result = await post(`/conversations/${this.view.id}/assist/suggestions`);
      this.show(result.suggestions);
      if (!result.suggestions.length) this.note.textContent = t('assist.none');
    } catch (e) {
      this.note.textContent = '';
      this.view.onProblem(e);
    }
  }

  /** Drafts growing as the model writes them; each delta goes at its place, or waits for the next. */
  preview(frame) {
    if (!this.stream || this.stream.id !== frame.stream) {
      this.stream = { id: frame.stream, drafts: [] };
      this.shown = [];
    }
    const drafts = this.stream.drafts;
    for (const d of frame.deltas || []) {
      const text = drafts[d.index] || '';
      if (d.at === 0) drafts[d.index] = d.text;
      else if (d.at === text.length) drafts[d.index] = text + d.text;
    }
    const texts = drafts.slice(0, 3).filter((text) => text !== undefined);
    let items = [...this.list.querySelectorAll('li.writing')];
    if (items.length !== texts.length) {
      // a draft more (or the first): new cards; otherwise the text of each is updated in place
      items = texts.map(() => {
        const li = document.createElement('li');
        li.className = 'suggestion writing';
        li.setAttribute('aria-busy', 'true');
        const p = document.createElement('p');
        p.className = 'text';
        li.append(p);
        return li;
      });
      this.list.replaceChildren(...items);
    }
    texts.forEach((text, i) => {
      items[i].querySelector('.text').textContent = readable(text.replace(/\s*\[S?\d*$/, ''));
    });
    this.list.setAttribute('aria-busy', 'true');
    this.note.textContent = t('assist.writing');
  }

  show(suggestions) {
    this.stream = null;
    this.list.removeAttribute('aria-busy');
    this.shown = suggestions.slice(0, 3);
    this.list.replaceChildren(...this.shown.map((s, i) => this.card(s, i + 1)));
    const fromKnowledgeBase = this.shown.length && this.shown.every((s) => s.source === 'knowledge_base');
    this.note.textContent = this.shown.length
      ? (fromKnowledgeBase ? t('assist.fromKnowledgeBase') : t('assist.count', { count: this.shown.length }))
      : '';
  }

  card(s, n) {
    const item = document.getElementById('suggestion-item').content.firstElementChild.cloneNode(true);
    item.dataset.decision = s.id;
    item.querySelector('.text').append(linkified(readable(s.text)));
    const citations = item.querySelector('.citations');
    const seen = new Set();
    for (const c of s.citations || []) {
      if (seen.has(c.article)) continue;
      seen.add(c.article);
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'link citation';
      b.textContent = c.title;
      b.title = t('assist.openSource');
      b.addEventListener('click', () => this.passage(c));
      citations.append(b);
    }
    if (!seen.size) citations.textContent = t('assist.noCitation');
    const insert = item.querySelector('.insert');
    insert.textContent = t('assist.insert', { n });
    insert.setAttribute('aria-keyshortcuts', `Alt+${n}`);
    insert.addEventListener('click', () => this.insert(s));
    item.querySelector('.dismiss').addEventListener('click', () => this.dismiss(s));
    return item;
  }

  insert(s) {
    const text = readable(s.text);
    this.compose.value = text;
    this.compose.focus();
    this.compose.setSelectionRange(text.length, text.length);
    this.inserted = s;
    this.from.textContent = t('assist.inserted');
  }

  forget() {
    this.inserted = null;
    this.from.textContent = '';
  }

  /** The composer's text was sent: if it came from a suggestion, that is its outcome. */
  sent(text) {
    const s = this.inserted;
    if (!s) return;
    this.forget();
    this.drop(s);
    post(`/ai-decisions/${s.id}/outcome`, { outcome: 'sent', text }).catch(() => { /* once per suggestion */ });
  }

  dismiss(s) {
    if (this.inserted === s) {
      this.compose.value = '';
      this.forget();
    }
    this.drop(s);
    post(`/ai-decisions/${s.id}/outcome`, { outcome: 'dismissed' }).catch(() => { /* once per suggestion */ });
    this.compose.focus();
  }

  drop(s) {
    this.shown = this.shown.filter((x) => x !== s);
    this.show(this.shown);
  }

  /** The cited article in a dialog, the cited section marked and scrolled to. */
  async passage(citation) {
    const dialog = this.root.querySelector('#passage-dialog');
    const title = dialog.querySelector('#passage-title');
    const text = dialog.querySelector('#passage-text');
    title.textContent = citation.title;
    text.textContent = t('loading');
    dialog.showModal();
    try {
      const article = await get(`/articles/${citation.article}`);
      title.textContent = article.title;
      text.replaceChildren();
      let cited = null;
      for (const block of String(article.body).split(/\n{2,}/)) {
        const p = document.createElement('p');
        p.append(linkified(block));
        const heading = /^#{1,6}\s+(.*)$/m.exec(block);
        const anchor = heading ? slug(heading[1]) : '';
        if (!cited && anchor && (citation.anchor === anchor || String(citation.anchor).startsWith(`${anchor}-`))) {
          p.classList.add('cited');
          cited = p;
        }
        text.append(p);
      }
      if (cited) cited.scrollIntoView({ block: 'start' });
    } catch (e) {
      text.textContent = t('assist.sourceGone');
    }
  }
}

/** A suggestion as the visitor will read it: its sources are shown beside it, not as [S1] marks. */
function readable(text) {
  return String(text).replace(/\s*\[S\d{1,3}\]/g, '').trim();
}

/** A heading's anchor, as the knowledge base makes it (Chunker.slug); repeated ones match the first. */
function slug(heading) {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s/g, '-');
}
