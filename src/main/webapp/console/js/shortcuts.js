// Keyboard shortcuts of the inbox (single keys, like a mail client, never while writing): j/k
// next/previous conversation, / search, r reply, n reply/note, c claim, x close, t transfer,
// ? this help. Esc leaves the composer (or the search, for the list) so the keys work again.

export function installShortcuts() {
  const help = document.getElementById('shortcuts');
  document.getElementById('shortcuts-open').addEventListener('click', () => help.showModal());
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const writing = target.closest && target.closest('input, textarea, select, [contenteditable]');
    if (event.key === 'Escape' && target.id === 'compose') {
      target.blur();
      document.querySelector('#messages')?.focus();
      return;
    }
    if (event.key === 'Escape' && target.id === 'search') {
      event.preventDefault(); // keep the search; go to the list it filtered
      (document.querySelector('#conversation-list li a') || document.getElementById('main')).focus();
      return;
    }
    if (writing || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
    const inbox = document.querySelector('.inbox');
    if (!inbox) return;
    const click = (selector) => {
      const el = inbox.querySelector(selector);
      if (el && !el.hidden && !el.closest('[hidden]')) el.click();
    };
    switch (event.key) {
      case '?':
        help.showModal();
        break;
      case '/':
        inbox.querySelector('#search')?.focus();
        break;
      case 'j':
      case 'k':
        move(inbox, event.key === 'j' ? 1 : -1);
        break;
      case 'r':
        inbox.querySelector('#compose')?.focus();
        break;
      case 'n': {
        const note = inbox.querySelector('input[name=mode][value=note]');
        const reply = inbox.querySelector('input[name=mode][value=reply]');
        if (note && reply) (note.checked ? reply : note).click();
        inbox.querySelector('#compose')?.focus();
        break;
      }
      case 'c':
        click('#claim');
        break;
      case 'x':
        click('#close');
        break;
      case 't':
        click('#transfer');
        break;
      default:
        return;
    }
    event.preventDefault();
  });
}

/** Opens the next (or previous) conversation of the list, and keeps focus on its row. */
function move(inbox, step) {
  const links = [...inbox.querySelectorAll('#conversation-list li a')];
  if (!links.length) return;
  const current = links.findIndex((a) => a.getAttribute('aria-current') === 'true');
  const next = links[Math.min(links.length - 1, Math.max(0, current + step))];
  location.hash = next.getAttribute('href');
  next.focus();
}
