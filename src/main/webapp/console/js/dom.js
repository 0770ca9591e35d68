// Small pieces the console's screens share: templates, elements, buttons, table cells, actions
// with their button held, and tab lists.

import * as i18n from '../../ui/i18n.js';

/** A template's content, its strings applied. */
export function clone(templateId) {
  const content = document.getElementById(templateId).content.cloneNode(true);
  i18n.apply(content);
  return content;
}

/** Appends a cell to a row: a node as is, anything else as text. */
export function cell(tr, content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content);
  else td.textContent = content == null ? '' : String(content);
  tr.append(td);
  return td;
}

/**
 * Makes buttons with role=tab a tab list (WAI-ARIA): click or the arrow keys select one (the
 * selected one alone is in the tab order); `chosen(tab)` runs on each selection. Returns select().
 */
export function tabList(tabs, chosen) {
  const select = (tab, focus) => {
    for (const other of tabs) {
      other.setAttribute('aria-selected', String(other === tab));
      other.tabIndex = other === tab ? 0 : -1;
    }
    if (focus) tab.focus();
    chosen(tab);
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        select(tabs[(index + step + tabs.length) % tabs.length], true);
      }
    });
  });
  return select;
}

/** An element with a class and a text (set as text). */
export function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined && text !== null) el.textContent = text;
  return el;
}

/** A button (type=button) with its text, class, click handler and, if given, accessible name. */
export function button(text, className, onClick, label) {
  const b = element('button', className, text);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** Runs an action with its button disabled; a failure goes to `error`. */
export async function act(b, error, problemText, action) {
  b.disabled = true;
  error.textContent = '';
  try {
    await action();
  } catch (e) {
    error.textContent = problemText(e);
  } finally {
    if (b.isConnected) b.disabled = false;
  }
}
