// Steadfast console. Plain JS, no build step. Every value that comes from a run (model output, tool
// results, inputs, errors) is put into the page with textContent, never parsed as HTML.
'use strict';

const state = { session: null, timer: null, lastDoc: '', openSteps: new Set(), reasons: {}, signal: {}, filters: { status: '', q: '', auto: true } };

// ---- DOM helpers: strings become text nodes
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'style') node.style.cssText = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const app = () => document.getElementById('app');
function render(...nodes) { app().replaceChildren(...nodes.flat(Infinity).filter(n => n !== null && n !== undefined && n !== false)); }
function badge(status) { return el('span', { class: 'badge s-' + status }, status); }
// an open run with an error is blocked: its code no longer matches its journal (or is not registered here)
function blocked(status, error) {
  return error && !['COMPLETED', 'FAILED', 'CANCELLED'].includes(status)
    ? [' ', el('span', { class: 'badge s-FAILED blocked', title: error }, 'blocked')] : null;
}
function pretty(v) { return typeof v === 'string' ? v : JSON.stringify(v, null, 2); }
function fmtTime(t) { return t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–'; }
function fmtMs(ms) {
  if (ms === null || ms === undefined || isNaN(ms)) return '–';
  if (ms < 10000) return Math.round(ms) + ' ms';
  if (ms < 120000) return (ms / 1000).toFixed(1) + ' s';
  return Math.round(ms / 60000) + ' min';
}
function fmtCost(c) { return c && Number(c) !== 0 ? '$' + Number(c).toPrecision(3) : ''; }
function tokens(u) { return u ? (u.inputTokens || 0) + (u.outputTokens || 0) : 0; }
function toast(message, bad) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.className = bad ? 'bad' : '';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
}

// ---- API: the bearer token (if any) from #token=…, kept for this tab only; POSTs carry the CSRF token
function token() { return sessionStorage.getItem('steadfast-token'); }
async function api(path, body) {
  const headers = {};
  if (token()) headers.Authorization = 'Bearer ' + token();
  const init = { headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.method = 'POST';
    headers['Content-Type'] = 'application/json';
    headers['X-Steadfast-CSRF'] = state.session.csrf;
    init.body = JSON.stringify(body);
  }
  // relative to the page, so the console works where it is mounted (/ here, /steadfast/ inside an application)
  const res = await fetch(path.replace(/^\//, ''), init);
  const data = await res.json().catch(() => ({ error: res.statusText }));
  if (res.status === 401) { askToken(); throw new Error(data.error); }
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}
function askToken() {
  stop();
  render(el('div', { class: 'panel' },
    el('p', {}, 'This console needs its access token.'),
    el('form', { onsubmit: e => { e.preventDefault(); sessionStorage.setItem('steadfast-token', e.target.t.value); location.reload(); } },
      el('input', { type: 'text', name: 't', placeholder: 'token', autocomplete: 'off' }), ' ', el('button', { class: 'primary' }, 'Open'))));
}

// ---- routing
function stop() { clearTimeout(state.timer); state.timer = null; }
function route() {
  stop();
  stopLive();
  state.lastDoc = '';
  state.openSteps.clear();
  const m = location.hash.match(/^#\/run\/(.+)$/);
  if (m) showRun(decodeURIComponent(m[1])); else showList();
}
function every(ms, fn) { stop(); state.timer = setTimeout(async () => { await fn(); }, ms); }

// ---- runs list
function showList() {
  const f = state.filters;
  const status = el('select', { id: 'status', 'aria-label': 'status', onchange: e => { f.status = e.target.value; load(); } },
    ['', 'RUNNING', 'WAITING', 'COMPLETED', 'FAILED', 'CANCELLED'].map(s => el('option', { value: s, selected: s === f.status }, s || 'all statuses')));
  const search = el('input', { type: 'search', id: 'search', placeholder: 'search id or type', value: f.q,
    oninput: e => { f.q = e.target.value; load(); } });
  const auto = el('input', { type: 'checkbox', id: 'auto', checked: f.auto, onchange: e => { f.auto = e.target.checked; load(); } });
  const body = el('div', { id: 'runs' });
  render(el('h1', {}, 'Runs'), startForm(),
    el('div', { class: 'toolbar' }, status, search, el('label', {}, auto, ' auto-refresh')), body);
  async function load() {
    try {
      const q = new URLSearchParams({ status: f.status, q: f.q, limit: '200' });
      const runs = await api('/api/runs?' + q);
      const doc = JSON.stringify(runs);
      if (doc !== state.lastDoc) { state.lastDoc = doc; body.replaceChildren(runTable(runs)); }
    } catch (e) { body.replaceChildren(el('p', { class: 'error' }, e.message)); }
    if (f.auto && !location.hash.startsWith('#/run/')) every(2000, load); else stop();
  }
  load();
}
function runTable(runs) {
  if (!runs.length) return el('p', { class: 'muted' }, 'No runs match.');
  return el('table', { id: 'run-table' },
    el('thead', {}, el('tr', {}, ['Run', 'Type', 'Status', 'Created', 'Steps', 'Tokens', 'Cost', ''].map((h, i) => el('th', { class: i >= 4 && i <= 6 ? 'num' : null }, h)))),
    el('tbody', {}, runs.map(r => el('tr', { 'data-run': r.id },
      el('td', {}, el('a', { href: '#/run/' + encodeURIComponent(r.id), class: 'mono' }, r.id)),
      el('td', {}, r.type), el('td', {}, badge(r.status), blocked(r.status, r.error)), el('td', { class: 'mono' }, fmtTime(r.createdAt)),
      el('td', { class: 'num' }, r.stepCount), el('td', { class: 'num' }, r.tokens || ''), el('td', { class: 'num' }, fmtCost(r.cost)),
      el('td', {}, r.pendingApprovals ? el('span', { class: 'badge s-WAITING' }, r.pendingApprovals + ' to approve') : '')))));
}

// ---- one run
async function showRun(id) {
  let doc;
  try { doc = await api('/api/runs/' + encodeURIComponent(id)); }
  catch (e) { render(el('p', {}, el('a', { href: '#/' }, '← runs')), el('p', { class: 'error' }, e.message)); return; }
  const key = JSON.stringify(doc);
  if (key !== state.lastDoc) { state.lastDoc = key; renderRun(doc); }
  if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(doc.run.status) || doc.run.pendingApprovals.length) every(1000, () => showRun(id));
}
function renderRun({ run, steps }) {
  const readOnly = !!state.session.readOnly;
  const ended = run.endedAt ? Date.parse(run.endedAt) : Date.now();
  const usage = run.usage || {};
  const meta = [['Type', run.workflowType], ['Created', fmtTime(run.createdAt)], ['Ended', fmtTime(run.endedAt)],
    ['Wall time', fmtMs(ended - Date.parse(run.createdAt))], ['Steps', run.stepCount], ['Model requests', usage.requests || 0],
    ['Tokens (in / out)', (usage.inputTokens || 0) + ' / ' + (usage.outputTokens || 0)], ['Cost', fmtCost(run.cost) || '$0']];
  if (run.forkedFrom) meta.push(['Forked from', run.forkedFrom]);
  if (run.parentId) meta.push(['Child run of', run.parentId]);
  if (run.awaitingSignals.length) meta.push(['Waiting for', run.awaitingSignals.join(', ')]);
  const terminal = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(run.status);
  render(
    el('p', {}, el('a', { href: '#/' }, '← runs')),
    el('h1', {}, el('span', { class: 'mono', id: 'run-id' }, run.workflowId), ' ', el('span', { id: 'run-status' }, badge(run.status),
      blocked(run.status, run.error && run.error.type + ': ' + run.error.message))),
    el('div', { class: 'panel' },
      el('div', { class: 'meta', id: 'totals' }, meta.map(([k, v]) => el('div', {}, el('span', {}, k), el('b', {}, String(v))))),
      run.error ? el('div', { class: 'error', id: 'run-error' }, run.error.type + ': ' + run.error.message) : null,
      el('details', { class: 'run-input' }, el('summary', {}, 'Input'), el('pre', {}, pretty(run.input))),
      run.output !== null && run.output !== undefined ? el('details', { class: 'run-output' }, el('summary', {}, 'Output'), el('pre', {}, pretty(run.output))) : null,
      !terminal && !readOnly && !cancelOf(run) ? el('p', {}, el('button', { class: 'danger', id: 'cancel', onclick: () => act(run, 'cancel', {}, 'Cancel this run?') }, 'Cancel run')) : null,
      !terminal && cancelOf(run) ? el('p', { class: 'pending-decision', id: 'cancel-pending' }, waitingToApply('cancel requested', cancelOf(run))) : null),
    approvals(run, readOnly),
    children(run),
    !terminal && !readOnly ? signalForm(run) : null,
    decisions(run),
    liveView(run.workflowId),
    el('h2', {}, 'Timeline'), timeline(run, steps, readOnly),
    conversations(steps));
}
// ---- the answer as it streams: server-sent events of /api/runs/{id}/events, read with fetch (so the bearer
// token goes along) and resumed from the last event's id (its cursor). Model text is set with textContent only.
function liveView(id) {
  if (!state.live || state.live.id !== id) { stopLive(); state.live = startLive(id); }
  return state.live.panel;
}
function stopLive() { if (state.live) { state.live.ctl.abort(); state.live = null; } }
function startLive(id) {
  const text = el('pre', { id: 'live-text', class: 'live-text' });
  const step = el('span', { id: 'live-step', class: 'muted' });
  const panel = el('div', { class: 'panel', id: 'live', hidden: true }, el('h2', {}, 'Answer ', step), text);
  const live = { id, panel, ctl: new AbortController(), cursor: '', ended: false };
  const onEvent = (kind, data) => {
    if (kind === 'PartStarted' && data.index === 0) { text.textContent = ''; step.textContent = data.step || ''; }
    else if (kind === 'AttemptDiscarded') { text.textContent = ''; step.textContent = (data.step || '') + ' (retried)'; }
    else if (kind === 'TextDelta') { text.textContent += data.text; panel.hidden = false; }
    else if (kind === 'end' || kind === 'failed') { live.ended = true; panel.classList.add('done'); }
  };
  (async () => {
    while (!live.ended && !live.ctl.signal.aborted) {
      try {
        const headers = { Accept: 'text/event-stream' };
        if (token()) headers.Authorization = 'Bearer ' + token();
        const q = live.cursor ? '?cursor=' + encodeURIComponent(live.cursor) : '';
        const res = await fetch('api/runs/' + encodeURIComponent(id) + '/events' + q, { headers, signal: live.ctl.signal, credentials: 'same-origin', cache: 'no-store' }); // relative: the console may be mounted under a path
        if (!res.ok) return;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let kind = 'message', data = '', cursor = null;
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) kind = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
              else if (line.startsWith('id: ')) cursor = line.slice(4);
            }
            onEvent(kind, data ? JSON.parse(data) : {});
            if (cursor) live.cursor = cursor;
          }
        }
      } catch (e) {
        if (live.ctl.signal.aborted) return;
      }
      if (!live.ended) await new Promise(r => setTimeout(r, 1000));
    }
  })();
  return live;
}

// the runs this one delegated to: each with its own tokens and cost (this run's totals include them)
function children(run) {
  const ids = run.childIds || [];
  if (!ids.length) return null;
  const rows = ids.map(id => {
    const cells = { type: el('td', {}), status: el('td', {}), tokens: el('td', { class: 'num' }), cost: el('td', { class: 'num' }) };
    api('/api/runs/' + encodeURIComponent(id)).then(({ run: c }) => {
      const u = c.usage || {};
      cells.type.textContent = c.workflowType;
      cells.status.replaceChildren(badge(c.status));
      cells.tokens.textContent = String((u.inputTokens || 0) + (u.outputTokens || 0));
      cells.cost.textContent = fmtCost(c.cost) || '$0';
    }).catch(e => { cells.status.textContent = e.message; });
    return el('tr', {}, el('td', { class: 'mono' }, el('a', { href: '#/run/' + encodeURIComponent(id) }, id)),
      cells.type, cells.status, cells.tokens, cells.cost);
  });
  return el('section', { id: 'children' }, el('h2', {}, 'Child runs'),
    el('table', {}, el('thead', {}, el('tr', {}, ['Run', 'Type', 'Status', 'Tokens', 'Cost'].map(h => el('th', {}, h)))),
      el('tbody', {}, rows)));
}
function cancelOf(run) { return (run.decisions || []).find(d => d.kind === 'CANCEL'); }
function verb(d) {
  const p = d.payload || {};
  return p.failed ? 'failed' : p.result !== undefined ? 'completed' : p.approved ? 'approved' : 'denied';
}
function waitingToApply(what, d) { return what + ' — waiting for the engine to apply it (by ' + d.by + ' at ' + fmtTime(d.at) + ')'; }
function decisions(run) {
  const ds = run.decisions || [];
  if (!ds.length) return null;
  const what = d => ({ ANSWER: verb(d) + ' ' + d.target, SIGNAL: "signal '" + d.target + "'", SIGNAL_REFUSED: "signal '" + d.target + "' refused: " + pretty(d.payload), RECOVERED: 'recovered after a crash',
    CANCEL: 'cancel requested', START: 'started', FORK: 'forked as ' + d.target })[d.kind] || d.kind;
  return el('section', { id: 'decisions' }, el('h2', {}, 'Decisions'),
    el('table', {}, el('tbody', {}, ds.map(d => el('tr', {}, el('td', { class: 'mono' }, fmtTime(d.at)), el('td', {}, what(d)), el('td', {}, 'by ' + d.by))))));
}
function signalForm(run) {
  // the name the run waits for is offered first; the server checks the payload against the type it awaits
  // kept in state: the page re-renders when the run changes, and what was typed must survive that
  const kept = state.signal[run.workflowId] = state.signal[run.workflowId] || { name: '', payload: '' };
  if (!kept.name) kept.name = run.awaitingSignals[0] || '';
  const name = el('input', { type: 'text', id: 'signal-name', class: 'mono', placeholder: 'signal name', value: kept.name,
    oninput: e => { kept.name = e.target.value; } });
  const payload = el('textarea', { id: 'signal-payload', class: 'mono', rows: 3, placeholder: 'payload, JSON (e.g. {"approved": true})',
    oninput: e => { kept.payload = e.target.value; } }, kept.payload);
  const send = () => {
    let body;
    try { body = payload.value.trim() ? JSON.parse(payload.value) : null; } catch (e) { toast('the payload is not JSON: ' + e.message, true); return; }
    act(run, 'signal', { name: name.value.trim(), payload: body });
  };
  return el('section', { id: 'signal' }, el('h2', {}, 'Send a signal'),
    el('div', { class: 'panel act' }, name, payload, el('button', { class: 'primary', id: 'signal-send', onclick: send }, 'Send signal')));
}
function startForm() {
  const types = state.session.types || [];
  if (!types.length || state.session.readOnly) return null;
  const type = el('select', { id: 'start-type', 'aria-label': 'type' }, types.map(t => el('option', { value: t }, t)));
  const id = el('input', { type: 'text', id: 'start-id', class: 'mono', placeholder: 'new run id' });
  const input = el('textarea', { id: 'start-input', class: 'mono', rows: 2, placeholder: 'input, JSON (a string: "text")' });
  const go = async () => {
    let body;
    try { body = JSON.parse(input.value); } catch (e) { toast('the input is not JSON: ' + e.message, true); return; }
    try {
      const r = await api('/api/start', { type: type.value, id: id.value.trim(), input: body });
      toast(r.message + ': ' + r.newId);
      location.hash = '#/run/' + encodeURIComponent(r.newId);
    } catch (e) { toast(e.message, true); }
  };
  return el('details', { id: 'start', class: 'panel' }, el('summary', {}, 'Start a run'),
    el('div', { class: 'act' }, type, id, input, el('button', { class: 'primary', id: 'start-go', onclick: go }, 'Start')));
}
function approvals(run, readOnly) {
  if (!run.pendingApprovals.length) return null;
  return el('section', { id: 'approvals' }, el('h2', {}, 'Waiting for an answer'), run.pendingApprovals.map(p => {
    const reason = el('input', { type: 'text', class: 'reason', placeholder: 'reason (the model sees it)', value: state.reasons[p.toolCallId] || '',
      oninput: e => { state.reasons[p.toolCallId] = e.target.value; } });
    return el('div', { class: 'panel approval', 'data-call': p.toolCallId },
      el('div', { class: 'what' }, el('b', {}, p.agent), ' wants to call ', el('b', { class: 'mono' }, p.toolName),
        el('span', { class: 'muted mono' }, '  ' + p.toolCallId), el('pre', {}, pretty(p.args))),
      p.decided ? el('p', { class: 'pending-decision' }, waitingToApply(verb(p.decided), p.decided))
        : readOnly ? null : p.external ? external(run, p, reason) : el('div', { class: 'act' },
        el('button', { class: 'primary approve', onclick: () => act(run, 'approve', { toolCallId: p.toolCallId }) }, 'Approve'),
        el('div', {}, reason, el('button', { class: 'danger deny', onclick: () => act(run, 'deny', { toolCallId: p.toolCallId, reason: reason.value }) }, 'Deny'))));
  }));
}
function external(run, p, reason) {
  // an external tool's call: the answer is its result (JSON, or plain text), or a failure the model sees
  const result = el('input', { type: 'text', class: 'result mono', placeholder: 'result (JSON or text)' });
  const parsed = () => { try { return JSON.parse(result.value); } catch (e) { return result.value; } };
  reason.placeholder = 'failure (the model sees it)';
  return el('div', { class: 'act' },
    el('div', {}, result, el('button', { class: 'primary complete', onclick: () => act(run, 'complete', { toolCallId: p.toolCallId, result: parsed() }) }, 'Deliver result')),
    el('div', {}, reason, el('button', { class: 'danger fail', onclick: () => act(run, 'complete', { toolCallId: p.toolCallId, failed: reason.value || 'failed in the console' }) }, 'Fail')));
}
function timeline(run, steps, readOnly) {
  if (!steps.length) return el('p', { class: 'muted' }, 'No steps yet.');
  const start = Date.parse(run.createdAt);
  const span = Math.max(1, (run.endedAt ? Date.parse(run.endedAt) : Date.now()) - start);
  const rows = [];
  // a crash is marked where it happened: before the first step that started after the run was recovered
  const marks = (run.decisions || []).filter(d => d.kind === 'RECOVERED');
  const crash = d => el('tr', { class: 'crash' }, el('td', { colspan: 9 },
    'crash: recovered after it at ' + fmtTime(d.at) + (d.payload ? ' (' + pretty(d.payload) + ')' : '') + '; the steps below ran after it'));
  for (const s of steps) {
    while (marks.length && s.startedAt && Date.parse(s.startedAt) >= Date.parse(marks[0].at)) rows.push(crash(marks.shift()));
    const began = s.startedAt ? Date.parse(s.startedAt) : start;
    const took = s.endedAt ? Date.parse(s.endedAt) - began : Date.now() - began;
    const left = Math.min(99, Math.max(0, (began - start) / span * 100));
    const width = Math.max(0.8, Math.min(100 - left, took / span * 100));
    const open = state.openSteps.has(s.seq);
    rows.push(el('tr', { class: 'step', 'data-seq': s.seq, onclick: () => { open ? state.openSteps.delete(s.seq) : state.openSteps.add(s.seq); state.lastDoc = ''; renderRun({ run, steps }); } },
      el('td', { class: 'num' }, s.seq), el('td', {}, s.kind.toLowerCase()), el('td', { class: 'mono' }, s.name),
      el('td', {}, badge(s.status)), el('td', { class: 'num' }, s.attempts + (s.failedAttempts.length ? ' ⚠' : '')),
      el('td', {}, el('div', { class: 'bar', title: fmtMs(took) }, el('i', { class: 'k-' + s.kind + (s.status === 'FAILED' ? ' fail' : ''), style: 'left:' + left + '%;width:' + width + '%' }))),
      el('td', { class: 'num' }, fmtMs(s.endedAt ? took : null)), el('td', { class: 'num' }, tokens(s.usage) || ''), el('td', { class: 'num' }, fmtCost(s.cost))));
    if (open) rows.push(el('tr', { class: 'details', 'data-for': s.seq }, el('td', { colspan: 9 }, stepDetails(run, s, readOnly))));
  }
  marks.forEach(d => rows.push(crash(d)));
  return el('table', { id: 'timeline' },
    el('thead', {}, el('tr', {}, ['#', 'Kind', 'Name', 'Status', 'Attempts', 'When', 'Time', 'Tokens', 'Cost'].map((h, i) => el('th', { class: [0, 4, 6, 7, 8].includes(i) ? 'num' : null }, h)))),
    el('tbody', {}, rows));
}
function stepDetails(run, s, readOnly) {
  return el('div', { class: 'step-details' },
    s.failedAttempts.map(a => el('div', { class: 'attempt error' }, 'Attempt ' + a.attempt + ' failed at ' + fmtTime(a.failedAt) + ': ' + a.error.type + ': ' + a.error.message
      + (a.nextAttemptAt ? '  — next attempt after ' + fmtMs(Date.parse(a.nextAttemptAt) - Date.parse(a.failedAt)) : ''))),
    s.error ? el('div', { class: 'error' }, 'Error: ' + s.error.type + ': ' + s.error.message) : null,
    el('details', { class: 'input' }, el('summary', {}, 'Input'), el('pre', {}, pretty(s.input))),
    el('details', { class: 'output', open: true }, el('summary', {}, 'Output'), el('pre', {}, pretty(s.output))),
    readOnly ? null : el('button', { class: 'small fork', onclick: e => { e.stopPropagation(); act(run, 'fork', { fromSeq: s.seq }, 'Start a new run that reuses steps before ' + s.seq + ' and runs the rest again?'); } }, 'Fork from this step'));
}
function conversations(steps) {
  // An engine may give each model step its whole conversation (embedded) or only the messages new
  // since the previous one (Temporal today): a step's messages replace what was gathered when they
  // are more, and extend it otherwise.
  const byConversation = new Map();
  for (const s of steps) {
    if (s.kind !== 'MODEL' || !s.input || !Array.isArray(s.input.messages)) continue;
    const key = s.input.conversation || s.name;
    const c = byConversation.get(key) || { name: s.name, messages: [] };
    c.messages = s.input.messages.length > c.messages.length ? [...s.input.messages] : c.messages.concat(s.input.messages);
    if (s.output) c.messages.push(s.output);
    byConversation.set(key, c);
  }
  if (!byConversation.size) return null;
  return el('section', { id: 'conversation' }, [...byConversation.values()].map(c => [
    el('h2', {}, 'Conversation · ' + c.name.replace(/\.model$/, '')),
    el('div', { class: 'panel chat' }, c.messages.flatMap(m => (m.parts || []).map(part)))]));
}
// Files in prompts and tool results: inline images as thumbnails (raster types only, from base64 that is
// checked to be base64), everything else as a link (http(s) only, opened without referrer) or a size.
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
function isMedia(v) { return v !== null && typeof v === 'object' && v.kind === 'media' && typeof v.mediaType === 'string'; }
function media(m) {
  const label = m.mediaType === 'application/pdf' ? 'PDF' : 'Image';
  if (typeof m.data === 'string' && IMAGE_TYPES.includes(m.mediaType) && /^[A-Za-z0-9+/]*={0,2}$/.test(m.data)) {
    return el('img', { class: 'thumb', alt: label, src: 'data:' + m.mediaType + ';base64,' + m.data });
  }
  if (typeof m.url === 'string' && /^https?:\/\//i.test(m.url)) {
    return el('a', { class: 'media', href: m.url, target: '_blank', rel: 'noopener noreferrer' }, label + ' · ' + m.url);
  }
  return el('span', { class: 'media' }, label + ' · ' + Math.floor(String(m.data || '').length * 3 / 4) + ' bytes');
}
function withMedia(content) {
  if (isMedia(content)) return [media(content)];
  if (Array.isArray(content) && content.some(isMedia)) {
    const rest = content.filter(c => !isMedia(c));
    return [rest.length ? el('pre', {}, pretty(rest.length === 1 ? rest[0] : rest)) : null, el('div', { class: 'media-row' }, content.filter(isMedia).map(media))];
  }
  return [el('pre', {}, pretty(content))];
}
function part(p) {
  const bubble = (cls, who, ...body) => el('div', { class: 'msg ' + cls }, el('span', { class: 'who' }, who), ...body);
  switch (p.kind) {
    case 'system-prompt': return bubble('system', 'System', p.content);
    case 'user-prompt': return bubble('user', 'User', pretty(p.content),
        Array.isArray(p.media) && p.media.length ? el('div', { class: 'media-row' }, p.media.filter(isMedia).map(media)) : null);
    case 'text': return bubble('assistant', 'Assistant', p.content);
    case 'thinking': return bubble('thinking', 'Thinking', p.content);
    case 'tool-call': return bubble('assistant', 'Assistant → ' + p.toolName, el('pre', {}, pretty(p.args)));
    case 'tool-return': return bubble('tool', 'Tool result · ' + p.toolName, ...withMedia(p.content));
    case 'retry-prompt': return bubble('retry', 'Retry' + (p.toolName ? ' · ' + p.toolName : ''), pretty(p.content));
    default: return bubble('system', p.kind || 'part', el('pre', {}, pretty(p)));
  }
}
async function act(run, action, body, confirmText) {
  if (confirmText && !confirm(confirmText)) return;
  try {
    const r = await api('/api/runs/' + encodeURIComponent(run.workflowId) + '/' + action, body);
    toast(r.message + (r.newId ? ': ' + r.newId : ''));
    if (r.newId) { location.hash = '#/run/' + encodeURIComponent(r.newId); return; }
    state.lastDoc = '';
    showRun(run.workflowId);
  } catch (e) { toast(e.message, true); }
}

// ---- start
async function start() {
  const m = location.hash.match(/token=([^&]+)/);
  if (m) { sessionStorage.setItem('steadfast-token', decodeURIComponent(m[1])); history.replaceState(null, '', location.pathname + '#/'); }
  try { state.session = await api('/api/session'); } catch (e) { if (!document.querySelector('form')) render(el('p', { class: 'error' }, e.message)); return; }
  document.getElementById('where').textContent = state.session.where || '';
  if (state.session.readOnly) { const r = document.getElementById('readonly'); r.textContent = state.session.readOnly; r.hidden = false; }
  window.addEventListener('hashchange', route);
  route();
}
start();
