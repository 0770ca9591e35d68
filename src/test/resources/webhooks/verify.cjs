// Verifies webhook messages as a receiver would, with the Standard Webhooks reference library.
// stdin: {"secret": "whsec_…", "messages": [{"headers": {...}, "body": "..."}]}
// stdout: {"results": [{"ok": true} | {"ok": false, "error": "..."}]}
const { Webhook } = require('standardwebhooks');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { secret, messages } = JSON.parse(input);
  const wh = new Webhook(secret);
  const results = messages.map(({ headers, body }) => {
    try {
      wh.verify(body, headers);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: String(e && e.message ? e.message : e) };
    }
  });
  process.stdout.write(JSON.stringify({ results }));
});
