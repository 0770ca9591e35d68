// Parley's REST API from the console: same origin, the session in an HttpOnly cookie the browser
// sends by itself (never readable here), problems (RFC 9457) as exceptions.

const BASE = new URL('../../api/v1/', import.meta.url);

export class Problem extends Error {
  constructor(status, body, retryAfter) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.type = body && body.type ? String(body.type).split('/').pop() : null;
    this.body = body || {};
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

export class Offline extends Error {}

export async function call(method, path, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined && headers['Content-Type']) {
    init.body = body; // sent as it is (a CSV file, say)
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(new URL(path.replace(/^\//, ''), BASE), init);
  } catch (e) {
    throw new Offline(e.message);
  }
  const type = response.headers.get('Content-Type') || '';
  const data = response.status === 204 || !type.includes('json') ? null : await response.json();
  if (!response.ok) throw new Problem(response.status, data, response.headers.get('Retry-After'));
  return data;
}

export const get = (path) => call('GET', path);

/** A page of a list: its rows and the cursor of the next page (from the Link header), or null. */
export async function page(path) {
  let response;
  try {
    response = await fetch(new URL(path.replace(/^\//, ''), BASE), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new Offline(e.message);
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Problem(response.status, data, response.headers.get('Retry-After'));
  const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('Link') || '');
  return { rows: data, next: link ? new URL(link[1]).searchParams.get('cursor') : null };
}
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);
/** A text body as it is, with its content type (e.g. text/csv). */
export const postText = (path, text, contentType) => call('POST', path, text, { 'Content-Type': contentType });
/** A JSON Merge Patch, refused (412) if the resource changed since `version` was read. */
export const patch = (path, body, version) =>
  call('PATCH', path, body, version === undefined ? {} : { 'If-Match': `"${version}"` });

/** The address of an API path, for what fetch cannot do (server-sent events). */
export const url = (path) => new URL(path.replace(/^\//, ''), BASE);

/**
 * A file as the body of a POST, reporting the bytes sent as they go (fetch cannot):
 * onProgress(sent, total). Resolves to the JSON answer; a refusal is a Problem, a failed
 * connection (or a file the browser can no longer read) Offline.
 */
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('error', () => reject(new Offline('upload failed')));
    xhr.addEventListener('abort', () => reject(new Offline('upload stopped')));
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = xhr.responseText && (xhr.getResponseHeader('Content-Type') || '').includes('json') ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new Problem(xhr.status, data, xhr.getResponseHeader('Retry-After')));
    });
    xhr.send(file);
  });
}
