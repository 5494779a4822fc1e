// The live order board: recent orders from the read model, moved along by the server-sent
// events of /api/board/events. Every text goes in with textContent: nothing from the data is parsed as HTML.
'use strict';

const TERMINAL = new Set(['Approved', 'Rejected', 'Cancelled']);
const CANCELLABLE = new Set(['Pending', 'PaymentDebited']);
const ZIPKIN = 'http://' + location.hostname + ':9411/zipkin/traces/';
const orders = new Map();          // order id -> {order, row}
const placedAt = [];               // times (ms) of live created events, by the event's own created_at, for the chart
let selected = null;

// The operator's bearer token: `./suite up` prints the board's link with it in the fragment
// (#token=...), which the browser never sends to a server. Kept for this tab only, and taken out
// of the address bar so it does not end up in bookmarks or screenshots.
const TOKEN = (() => {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('eventstream-token', decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('eventstream-token');
})();
function authorized(headers) {
  return TOKEN ? Object.assign({ Authorization: 'Bearer ' + TOKEN }, headers || {}) : (headers || {});
}
function unauthorized(status) {
  if (status !== 401 && status !== 403) return;
  $('feed').dataset.state = 'down';
  $('feed').textContent = status === 401
    ? 'no valid token: open the link ./suite up prints (or /board/#token=$(./suite token --operator))'
    : 'this token is not an operator\'s';
}

const $ = (id) => document.getElementById(id);
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }
async function getJson(url) {
  const r = await fetch(url, { headers: authorized({ Accept: 'application/json' }) });
  if (!r.ok) { unauthorized(r.status); throw new Error(url + ': ' + r.status); }
  return r.json();
}

// ---- the list ----
function render(id) {
  const entry = orders.get(id);
  const o = entry.order;
  const row = entry.row || el('tr');
  row.replaceChildren(el('td', id.slice(0, 8)), el('td', o.customer_id), el('td', o.restaurant_id),
    el('td', o.amount), el('td', o.status, 'status status-' + o.status), el('td', time(o.created_on)));
  row.dataset.id = id;
  row.dataset.status = o.status || '';
  if (!entry.row) {
    row.addEventListener('click', () => showDetails(id));
    entry.row = row;
  }
  row.classList.remove('flash'); void row.offsetWidth; row.classList.add('flash');
  return row;
}
function addOrder(o, atTop) {
  if (orders.has(o.order_id)) return;
  orders.set(o.order_id, { order: o, row: null });
  const row = render(o.order_id);
  const body = $('orders').tBodies[0];
  if (atTop) body.prepend(row); else body.append(row);
  while (body.rows.length > 100) { const last = body.rows[body.rows.length - 1]; orders.delete(last.dataset.id); last.remove(); }
}
async function loadRecent() {
  const list = await getJson('/api/orders/recent?limit=50');
  for (const o of list) addOrder(o, false);
}

// ---- counts ----
let countsTimer = null;
function refreshCountsSoon() {
  if (countsTimer) return;
  countsTimer = setTimeout(async () => { countsTimer = null; await loadCounts(); }, 500);
}
async function loadCounts() {
  try {
    const counts = await getJson('/api/board/counts');
    const box = $('counts');
    box.replaceChildren();
    for (const [status, n] of Object.entries(counts)) {
      const c = el('span', status, 'count status-' + status);
      c.dataset.status = status;
      c.append(el('b', n));
      box.append(c);
    }
  } catch (e) { /* the next event tries again */ }
}

// ---- live feed ----
function onEvent(ev) {
  // History (events stored before the board opened) moves known orders along but is not "now":
  // not in the per-second chart, no new rows. The chart buckets by when the event was stored, not
  // when it arrived, so a feed that falls behind draws late bars, never a false rate.
  if (ev.event === 'created' && !ev.history) placedAt.push(ev.created_at ? Date.parse(ev.created_at) : Date.now());
  const entry = orders.get(ev.order_id);
  if (!entry) {
    if (ev.event === 'created' && !ev.history) {
      // The read model may not have it yet: show what the event says, fill in the rest soon.
      addOrder({ order_id: ev.order_id, status: 'Pending', created_on: ev.created_at }, true);
      setTimeout(() => fillIn(ev.order_id), 700);
    }
  } else if (ev.status && !(TERMINAL.has(entry.order.status) && !TERMINAL.has(ev.status))) {
    entry.order.status = ev.status;
    render(ev.order_id);
  }
  if (selected === ev.order_id) {
    showDetails(ev.order_id);
    setTimeout(() => { if (selected === ev.order_id) showDetails(ev.order_id); }, 1000); // the read model catches up
  }
  refreshCountsSoon();
}
async function fillIn(id) {
  const entry = orders.get(id);
  if (!entry) return;
  try {
    const o = await getJson('/api/orders/' + encodeURIComponent(id));
    const status = TERMINAL.has(entry.order.status) ? entry.order.status : o.status;
    entry.order = { ...o, status };
    render(id);
  } catch (e) {
    setTimeout(() => fillIn(id), 1000);
  }
}
function connect() {
  // EventSource reconnects by itself and sends Last-Event-ID (the last event position) when it does.
  // An EventSource cannot send a header: the token goes in the query, accepted on this path only.
  const source = new EventSource('/api/board/events' + (TOKEN ? '?access_token=' + encodeURIComponent(TOKEN) : ''));
  source.onopen = () => { $('feed').dataset.state = 'live'; $('feed').textContent = 'live'; };
  source.onerror = () => { $('feed').dataset.state = 'down'; $('feed').textContent = 'reconnecting…'; };
  source.addEventListener('order', (m) => onEvent(JSON.parse(m.data)));
}

// ---- chart: orders per second over the last minute ----
function drawChart() {
  const now = Date.now();
  for (let i = placedAt.length - 1; i >= 0; i--) if (placedAt[i] < now - 60000) placedAt.splice(i, 1);
  const buckets = new Array(60).fill(0);
  for (const t of placedAt) {
    const i = 59 - Math.floor((now - t) / 1000);
    if (i >= 0 && i < 60) buckets[i]++;
  }
  const canvas = $('chart');
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  const max = Math.max(1, ...buckets);
  g.clearRect(0, 0, w, h);
  g.fillStyle = '#888'; g.font = '10px sans-serif';
  g.fillText(max + '/s', 2, 10);
  const bw = w / 60;
  g.fillStyle = '#46c';
  buckets.forEach((n, i) => {
    const bh = (n / max) * (h - 14);
    g.fillRect(i * bw + 1, h - bh, bw - 2, bh);
  });
  $('rate').textContent = String(buckets[58]);
}

// ---- per restaurant per hour: the read model's restaurant_hourly, back-filled from the log by --rebuild ----
async function loadHourly() {
  const id = $('h-restaurant').value.trim();
  if (!id) return;
  try {
    drawHourly(await getJson('/api/restaurants/' + encodeURIComponent(id) + '/hourly'));
    $('h-error').textContent = '';
  } catch (e) {
    $('h-error').textContent = 'per hour: ' + e.message;
  }
}
function drawHourly(data) {
  const canvas = $('h-chart');
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  const hours = data.hours;
  const max = Math.max(1, ...hours.map((x) => x.orders));
  g.clearRect(0, 0, w, h);
  g.fillStyle = '#888'; g.font = '10px sans-serif';
  g.fillText(String(max), 2, 10);
  const bw = w / hours.length;
  hours.forEach((x, i) => {
    const scale = (n) => (n / max) * (h - 24);
    g.fillStyle = '#9ad'; g.fillRect(i * bw + 1, h - 12 - scale(x.orders), bw - 2, scale(x.orders));
    g.fillStyle = '#180'; g.fillRect(i * bw + 1, h - 12 - scale(x.approved), bw - 2, scale(x.approved));
    if (i % 6 === 0) { g.fillStyle = '#888'; g.fillText(new Date(x.hour).getHours() + 'h', i * bw + 1, h - 1); }
  });
  $('h-totals').textContent = data.orders + ' orders, ' + data.approved + ' approved, revenue ' + data.revenue;
}

// ---- details ----
async function showDetails(id) {
  selected = id;
  for (const r of $('orders').tBodies[0].rows) r.classList.toggle('selected', r.dataset.id === id);
  $('details').hidden = false;
  $('d-id').textContent = id;
  let order = null, events = [];
  try { order = await getJson('/api/orders/' + encodeURIComponent(id)); } catch (e) { /* not in the read model yet */ }
  try { events = await getJson('/api/orders/' + encodeURIComponent(id) + '/events'); } catch (e) { /* none yet */ }
  if (selected !== id) return;
  const live = orders.get(id);
  const restaurant = (order && order.restaurant_id) || (live && live.order.restaurant_id);
  if (restaurant && restaurant !== $('h-restaurant').value) { $('h-restaurant').value = restaurant; loadHourly(); }
  const status = live && TERMINAL.has(live.order.status) ? live.order.status : (order ? order.status : (live ? live.order.status : ''));
  $('d-status').textContent = status;
  $('d-status').className = 'status status-' + status;
  $('d-reason').textContent = order && order.reason ? order.reason : '';
  fill('d-items', (order && order.order_items) || [], (i) => [i.code, i.name, i.unit_price, i.quantity]);
  fill('d-history', (order && order.status_history) || [], (s) => [s.version, s.status, s.reason || '', time(s.reached_at)]);
  fill('d-events', events, (e) => [e.version, e.event_type, e.position, time(e.created_at)]);
  const created = events.find((e) => e.version === 1 && e.metadata && e.metadata.traceparent);
  const trace = created ? created.metadata.traceparent.split('-')[1] : null;
  $('d-trace').hidden = !trace;
  if (trace && /^[0-9a-f]{32}$/.test(trace)) $('d-trace').href = ZIPKIN + trace;
  $('d-cancel').hidden = !CANCELLABLE.has(status);
  // Follow the latest version unless the user stepped back to an earlier one.
  if (events.length && (asOf.id !== id || asOf.version === asOf.last || asOf.version > events.length)) showVersion(id, events.length);
  else if (!events.length) $('d-asof').hidden = true;
}

// ---- an order as it was: GET /api/orders/{id}?version=N, folded from its events by the server ----
const asOf = { id: null, version: 0, last: 0 };
async function showVersion(id, version) {
  let o;
  try { o = await getJson('/api/orders/' + encodeURIComponent(id) + '?version=' + version); } catch (e) { return; }
  if (selected !== id) return;
  Object.assign(asOf, { id, version: o.version, last: o.last_version });
  $('d-asof').hidden = false;
  $('d-version').textContent = o.version;
  $('d-last').textContent = o.last_version;
  $('d-v-status').textContent = o.status || '';
  $('d-v-status').className = 'status status-' + (o.status || '');
  $('d-v-reason').textContent = o.reason || '';
  const last = o.events[o.events.length - 1];
  $('d-v-event').textContent = last ? '(' + last.event_type + ', ' + time(last.created_at) + ')' : '';
  $('d-prev').disabled = o.version <= 1;
  $('d-next').disabled = o.version >= o.last_version;
}
function stepVersion(delta) {
  if (asOf.id === selected && asOf.version + delta >= 1) showVersion(selected, asOf.version + delta);
}
function fill(tableId, rows, cells) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...rows.map((r) => { const tr = el('tr'); for (const c of cells(r)) tr.append(el('td', c)); return tr; }));
}
async function cancelSelected() {
  const id = selected;
  const note = $('d-cancel-note');
  note.textContent = 'cancelling…';
  const r = await fetch('/api/orders/' + encodeURIComponent(id) + '/cancel', { method: 'POST', headers: authorized() });
  if (r.status === 202) note.textContent = 'cancel requested';
  else {
    let detail = '';
    try { detail = (await r.json()).detail || ''; } catch (e) { /* no body */ }
    note.textContent = 'not cancelled (' + r.status + ') ' + detail;
  }
  showDetails(id);
}

// ---- the form ----
function addItemRow() {
  const row = $('item-row').content.firstElementChild.cloneNode(true);
  $('items').append(row);
}
function number(text) {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}
function formBody() {
  const f = $('place');
  const body = { customer_id: f.customer_id.value, restaurant_id: f.restaurant_id.value, order_items: [] };
  for (const item of $('items').children) {
    body.order_items.push({
      code: item.querySelector('[name=code]').value,
      name: item.querySelector('[name=name]').value,
      unit_price: number(item.querySelector('[name=unit_price]').value),
      quantity: number(item.querySelector('[name=quantity]').value),
    });
  }
  return body;
}
function showErrors(errors) {
  for (const e of document.querySelectorAll('#place .error')) e.textContent = '';
  const items = [...$('items').children];
  for (const { field, message } of errors) {
    let target = document.querySelector('#place [data-field="' + CSS.escape(field) + '"]');
    const m = /^order_items\[(\d+)\](?:\.(\w+))?$/.exec(field);
    if (!target && m && items[Number(m[1])]) {
      target = items[Number(m[1])].querySelector('[data-item-field="' + (m[2] || '') + '"]');
    }
    if (!target) target = document.querySelector('#place [data-field="body"]');
    target.textContent = (target.textContent ? target.textContent + '; ' : '') + field + ' ' + message;
  }
}
async function place(event) {
  event.preventDefault();
  showErrors([]);
  $('placed').textContent = 'placing…';
  const r = await fetch('/api/orders', {
    method: 'POST', headers: authorized({ 'Content-Type': 'application/json' }), body: JSON.stringify(formBody()),
  });
  if (r.status === 201) {
    const o = await r.json();
    $('placed').textContent = 'placed ' + o.order_id;
    $('placed').dataset.orderId = o.order_id;
    addOrder(o, true);
  } else {
    let problem = {};
    try { problem = await r.json(); } catch (e) { /* no body */ }
    $('placed').textContent = (problem.title || 'failed') + ' (' + r.status + ')';
    showErrors(problem.errors || []);
  }
}

addItemRow();
$('add-item').addEventListener('click', addItemRow);
$('place').addEventListener('submit', place);
$('d-cancel').addEventListener('click', cancelSelected);
$('d-prev').addEventListener('click', () => stepVersion(-1));
$('d-next').addEventListener('click', () => stepVersion(1));
connect();
loadRecent().catch(() => {});
loadCounts();
setInterval(drawChart, 1000);
setInterval(loadCounts, 5000);
$('h-restaurant').addEventListener('change', loadHourly);
loadHourly();
setInterval(loadHourly, 10000);
drawChart();
