// Canned responses in the composer: "/" then a shortcut lists the matching responses (a listbox
// the arrow keys move through); Enter or Tab inserts the chosen one, filled in for this
// conversation (its {{visitor.name|there}} variables); Escape closes the list.

import { t } from '../../ui/i18n.js';
import { get } from './api.js';

export class CannedPicker {
  constructor(view) {
    this.view = view;
    this.compose = view.root.querySelector('#compose');
    this.box = view.root.querySelector('#canned');
    this.all = null;
    this.matches = [];
    this.active = 0;
  }

  start() {
    this.compose.addEventListener('input', () => this.update());
    this.compose.addEventListener('keydown', (event) => this.key(event), true);
    this.compose.addEventListener('blur', () => setTimeout(() => this.hide(), 150));
  }

  /** The "/shortcut" being typed at the start of the composer, or null. */
  query() {
    const m = /^\/(\S*)$/.exec(this.compose.value);
    return m ? m[1].toLowerCase() : null;
  }

  async update() {
    const q = this.query();
    if (q === null) return this.hide();
    if (!this.all) {
      try {
        this.all = await get('/canned-responses');
      } catch (e) {
        this.all = [];
      }
    }
    this.matches = this.all
      .filter((c) => c.shortcut.toLowerCase().startsWith(q) || c.title.toLowerCase().includes(q))
      .slice(0, 8);
    this.active = 0;
    this.render();
  }

  render() {
    if (!this.matches.length) {
      const empty = document.createElement('li');
      empty.className = 'hint';
      empty.textContent = t('canned.none');
      this.box.replaceChildren(empty);
    } else {
      this.box.replaceChildren(...this.matches.map((c, i) => {
        const li = document.createElement('li');
        li.id = `canned-${c.id}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === this.active));
        const shortcut = document.createElement('strong');
        shortcut.textContent = `/${c.shortcut}`;
        const title = document.createElement('span');
        title.textContent = ` ${c.title}`;
        li.append(shortcut, title);
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.choose(c);
        });
        return li;
      }));
      this.compose.setAttribute('aria-activedescendant', `canned-${this.matches[this.active].id}`);
    }
    this.box.hidden = false;
    this.compose.setAttribute('aria-expanded', 'true');
  }

  hide() {
    this.box.hidden = true;
    this.compose.setAttribute('aria-expanded', 'false');
    this.compose.removeAttribute('aria-activedescendant');
  }

  key(event) {
    if (this.box.hidden || !this.matches.length) {
      if (event.key === 'Escape' && !this.box.hidden) this.hide();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.matches.length) % this.matches.length;
      this.render();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      event.stopImmediatePropagation(); // not a send
      this.choose(this.matches[this.active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.hide();
    }
  }

  async choose(c) {
    this.hide();
    try {
      const filled = await get(`/canned-responses/${c.id}/render?conversation=${this.view.id}`);
      this.compose.value = filled.text;
    } catch (e) {
      this.compose.value = c.body;
    }
    this.compose.focus();
    this.compose.setSelectionRange(this.compose.value.length, this.compose.value.length);
  }
}
