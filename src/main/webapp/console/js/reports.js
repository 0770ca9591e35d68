// Reports: the overview an admin opens every morning, and each report over a date range with a
// grouping, a time zone and filters, drawn as a chart (uPlot, served from its WebJar and loaded on
// first use) and as tables (the accessible form of the chart), downloadable as CSV. The choices
// live in the address (#/reports/bot?from=…&to=…&group=day&inbox=3), so a report can be shared.
// Every text from Parley's data is set as text, never as HTML.

import * as i18n from '../../ui/i18n.js';
import { t } from '../../ui/i18n.js';
import { clone, cell } from './dom.js';
import { get, Problem, Offline } from './api.js';

export const REPORTS = ['conversations', 'tickets', 'satisfaction', 'bot', 'suggestions', 'agents'];

const UPLOT = new URL('../../webjars/uplot/1.6.30/dist/', import.meta.url);

/** What each report draws: counts in one chart, durations (or rates) in another, and its key totals. */
const SHAPES = {
  conversations: {
    counts: ['created', 'handedOff', 'resolved'],
    second: ['firstResponseMedian', 'resolutionMedian'],
    totals: ['created', 'resolved', 'firstResponseMedian', 'firstResponseP90', 'resolutionMedian', 'resolutionP90'],
  },
  tickets: {
    counts: ['created', 'solved'],
    second: ['firstResponseMedian', 'resolutionMedian'],
    totals: ['created', 'solved', 'firstResponseMedian', 'firstResponseP90', 'resolutionMedian', 'resolutionP90'],
  },
  satisfaction: {
    counts: ['closed', 'ratings'],
    second: ['averageScore'],
    totals: ['ratings', 'averageScore', 'responseRate', 'satisfiedShare'],
  },
  bot: {
    counts: ['conversations', 'resolvedByBot', 'handedOff'],
    second: ['deflectionRate'],
    totals: ['conversations', 'resolvedByBot', 'handedOff', 'deflectionRate'],
  },
  suggestions: {
    counts: ['shown', 'sent', 'sentEdited', 'dismissed'],
    second: ['acceptance'],
    totals: ['shown', 'acceptance', 'sentEdited', 'medianEditDistance'],
  },
  agents: { counts: [], second: [], totals: [] },
};

const COLORS = ['#1f5fbf', '#b3261e', '#1e7d32', '#8a4fbf', '#a15c00'];

/** How a column's values read: a duration in seconds, a share, a score, or a count. */
function kind(column) {
  if (/Median$|P90$|Seconds$/.test(column) && column !== 'medianEditDistance') return 'duration';
  if (/Rate$|Share$|^acceptance$|^achievement$/.test(column)) return 'share';
  if (column === 'averageScore' || column === 'medianEditDistance') return 'decimal';
  return 'count';
}

export function formatValue(column, value) {
  if (value == null || value === '') return '–';
  switch (kind(column)) {
    case 'duration': return duration(Number(value));
    case 'share': return `${i18n.number(Math.round(Number(value) * 1000) / 10)} %`;
    case 'decimal': return i18n.number(Math.round(Number(value) * 100) / 100);
    default: return typeof value === 'number' ? i18n.number(value) : String(value);
  }
}

/** Seconds as "2 h 5 min", "12 min" or "40 s". */
export function duration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return t('reports.seconds', { n: s });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t('reports.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t('reports.hoursMinutes', { h: i18n.number(hours), m: rest }) : t('reports.hours', { h: i18n.number(hours) });
}

function isoDate(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function daysBefore(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return isoDate(new Date(y, m - 1, d - days));
}

/** The report's choices from the address, with defaults (the last 30 days, per day). */
function choices() {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const to = query.get('to') || isoDate(new Date());
  return {
    from: query.get('from') || daysBefore(to, 29),
    to,
    group: query.get('group') || 'day',
    timeZone: query.get('timeZone') || '',
    inbox: query.get('inbox') || '',
    team: query.get('team') || '',
    agent: query.get('agent') || '',
    topic: query.get('topic') || '',
    channel: query.get('channel') || '',
  };
}

function queryString(c) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(c)) if (value) q.set(key, value);
  return q.toString();
}

let uplotLoading = null;

/** uPlot from its WebJar, once (a classic script defining window.uPlot, and its style sheet). */
function loadUplot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  if (!uplotLoading) {
    uplotLoading = new Promise((resolve, reject) => {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = new URL('uPlot.min.css', UPLOT).href;
      document.head.append(css);
      const script = document.createElement('script');
      script.src = new URL('uPlot.iife.min.js', UPLOT).href;
      script.onload = () => resolve(window.uPlot);
      script.onerror = () => { uplotLoading = null; reject(new Offline('chart library')); };
      document.head.append(script);
    });
  }
  return uplotLoading;
}

let charts = [];
let resizeWatch = null;

function disposeCharts() {
  for (const chart of charts) chart.destroy();
  charts = [];
  if (resizeWatch) window.removeEventListener('resize', resizeWatch);
  resizeWatch = null;
}

/** #/reports (the overview) and #/reports/<name>. */
export async function reportsPlace(root, problemText) {
  disposeCharts();
  const name = (/^#\/reports\/([a-z]+)/.exec(location.hash) || [])[1] || 'overview';
  for (const link of root.querySelectorAll('.report-nav a')) {
    if (link.dataset.report === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const pane = root.querySelector('#report-pane');
  if (name === 'overview') return overview(pane);
  if (!REPORTS.includes(name)) {
    location.hash = '#/reports';
    return undefined;
  }
  return report(pane, name, problemText);
}

async function overview(pane) {
  pane.replaceChildren(clone('report-overview'));
  const o = await get('/reports/overview');
  const now = pane.querySelector('#overview-now');
  stat(now, t('reports.conversationsToday'), i18n.number(o.conversationsToday), '#/reports/conversations');
  stat(now, t('reports.ticketsToday'), i18n.number(o.ticketsToday), '#/reports/tickets');
  stat(now, t('reports.waitingNow'), i18n.number(o.waitingNow), '#/');
  stat(now, t('reports.agentsOnline'), i18n.number(o.agentsOnline), '#/reports/agents');
  stat(now, t('reports.slaAtRisk'), i18n.number(o.slaAtRisk), '#/tickets', o.slaAtRisk > 0);
  const week = pane.querySelector('#overview-week');
  compare(week, t('reports.col.created'), o.conversations, 'created', '#/reports/conversations');
  compare(week, t('reports.col.deflectionRate'), o.deflectionRate, 'deflectionRate', '#/reports/bot');
  compare(week, t('reports.col.acceptance'), o.suggestionAcceptance, 'acceptance', '#/reports/suggestions');
  compare(week, t('reports.col.averageScore'), o.averageScore, 'averageScore', '#/reports/satisfaction');
  pane.querySelector('#overview-zone').textContent = t('reports.zoneNote', { zone: o.timeZone, today: o.today });
}

/** A figure card: a label, a value, and where to look closer. */
function stat(parent, label, value, href, alert = false) {
  const card = document.createElement('a');
  card.className = alert ? 'stat alert-stat' : 'stat';
  card.href = href;
  const v = document.createElement('span');
  v.className = 'stat-value';
  v.textContent = value;
  const l = document.createElement('span');
  l.className = 'stat-label';
  l.textContent = label;
  card.append(v, l);
  parent.append(card);
  return card;
}

/** A figure of the last 7 days with its change against the 7 before, in words (not colour alone). */
function compare(parent, label, figure, column, href) {
  const card = stat(parent, label, formatValue(column, figure.last7Days), href);
  const change = document.createElement('span');
  change.className = 'stat-change';
  const before = figure.previous7Days;
  const last = figure.last7Days;
  if (last == null || before == null) {
    change.textContent = t('reports.noComparison', { before: formatValue(column, before) });
  } else if (last === before) {
    change.textContent = t('reports.same');
  } else {
    const up = last > before;
    const delta = kind(column) === 'share'
      ? `${i18n.number(Math.round(Math.abs(last - before) * 1000) / 10)} ${t('reports.points')}`
      : formatValue(column, Math.abs(last - before));
    change.textContent = t(up ? 'reports.up' : 'reports.down', { delta, before: formatValue(column, before) });
    change.classList.add(up ? 'up' : 'down');
  }
  card.append(change);
}

async function report(pane, name, problemText) {
  pane.replaceChildren(clone('report-page'));
  const c = choices();
  pane.querySelector('#report-title').textContent = t(`reports.${name}`);
  pane.querySelector('#report-about').textContent = t(`reports.about.${name}`);
  const form = pane.querySelector('#report-form');
  const error = pane.querySelector('#report-error');
  const fields = {
    from: form.querySelector('#report-from'),
    to: form.querySelector('#report-to'),
    group: form.querySelector('#report-group'),
    timeZone: form.querySelector('#report-zone'),
    inbox: form.querySelector('#report-inbox'),
    team: form.querySelector('#report-team'),
    agent: form.querySelector('#report-agent'),
    topic: form.querySelector('#report-topic'),
    channel: form.querySelector('#report-channel'),
  };
  const [inboxes, teams, users, topics] = await Promise.all([
    get('/inboxes'), get('/teams'), get('/users'), get('/topics').catch(() => []),
  ]);
  options(fields.inbox, inboxes, (x) => x.name);
  options(fields.team, teams, (x) => x.name);
  options(fields.agent, users, (x) => x.displayName || x.email);
  options(fields.topic, topics, (x) => x.name);
  const zones = pane.querySelector('#report-zones');
  for (const zone of (Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [])) {
    const option = document.createElement('option');
    option.value = zone;
    zones.append(option);
  }
  for (const [key, field] of Object.entries(fields)) field.value = c[key];
  form.querySelector('#report-preset').addEventListener('change', (event) => {
    const days = Number(event.target.value);
    if (!days) return;
    fields.to.value = isoDate(new Date());
    fields.from.value = daysBefore(fields.to.value, days - 1);
  });
  const chosen = () => Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.value.trim()]));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = `#/reports/${name}?${queryString(chosen())}`;
    if (location.hash === next) load();
    else location.hash = next;
  });
  form.querySelector('#report-csv').addEventListener('click', async () => {
    error.textContent = '';
    try {
      await download(`/reports/${name}?${queryString(chosen())}&format=csv`, `${name}-${fields.from.value}-${fields.to.value}.csv`);
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  if (name === 'agents') {
    pane.querySelector('#report-charts').hidden = true;
    pane.querySelector('#report-series-block').hidden = true;
    fields.group.closest('label').hidden = true;
  }

  async function load() {
    error.textContent = '';
    const status = pane.querySelector('#report-status');
    status.textContent = t('loading');
    let data;
    try {
      data = await get(`/reports/${name}?${queryString(c)}`);
    } catch (e) {
      status.textContent = '';
      if (e instanceof Problem && e.status === 403) throw e;
      error.textContent = problemText(e);
      return;
    }
    status.textContent = t('reports.shown', { from: data.from, to: data.to, zone: data.timeZone });
    render(pane, name, data, problemText);
  }
  await load();
}

function options(select, items, label) {
  for (const item of items) {
    const option = document.createElement('option');
    option.value = item.id;
    option.textContent = label(item);
    select.append(option);
  }
}

/** Fetches a CSV with the session and saves it under a file name. */
async function download(path, file) {
  const url = new URL(`../../api/v1${path}`, import.meta.url);
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/csv' } });
  } catch (e) {
    throw new Offline(e.message);
  }
  if (!response.ok) throw new Problem(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = file;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function render(pane, name, data, problemText) {
  disposeCharts();
  const shape = SHAPES[name];
  const totals = pane.querySelector('#report-totals');
  totals.replaceChildren();
  for (const column of shape.totals) {
    const card = document.createElement('div');
    card.className = 'stat';
    const v = document.createElement('span');
    v.className = 'stat-value';
    v.textContent = formatValue(column, data.totals ? data.totals[column] : null);
    const l = document.createElement('span');
    l.className = 'stat-label';
    l.textContent = t(`reports.col.${column}`);
    card.append(v, l);
    totals.append(card);
  }
  if (data.series) {
    seriesTable(pane.querySelector('#report-series'), data);
    drawCharts(pane, shape, data).catch((e) => {
      pane.querySelector('#report-error').textContent = problemText(e);
    });
  }
  const tables = pane.querySelector('#report-tables');
  tables.replaceChildren();
  for (const [tableName, table] of Object.entries(data.tables || {})) {
    tables.append(breakdown(name, tableName, table, problemText));
  }
}

/** The series as a table: the chart's accessible twin, every column, one row per period. */
function seriesTable(table, data) {
  const head = table.querySelector('thead tr');
  const body = table.querySelector('tbody');
  head.replaceChildren();
  body.replaceChildren();
  const th = (text) => {
    const cellNode = document.createElement('th');
    cellNode.scope = 'col';
    cellNode.textContent = text;
    head.append(cellNode);
  };
  th(t('reports.period'));
  data.columns.forEach((column) => th(t(`reports.col.${column}`)));
  const rows = [...data.series.map((point) => [period(point.start, data.group, data.timeZone), point]), [t('reports.total'), data.totals]];
  for (const [label, values] of rows) {
    const tr = document.createElement('tr');
    const header = document.createElement('th');
    header.scope = 'row';
    header.textContent = label;
    tr.append(header);
    data.columns.forEach((column) => cell(tr, formatValue(column, values[column])));
    body.append(tr);
  }
}

/** A period's label in the report's time zone: "3 Mar", "3 Mar 14:00", "Mar 2026". */
function period(start, group, zone) {
  const date = new Date(start);
  const options = { timeZone: zone };
  if (group === 'hour') Object.assign(options, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  else if (group === 'month') Object.assign(options, { year: 'numeric', month: 'short' });
  else Object.assign(options, { year: 'numeric', month: 'short', day: 'numeric' });
  const text = new Intl.DateTimeFormat(i18n.current(), options).format(date);
  return group === 'week' ? t('reports.weekOf', { date: text }) : text;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
/** The steps between the time axis' labels, per grouping: never finer than a bucket. */
const TICKS = {
  hour: [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY],
  day: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY],
  week: [7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY],
  month: [31 * DAY, 92 * DAY, 183 * DAY, 366 * DAY],
};

/** A time axis label in the report's zone and the user's language: "14:00", "3 Dec", "Dec 2026". */
function tick(ts, group, zone) {
  const options = { timeZone: zone };
  if (group === 'hour') Object.assign(options, { day: 'numeric', hour: '2-digit', minute: '2-digit' });
  else if (group === 'month') Object.assign(options, { year: 'numeric', month: 'short' });
  else Object.assign(options, { month: 'short', day: 'numeric' });
  return new Intl.DateTimeFormat(i18n.current(), options).format(new Date(ts * 1000));
}

async function drawCharts(pane, shape, data) {
  const uPlot = await loadUplot();
  const xs = data.series.map((point) => Date.parse(point.start) / 1000);
  const holders = [
    [pane.querySelector('#report-chart'), pane.querySelector('#report-chart-caption'), shape.counts, false],
    [pane.querySelector('#report-chart-2'), pane.querySelector('#report-chart-2-caption'), shape.second, true],
  ];
  const styles = getComputedStyle(document.documentElement);
  const text = styles.getPropertyValue('--text').trim() || '#1b1f24';
  const grid = styles.getPropertyValue('--border').trim() || '#c9d0d8';
  for (const [holder, caption, columns, second] of holders) {
    holder.replaceChildren();
    if (!columns.length) continue;
    const durations = columns.every((column) => kind(column) === 'duration');
    caption.textContent = durations ? t('reports.chartDurations') : columns.map((column) => t(`reports.col.${column}`)).join(' · ');
    holder.setAttribute('aria-label', `${caption.textContent}: ${t('reports.chartAlt')}`);
    const scale = (column, v) => (v == null ? null : durations ? v / 60 : kind(column) === 'share' ? v * 100 : v);
    const period0 = {
      label: t('reports.period'),
      value: (u, ts) => (ts == null ? '–' : period(new Date(ts * 1000).toISOString(), data.group, data.timeZone)),
    };
    const series = [period0].concat(columns.map((column, i) => ({
      label: t(`reports.col.${column}`),
      stroke: COLORS[(i + (second ? 3 : 0)) % COLORS.length],
      width: 2,
      dash: i % 2 ? [6, 3] : undefined,
      points: { show: xs.length < 60 },
      spanGaps: false,
      value: (u, v) => (v == null ? '–' : formatValue(column, durations ? v * 60 : kind(column) === 'share' ? v / 100 : v)),
    })));
    const axisLabel = durations ? t('reports.axisMinutes') : columns.some((column) => kind(column) === 'share') ? '%' : '';
    const options = {
      width: Math.max(240, holder.clientWidth || 600),
      height: 240,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), data.timeZone),
      series,
      scales: { x: { time: true } },
      axes: [
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          incrs: TICKS[data.group],
          values: (u, splits) => splits.map((ts) => tick(ts, data.group, data.timeZone)),
        },
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label: axisLabel, size: 56 },
      ],
      legend: { live: true },
    };
    const values = [xs].concat(columns.map((column) => data.series.map((point) => scale(column, point[column]))));
    const chart = new uPlot(options, values, holder);
    charts.push(chart);
  }
  // the chart follows its card's width (the card's content box), not its own
  resizeWatch = () => charts.forEach((chart) => {
    const card = chart.root.closest('figure');
    const padding = parseFloat(getComputedStyle(card).paddingLeft) * 2;
    chart.setSize({ width: Math.max(240, card.clientWidth - padding), height: 240 });
  });
  window.addEventListener('resize', resizeWatch);
}

/** A breakdown table (SLA per metric, handoff reasons, scores, comments, prompts, agents) with its CSV. */
function breakdown(report, tableName, table, problemText) {
  const section = document.createElement('section');
  section.className = 'report-breakdown';
  const head = document.createElement('div');
  head.className = 'section-head';
  const title = document.createElement('h3');
  title.textContent = t(`reports.table.${tableName}`);
  title.id = `table-${tableName}`;
  const csv = document.createElement('button');
  csv.type = 'button';
  csv.className = 'secondary';
  csv.textContent = t('reports.downloadTable');
  csv.setAttribute('aria-describedby', title.id);
  const error = document.createElement('p');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  csv.addEventListener('click', async () => {
    error.textContent = '';
    const c = choices();
    try {
      await download(`/reports/${report}?${queryString(c)}&format=csv&table=${tableName}`, `${report}-${c.from}-${c.to}-${tableName}.csv`);
    } catch (e) {
      error.textContent = problemText(e);
    }
  });
  head.append(title, csv);
  section.append(head, error);
  if (!table.rows.length) {
    const empty = document.createElement('p');
    empty.className = 'muted';
    empty.textContent = t('reports.empty');
    section.append(empty);
    return section;
  }
  const wrap = document.createElement('div');
  wrap.className = 'table-scroll';
  wrap.tabIndex = 0; // a keyboard can scroll it on a narrow screen
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-labelledby', title.id);
  const element = document.createElement('table');
  element.className = 'report-table';
  element.setAttribute('aria-labelledby', title.id);
  const thead = element.createTHead().insertRow();
  for (const column of table.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(`reports.col.${column}`);
    thead.append(th);
  }
  const body = element.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    row.forEach((value, i) => cell(tr, label(table.columns[i], value)));
  }
  wrap.append(element);
  section.append(wrap);
  return section;
}

/** A table cell: reasons and metrics in words, times in the user's locale, figures formatted. */
function label(column, value) {
  if (value == null) return '–';
  if (column === 'reason') return t(`reports.reason.${value}`) || String(value);
  if (column === 'metric') return t(`reports.metric.${value}`);
  if (column === 'closedAt') return i18n.when(value);
  if (['name', 'comment', 'prompt', 'version', 'model'].includes(column)) return String(value);
  if (column === 'agent' || column === 'conversation' || column === 'score') return String(value);
  return formatValue(column, value);
}
