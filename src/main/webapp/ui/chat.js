// A live connection to Parley: the console's (/ws/v1/staff, protocol parley.v1; the session cookie
// authenticates it) or the widget's (/ws/v1/visitor, with the visitor token as a subprotocol). Follows docs/chat-protocol.md: heartbeats, reconnect with backoff and jitter,
// resume of every watched conversation from the last seq seen (no lost or doubled message), sends
// kept until acknowledged and sent again with the same id (stored once), `retry` and
// `rate_limited` waited out, 4401 = the session ended.

import { uuid } from './text.js';

const PROTOCOL = 'parley.v1';

export class ChatConnection extends EventTarget {
  /** @param {{path?: string, protocols?: () => string[]}} options the socket's path and protocols */
  constructor({ path = 'ws/v1/staff', protocols = () => [PROTOCOL] } = {}) {
    super();
    this.path = path;
    this.protocols = protocols;
    this.socket = null;
    this.state = 'connecting';
    this.attempt = 0;
    this.lastSeq = new Map(); // conversation id -> highest seq seen
    this.watched = new Set(); // staff: conversations watched (their events are sent to us)
    this.followed = new Set(); // conversations resumed after a reconnect
    this.pending = new Map(); // client id -> {frame, resolve, reject, wait}
    this.heartbeat = null;
    this.closedForGood = false;
  }

  connect() {
    const url = new URL(`../${this.path}`, import.meta.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, this.protocols());
    this.socket = socket;
    socket.addEventListener('message', (event) => this.receive(JSON.parse(event.data)));
    socket.addEventListener('close', (event) => this.closed(socket, event.code));
  }

  close() {
    this.closedForGood = true;
    clearInterval(this.heartbeat);
    if (this.socket) this.socket.close(1000);
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.dispatchEvent(new CustomEvent('state', { detail: state }));
    }
  }

  closed(socket, code) {
    if (socket !== this.socket) return;
    clearInterval(this.heartbeat);
    if (this.closedForGood) return;
    if (code === 4401 || code === 1008) {
      this.closedForGood = true;
      this.setState('ended');
      return;
    }
    this.setState('reconnecting');
    const delay = Math.min(15000, 500 * 2 ** this.attempt) * (0.5 + Math.random());
    this.attempt++;
    setTimeout(() => this.connect(), delay);
  }

  raw(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  receive(frame) {
    switch (frame.type) {
      case 'welcome':
        this.attempt = 0;
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => this.raw({ type: 'ping' }), (frame.heartbeatSeconds || 25) * 1000);
        this.setState('online');
        this.dispatchEvent(new CustomEvent('welcome', { detail: frame }));
        if (this.followed.size) {
          const conversations = {};
          for (const id of this.followed) conversations[id] = this.lastSeq.get(id) || 0;
          this.raw({ type: 'resume', conversations });
          for (const id of this.watched) this.raw({ type: 'watch', id: uuid(), conversation: id });
        }
        for (const entry of this.pending.values()) this.raw(entry.frame); // same ids: stored once
        return;
      case 'message': {
        const seen = this.lastSeq.get(frame.conversation) || 0;
        if (frame.seq <= seen) return; // a duplicate
        if (frame.prev > seen && seen > 0) {
          this.raw({ type: 'resume', conversations: { [frame.conversation]: seen } });
          return; // the resume brings it, in order
        }
        this.lastSeq.set(frame.conversation, frame.seq);
        break;
      }
      case 'ack':
      case 'error': {
        const entry = frame.id && this.pending.get(frame.id);
        if (entry) this.settle(frame, entry);
        break;
      }
      default:
        break;
    }
    this.dispatchEvent(new CustomEvent(frame.type, { detail: frame }));
  }

  settle(frame, entry) {
    if (frame.type === 'ack') {
      this.pending.delete(frame.id);
      entry.resolve(frame);
    } else if (frame.code === 'retry' || frame.code === 'rate_limited') {
      entry.wait = Math.min(30000, Math.max(frame.retryAfterMs || 1000, entry.wait * 2));
      setTimeout(() => this.raw(entry.frame), entry.wait);
    } else {
      this.pending.delete(frame.id);
      entry.reject(frame);
    }
  }

  /** Sends a frame with a client id; resolves with its ack (also across reconnects). */
  request(frame) {
    const id = frame.id || uuid();
    const full = { ...frame, id };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { frame: full, resolve, reject, wait: 0 });
      this.raw(full);
    });
  }

  /** Resumes a conversation from the last seq seen after every reconnect (`after`: seen so far). */
  follow(conversation, after) {
    this.followed.add(conversation);
    this.lastSeq.set(conversation, Math.max(after, this.lastSeq.get(conversation) || 0));
  }

  /** Staff: follows a conversation from `after` (the last seq the page has) and watches it. */
  watch(conversation, after) {
    this.follow(conversation, after);
    this.watched.add(conversation);
    return this.request({ type: 'watch', conversation, after });
  }

  unwatch(conversation) {
    this.watched.delete(conversation);
    this.followed.delete(conversation);
    this.raw({ type: 'unwatch', conversation });
  }

  seen(conversation, seq) {
    this.lastSeq.set(conversation, Math.max(seq, this.lastSeq.get(conversation) || 0));
  }
}
