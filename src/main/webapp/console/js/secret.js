// A secret Parley shows once (a webhook's signing secret, a one-time password, an API token): in a
// modal dialog with a copy button, forgotten from the page when the dialog closes.

import { t } from '../../ui/i18n.js';

export function showSecret(secret, titleKey, textKey) {
  const dialog = document.getElementById('secret-dialog');
  dialog.querySelector('#secret-title').textContent = t(titleKey);
  dialog.querySelector('#secret-text').textContent = t(textKey);
  const value = dialog.querySelector('#secret-value');
  value.textContent = secret;
  const copied = dialog.querySelector('#secret-copied');
  copied.textContent = '';
  dialog.querySelector('#secret-copy').onclick = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copied.textContent = t('secret.copied');
    } catch (e) {
      // no clipboard here (an insecure context): select the text so it can be copied by hand
      const range = document.createRange();
      range.selectNodeContents(value);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copied.textContent = t('secret.copyByHand');
    }
  };
  dialog.addEventListener('close', () => { value.textContent = ''; }, { once: true });
  dialog.showModal();
}
