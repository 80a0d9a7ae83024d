// The AI Swarm page: one snapshot per change over server-sent events, the task list and details over the JSON
// API (docs/dashboard.md). Every value from the swarm is shown with textContent: pane text is text, never HTML.
'use strict';

let csrf = document.querySelector('meta[name="csrf-token"]').content;
const FINAL = new Set(['done', 'failed', 'skipped', 'cancelled']);
let snapshot = null;
let queueKey = '';
let source = null;

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return node;
}

async function api(method, path, body) {
  const options = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') {
    options.headers['X-CSRF-Token'] = csrf;
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body || {});
  }
  const response = await fetch(path, options);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error || (response.status + ' ' + response.statusText));
  return json;
}

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 6000);
}

function age(ms) {
  if (ms == null || ms < 0) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + (s % 60) + 's';
  return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
}

function since(iso) {
  return iso ? age(Date.now() - Date.parse(iso)) : '-';
}

function cpu(w) {
  if (w.pane === 'unknown' || w.pane === 'gone') return '-';
  const total = (w.cpu_ms / 1000).toFixed(1) + 's';
  return w.cpu_delta_ms > 0 ? total + ' +' + w.cpu_delta_ms + 'ms' : total;
}

function connect() {
  if (source) source.close();
  source = new EventSource('/api/events');
  source.addEventListener('open', async () => {
    // a new master has a new CSRF token: ask for it on every (re)connection, and say "live" only once the page can
    // act again (an action sent with the old master's token is refused)
    const opened = source;
    try {
      csrf = (await api('GET', '/api/session')).csrf;
      if (source === opened && opened.readyState === EventSource.OPEN) live(true);
    } catch (e) {
      toast('session: ' + e.message);
      if (source === opened) setTimeout(connect, 2000);
    }
  });
  source.addEventListener('error', () => {
    live(false);
    // the browser retries by itself while it can; a refused stream (closed) is retried here
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
  });
  source.addEventListener('snapshot', (e) => render(JSON.parse(e.data)));
  source.addEventListener('status', (e) => addEvent(JSON.parse(e.data)));
  source.addEventListener('reset', () => { $('events').replaceChildren(); });
}

function live(on) {
  const badge = $('live');
  badge.textContent = on ? 'live' : 'reconnecting…';
  badge.className = 'badge ' + (on ? 'on' : 'off');
}

function render(s) {
  snapshot = s;
  $('cluster').textContent = 'cluster ' + s.cluster;
  $('master').textContent = s.master ? 'master ' + s.master : 'no master';
  renderHelp(s.help);
  renderWorkers(s.workers);
  const totals = Object.entries(s.queue).filter(([, n]) => n > 0).map(([k, n]) => k + ' ' + n).join(' · ');
  // with worktrees: how the finished tasks' work stands (merged, unmerged, conflict...)
  const work = s.work ? Object.entries(s.work.counts).map(([k, n]) => k + ' ' + n).join(' · ') : '';
  $('queue-totals').textContent = (totals || 'empty') + (work ? ' — work: ' + work : '');
  const key = JSON.stringify(s.queue) + '|' + s.last_event_id + '|' + JSON.stringify(s.work || null);
  if (key !== queueKey) {
    queueKey = key;
    loadTasks();
  }
}

function renderHelp(items) {
  $('help-count').textContent = items.length ? '(' + items.length + ')' : '';
  $('help-empty').hidden = items.length > 0;
  $('help').replaceChildren(...items.map((h) => el('li', { 'data-worker': h.worker_id },
    el('strong', {}, h.worker_id), ' ', el('span', { class: 'state-' + h.state }, h.state),
    ' · task ', h.task_id || '-', ' · waiting ', el('span', { class: 'tick', 'data-since': h.since || '' }, since(h.since)),
    el('div', { class: 'what' }, h.note || '(no message)'),
    el('button', { class: 'yes', 'data-answer': 'yes', onclick: () => answer(h.worker_id, 'yes') }, 'Yes'),
    el('button', { class: 'no', 'data-answer': 'no', onclick: () => answer(h.worker_id, 'no') }, 'No'),
    el('button', { 'data-answer': 'cancel', onclick: () => answer(h.worker_id, 'cancel') }, 'Cancel'),
    el('button', { onclick: () => showPane(h.worker_id) }, 'Screen'))));
}

function renderWorkers(workers) {
  $('worker-count').textContent = '(' + workers.length + ')';
  const rows = workers.map((w) => el('tr', { 'data-worker': w.worker_id, class: w.state === 'HELP' || w.state === 'WAIT' ? 'help' : '' },
    el('td', {}, w.worker_id),
    el('td', { class: 'state-' + w.state }, w.state),
    el('td', {}, (w.task_id || '-') + (w.branch ? ' on ' + w.branch : '')),
    el('td', { class: 'tick', 'data-since': w.since || '' }, since(w.since)),
    el('td', {}, cpu(w)),
    el('td', { class: 'what' }, w.note),
    el('td', {}, el('button', { onclick: () => showPane(w.worker_id) }, 'Screen'))));
  $('workers').tBodies[0].replaceChildren(...rows);
}

async function loadTasks() {
  const params = new URLSearchParams({ limit: '200' });
  if ($('filter-status').value) params.set('status', $('filter-status').value);
  if ($('filter-q').value) params.set('q', $('filter-q').value);
  try {
    const json = await api('GET', '/api/tasks?' + params);
    $('task-matching').textContent = json.matching + ' of ' + json.total + (json.matching > json.tasks.length ? ' (first ' + json.tasks.length + ' shown)' : '');
    $('tasks').tBodies[0].replaceChildren(...json.tasks.map(taskRow));
  } catch (e) {
    toast('tasks: ' + e.message);
  }
}

// a failed task whose agent a person refused permission (TaskInfo.DECLINED in the Java code)
function shownStatus(t) {
  return t.status === 'failed' && (t.error || '').startsWith('permission declined: ') ? 'declined' : t.status;
}

function taskRow(t) {
  const what = (t.command != null ? '$ ' + t.command : 'prompt: ' + t.prompt);
  const actions = el('td', {});
  if (!FINAL.has(t.status)) actions.append(el('button', { onclick: () => act(t.task_id, 'cancel') }, 'Cancel'));
  else actions.append(el('button', { onclick: () => act(t.task_id, 'retry') }, 'Retry'));
  actions.append(el('button', { onclick: () => showTask(t.task_id) }, 'Details'));
  return el('tr', { 'data-task': t.task_id },
    el('td', {}, t.task_id), el('td', {}, t.priority),
    el('td', { class: 'status-' + t.status }, shownStatus(t) + (t.integration ? ' · ' + t.integration : '')),
    el('td', {}, t.worker_id || '-'), el('td', {}, t.attempts),
    el('td', { class: 'what' }, what.length > 160 ? what.slice(0, 157) + '…' : what), actions);
}

function addEvent(e) {
  const list = $('events');
  const time = new Date(Date.parse(e.ts)).toLocaleTimeString();
  list.prepend(el('li', { 'data-id': e.id }, time + '  ' + e.worker_id + '  ' + e.state + '  ' + (e.task_id || '-') + '  ' + e.message));
  while (list.children.length > 200) list.lastChild.remove();
}

async function answer(worker, what) {
  if (what === 'yes' && !window.confirm('Answer YES to ' + worker + '?')) return;
  try {
    const json = await api('POST', '/api/workers/' + encodeURIComponent(worker) + '/answer', { answer: what });
    toast(worker + ': ' + json.done);
  } catch (e) {
    toast(worker + ': ' + e.message);
  }
}

async function act(task, what) {
  try {
    const json = await api('POST', '/api/tasks/' + encodeURIComponent(task) + '/' + what);
    toast(task + ' is ' + json.task.status);
    loadTasks();
  } catch (e) {
    toast(task + ': ' + e.message);
  }
}

function showDialog(title, text) {
  $('detail-title').textContent = title;
  $('detail-body').textContent = text;
  const d = $('detail');
  if (!d.open) d.showModal();
}

async function showPane(worker) {
  try {
    const json = await api('GET', '/api/workers/' + encodeURIComponent(worker) + '/pane?lines=60');
    showDialog(worker + ': last lines of its pane', json.text);
  } catch (e) {
    toast(worker + ': ' + e.message);
  }
}

async function showTask(task) {
  try {
    const json = await api('GET', '/api/tasks/' + encodeURIComponent(task));
    let text = JSON.stringify(json.task, null, 2);
    if (json.diff) text += '\n\n--- diff ---\n' + json.diff;
    text += '\n\n--- result log ---\n' + (json.result == null ? '(none yet)' : json.result);
    showDialog('task ' + task, text);
  } catch (e) {
    toast(task + ': ' + e.message);
  }
}

$('add-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { [$('add-kind').value]: $('add-text').value, priority: Number($('add-priority').value) || 5 };
  try {
    const json = await api('POST', '/api/tasks', body);
    toast('added ' + json.tasks.map((t) => t.task_id).join(', '));
    $('add-text').value = '';
  } catch (e) {
    toast('not added: ' + e.message);
  }
});
$('filter-status').addEventListener('change', loadTasks);
$('filter-q').addEventListener('input', () => { clearTimeout(loadTasks.timer); loadTasks.timer = setTimeout(loadTasks, 250); });
// durations tick here, in the page: the server sends nothing while nothing changes
setInterval(() => document.querySelectorAll('.tick').forEach((n) => { n.textContent = since(n.dataset.since); }), 1000);
connect();
