/*
 * Parley's widget, on the host page: <script src="https://parley.example/widget/parley.js"
 * data-widget-key="wk_…" async></script>.
 *
 * This script only draws the launcher (in a Shadow DOM, its styles set through the CSSOM
 * with !important, so neither the page's CSS nor its Content-Security-Policy can break it) and
 * frames the conversation panel, which runs on Parley's origin in an iframe: the page's scripts
 * cannot read the visitor's conversation or token, and its styles cannot reach the panel.
 *
 * JavaScript API (calls made before this script loads are queued by the snippet's stub):
 *   Parley('open') · Parley('close') · Parley('toggle') · Parley('locale', 'zh-CN')
 *   Parley('identify', {externalId, name, email, signature}) · Parley('reset') (signed out)
 *   Parley('sound', true)
 *   Parley('on', event, fn) · Parley('off', event, fn)
 *   events: 'ready', 'opened', 'closed', 'message' ({conversation, kind, text, at}), 'unread' (count)
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__parley) return;
  var key = script.getAttribute('data-widget-key');
  if (!key) {
    if (window.console) window.console.warn('Parley: the script tag needs data-widget-key');
    return;
  }
  var base = new URL('./', script.src);
  var parley = base.origin;
  var earlier = (typeof window.Parley === 'function' && window.Parley.q) || [];
  var state = { open: false, ready: false, unread: 0, listeners: {}, outbox: [] };
  var label = { en: ['Chat with us', 'Close chat'], 'zh-CN': ['联系我们', '关闭对话'] };
  var locale = /^zh/i.test(script.getAttribute('data-locale') || navigator.language || '') ? 'zh-CN' : 'en';
  var phone = window.matchMedia ? window.matchMedia('(max-width: 480px)') : { matches: false };

  function css(el, rules) {
    for (var name in rules) el.style.setProperty(name, rules[name], 'important');
  }
  var reset = {
    all: 'initial', 'box-sizing': 'border-box', margin: '0', padding: '0', border: '0',
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", sans-serif',
    'font-size': '16px', 'line-height': '1', 'text-transform': 'none', 'letter-spacing': 'normal',
    transform: 'none', filter: 'none', opacity: '1', visibility: 'visible'
  };

  var host = document.createElement('div');
  host.setAttribute('data-parley-widget', '');
  css(host, reset);
  css(host, { display: 'block', position: 'fixed', 'z-index': '2147483000', right: '0', bottom: '0', width: '0', height: '0', overflow: 'visible' });
  var root = host.attachShadow({ mode: 'open' });

  var button = document.createElement('button');
  button.type = 'button';
  css(button, reset);
  css(button, {
    display: 'flex', 'align-items': 'center', 'justify-content': 'center', position: 'fixed',
    right: '20px', bottom: '20px', width: '56px', height: '56px', 'border-radius': '50%',
    background: '#1d4ed8', color: '#ffffff', cursor: 'pointer',
    'box-shadow': '0 4px 14px rgba(0,0,0,.25)', outline: 'none'
  });
  button.addEventListener('focus', function () { css(button, { outline: '3px solid #f59e0b', 'outline-offset': '3px' }); });
  button.addEventListener('blur', function () { css(button, { outline: 'none' }); });
  var icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  css(icon, { width: '28px', height: '28px', display: 'block', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' });
  var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  icon.appendChild(path);
  button.appendChild(icon);
  var badge = document.createElement('span');
  css(badge, reset);
  css(badge, {
    display: 'none', position: 'absolute', top: '-4px', right: '-4px', 'min-width': '22px', height: '22px',
    padding: '0 6px', 'border-radius': '11px', background: '#b91c1c', color: '#ffffff',
    'font-size': '12px', 'font-weight': '700', 'line-height': '22px', 'text-align': 'center'
  });
  badge.setAttribute('aria-hidden', 'true');
  button.appendChild(badge);

  var frame = document.createElement('iframe');
  frame.src = base.href + 'frame.html?key=' + encodeURIComponent(key);
  frame.title = 'Parley chat';
  frame.setAttribute('allow', 'clipboard-write');
  css(frame, reset);
  root.appendChild(frame);
  root.appendChild(button);

  // on a phone the panel covers what the visitor sees: the visual viewport, which the on-screen
  // keyboard shrinks (the layout viewport, what 100% would be, stays behind the keyboard)
  var viewport = window.visualViewport;
  function place() {
    var big = phone.matches;
    var fit = big && viewport;
    css(frame, {
      display: state.open ? 'block' : 'none', position: 'fixed', background: 'transparent',
      'color-scheme': 'normal',
      top: fit ? viewport.offsetTop + 'px' : 'auto', left: fit ? viewport.offsetLeft + 'px' : 'auto',
      right: fit ? 'auto' : big ? '0' : '20px', bottom: fit ? 'auto' : big ? '0' : '88px',
      width: fit ? viewport.width + 'px' : big ? '100%' : '380px',
      height: fit ? viewport.height + 'px' : big ? '100%' : 'min(640px, calc(100% - 108px))',
      'max-width': '100%', 'border-radius': big ? '0' : '16px',
      'box-shadow': big ? 'none' : '0 8px 32px rgba(0,0,0,.28)'
    });
    css(button, { display: state.open && big ? 'none' : 'flex' });
    path.setAttribute('d', state.open ? 'M6 6l12 12M18 6L6 18' : 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z');
    var text = (label[locale] || label.en)[state.open ? 1 : 0];
    button.setAttribute('aria-label', state.unread && !state.open ? text + ' (' + state.unread + ')' : text);
    button.setAttribute('aria-expanded', String(state.open));
    badge.textContent = state.unread > 99 ? '99+' : String(state.unread);
    css(badge, { display: state.unread && !state.open ? 'block' : 'none' });
  }
  if (phone.addEventListener) phone.addEventListener('change', place);
  if (viewport) {
    var follow = function () { if (state.open && phone.matches) place(); };
    viewport.addEventListener('resize', follow);
    viewport.addEventListener('scroll', follow);
  }

  function emit(event, detail) {
    var list = (state.listeners[event] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try { list[i](detail); } catch (e) { if (window.console) window.console.error(e); }
    }
  }
  function tell(message) {
    if (state.ready) frame.contentWindow.postMessage(message, parley);
    else state.outbox.push(message);
  }
  function setOpen(open) {
    if (state.open === open) return;
    state.open = open;
    place();
    tell({ parley: 'open', open: open });
    if (open) setTimeout(function () { frame.focus(); }, 0);
    else button.focus();
    emit(open ? 'opened' : 'closed');
  }
  button.addEventListener('click', function () { setOpen(!state.open); });

  frame.addEventListener('load', function () {
    frame.contentWindow.postMessage({ parley: 'hello', locale: locale }, parley);
  });
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== parley) return;
    var m = event.data || {};
    if (m.parley === 'ready') {
      state.ready = true;
      while (state.outbox.length) frame.contentWindow.postMessage(state.outbox.shift(), parley);
      tell({ parley: 'open', open: state.open });
      emit('ready');
    } else if (m.parley === 'unread') {
      state.unread = Math.max(0, Number(m.count) || 0);
      place();
      emit('unread', state.unread);
    } else if (m.parley === 'message') {
      emit('message', { conversation: m.conversation, kind: m.kind, text: m.text, at: m.at });
    } else if (m.parley === 'close') {
      setOpen(false);
    } else if (m.parley === 'locale') {
      locale = m.locale === 'zh-CN' ? 'zh-CN' : 'en';
      place();
    }
  });

  var api = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    toggle: function () { setOpen(!state.open); },
    locale: function (value) { locale = value === 'zh-CN' ? 'zh-CN' : 'en'; place(); tell({ parley: 'locale', locale: locale }); },
    identify: function (who) {
      who = who || {};
      tell({ parley: 'identify', externalId: who.externalId, name: who.name, email: who.email, signature: who.signature });
    },
    reset: function () { tell({ parley: 'reset' }); },
    sound: function (on) { tell({ parley: 'sound', on: on !== false }); },
    on: function (event, fn) { if (typeof fn === 'function') (state.listeners[event] = state.listeners[event] || []).push(fn); },
    off: function (event, fn) { state.listeners[event] = (state.listeners[event] || []).filter(function (f) { return f !== fn; }); }
  };
  function Parley(command) {
    var f = api[command];
    if (!f) throw new Error('Parley: unknown command ' + command);
    return f.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  for (var name in api) Parley[name] = api[name];
  window.Parley = Parley;
  window.__parley = true;
  if (script.getAttribute('data-sound') === 'on') api.sound(true);

  function mount() {
    place();
    document.body.appendChild(host);
    for (var i = 0; i < earlier.length; i++) Parley.apply(null, earlier[i]);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
