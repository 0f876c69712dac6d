// The Pace dashboard's page: reads /api/snapshot once, then follows /api/events (server-sent events).
// Every text from the project goes into the page as text (textContent), never as markup.
"use strict";

const token = document.querySelector('meta[name="pace-action-token"]').content;
const PAGE = 200;
const state = { live: null, rows: new Map(), seq: 0, count: 0, shown: PAGE, source: null, pending: false, features: [], listVersion: -1, loading: false };
const CHIPS = 1000;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children.flat()) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const money = v => v === null || v === undefined ? "?" : "$" + Number(v).toFixed(v >= 1 ? 2 : 4);
function span(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  const hh = Math.floor(seconds / 3600), mm = Math.floor(seconds % 3600 / 60), ss = seconds % 60;
  return hh > 0 ? `${hh}h ${mm}m` : mm > 0 ? `${mm}m ${ss}s` : `${ss}s`;
}
const since = iso => span((Date.now() - Date.parse(iso)) / 1000);
const until = iso => span((Date.parse(iso) - Date.now()) / 1000);
const time = iso => iso ? new Date(iso).toLocaleString() : "";

async function post(path, body) {
  const answer = document.getElementById("answer");
  answer.hidden = false;
  answer.className = "answer";
  answer.textContent = "working…";
  try {
    const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json", "X-Pace-Token": token }, body: JSON.stringify(body || {}) });
    const j = await r.json();
    answer.className = "answer " + (j.done ? "ok" : "bad");
    answer.textContent = j.message;
  } catch (e) {
    answer.className = "answer bad";
    answer.textContent = "the dashboard did not answer: " + e;
  }
}

// A part the dashboard could not read arrives as {"problem": "..."}: it is shown as such and the rest as usual.
function normalize(live) {
  live.problems = [];
  if (live.features && live.features.problem) { live.problems.push("the feature list: " + live.features.problem); live.features = null; }
  if (live.run && live.run.problem) { live.problems.push("the run state: " + live.run.problem); live.run = null; }
  live.specs = live.specs.filter(s => !(s.problem && live.problems.push("a spec: " + s.problem)));
  for (const s of live.specs) if (s.stateProblem) live.problems.push(`spec ${s.name}'s state: ${s.stateProblem}`);
  if (live.failure) live.problems.push("the project's files: " + live.failure);
  return live;
}

function needs(live) {
  const items = live.problems.map(p => h("div", { class: "card bad", "data-kind": "problem" }, h("strong", {}, "The dashboard cannot show " + p), h("p", { class: "muted" }, "'pace doctor' checks Pace's files.")));
  for (const s of live.specs) {
    if (s.waiting === "review") {
      const text = h("textarea", { placeholder: "what must change (needed to request changes)", rows: 2 });
      items.push(h("div", { class: "card wait", "data-spec": s.name, "data-kind": "review" },
        h("strong", {}, `Spec ${s.name}: PR #${s.prNumber} awaits your review`), h("p", {}, s.message),
        s.reviewCycles ? h("p", { class: "muted" }, `Its changes were asked for and made after ${s.reviewCycles} review cycle${s.reviewCycles === 1 ? "" : "s"}.`) : null,
        text,
        h("div", { class: "buttons" },
          h("button", { class: "approve", type: "button", onclick: () => post("/api/review", { spec: s.name, verdict: "approve" }) }, "Approve"),
          h("button", { class: "request", type: "button", onclick: () => post("/api/review", { spec: s.name, verdict: "request-changes", message: text.value }) }, "Request changes")),
        h("code", {}, `pace review ${s.name} approve | request-changes -m TEXT`)));
    } else if (s.waiting === "review-on-forge") {
      items.push(h("div", { class: "card wait", "data-spec": s.name, "data-kind": "review-on-forge" },
        h("strong", {}, `Spec ${s.name}: PR #${s.prNumber} awaits review on the forge`), h("p", {}, s.message),
        s.prUrl ? h("a", { href: s.prUrl, target: "_blank", rel: "noopener" }, s.prUrl) : null));
    } else if (s.waiting === "merge") {
      items.push(h("div", { class: "card wait", "data-spec": s.name, "data-kind": "merge" },
        h("strong", {}, `Spec ${s.name}: the final merge needs your confirmation`), h("p", {}, s.message),
        h("div", { class: "buttons" }, h("button", { class: "merge", type: "button", onclick: () => post("/api/merge", { spec: s.name }) }, `Merge into ${s.targetBranch}`)),
        h("code", {}, `pace spec run ${s.name} --yes`)));
    } else if (s.waiting === "failed") {
      items.push(h("div", { class: "card bad", "data-spec": s.name, "data-kind": "failed" },
        h("strong", {}, `Spec ${s.name} failed`), h("p", {}, s.message), h("code", {}, s.nextAction)));
    }
  }
  const f = live.features;
  if (f && f.stuck > 0) {
    const stuck = f.stuckList;
    items.push(h("div", { class: "card bad", "data-kind": "stuck" },
      h("strong", {}, `${stuck.length} stuck feature${stuck.length === 1 ? "" : "s"} set aside`),
      h("ul", {}, stuck.map(x => h("li", { "data-stuck": x.featureId }, h("b", {}, x.featureId), ` after ${x.attempts} failed sessions: ${x.lastReasons[0] || ""}`))),
      h("code", {}, "pace run --retry-stuck")));
  }
  const pauses = (live.run ? live.run.pauses : []).concat(...live.specs.map(s => (s.pauses || []).map(p => ({ ...p, spec: s.name }))));
  for (const p of pauses) {
    items.push(h("div", { class: "card pause", "data-kind": "paused" },
      h("strong", {}, `Paused until ${time(p.until)} (in ${until(p.until)})`),
      h("p", {}, `${p.agent}${p.task ? ` (task ${p.task} of ${p.spec})` : ""}: ${p.reason}`),
      h("span", { class: "muted" }, "Pace waits for the usage window and goes on by itself.")));
  }
  return items;
}

function now(live) {
  const rows = [];
  if (live.run) {
    for (const s of live.run.slots) rows.push({ what: s.item, where: `session ${s.session}`, agent: s.agent, phase: s.phase, started: s.startedAt, action: s.action });
  }
  for (const spec of live.specs) {
    for (const o of spec.others || []) {
      rows.push({ what: o.name, where: `${spec.name} wave ${o.wave}`, agent: o.agent || "", started: o.startedAt, phase: "review fix", action: o.action });
    }
    for (const t of spec.tasks.filter(t => (t.status === "running" && spec.active) || t.pausedUntil)) {
      rows.push({ what: t.id, where: `${spec.name} wave ${t.wave}`, agent: t.agent || "", started: t.startedAt,
        phase: t.pausedUntil ? `paused until ${time(t.pausedUntil)}` : "task", action: t.pausedUntil ? t.pauseReason : t.action });
    }
  }
  for (const l of (live.fleet && live.fleet.leases) || []) {
    rows.push({ what: l.item, where: `fleet run ${l.run}`, agent: `worker ${l.worker}`, phase: l.kind, started: null, action: `held until ${time(l.leaseUntil)}` });
  }
  if (rows.length === 0) {
    const run = live.run;
    const pause = run && run.pauses.filter(p => p.wholeRun)[0];
    const text = live.lock && live.lock.running && pause ? `'${live.lock.command}' waits for ${pause.agent}'s usage window until ${time(pause.until)}.`
      : live.lock && live.lock.running ? `'${live.lock.command}' runs (pid ${live.lock.pid}) between sessions.`
      : run && run.finished ? `The last run ended: ${run.stopText || "stopped"}.` : "No run is going on.";
    return [h("p", { class: "muted", id: "idle" }, text)];
  }
  return [h("table", { id: "slots" }, h("thead", {}, h("tr", {}, ["Working on", "Where", "Agent", "Phase", "For", "Latest action"].map(x => h("th", {}, x)))),
    h("tbody", {}, rows.map(r => h("tr", { "data-item": r.what },
      h("td", {}, h("b", {}, r.what)), h("td", {}, r.where), h("td", {}, r.agent), h("td", {}, r.phase),
      h("td", { class: "elapsed", "data-since": r.started || "" }, r.started ? since(r.started) : ""), h("td", { class: "action" }, r.action || "…")))))];
}

function bar(passing, failing, stuck) {
  const total = Math.max(1, passing + failing);
  const b = h("div", { class: "bar", role: "progressbar", "aria-valuenow": passing, "aria-valuemax": passing + failing });
  const pass = h("span", { class: "pass" }), stk = h("span", { class: "stuck" });
  pass.style.width = (100 * passing / total) + "%";
  stk.style.width = (100 * stuck / total) + "%";
  b.append(pass, stk);
  return b;
}

function progress(live) {
  const out = [];
  const f = live.features;
  if (f) {
    out.push(h("div", { class: "progress", id: "features" },
      h("div", { class: "line" }, h("b", {}, `${f.passing} / ${f.total} features pass`), f.stuck ? h("span", { class: "badge bad" }, `${f.stuck} stuck`) : null,
        f.next ? h("span", { class: "muted" }, `next: ${f.next}`) : null),
      bar(f.passing, f.failing, f.stuck),
      h("div", { class: "chips" }, state.features.slice(0, CHIPS).map(x => h("span", { class: "chip " + (x.passes ? "pass" : x.stuck ? "stuck" : "todo"), title: x.description, "data-feature": x.id }, x.id)),
        state.features.length > CHIPS ? h("span", { class: "muted" }, `and ${state.features.length - CHIPS} more`) : null)));
  }
  for (const s of live.specs) {
    const passed = s.tasks.filter(t => t.status === "passed").length;
    const failed = s.tasks.filter(t => t.status === "failed").length;
    const waves = [];
    for (let n = 1; n <= s.totalWaves; n++) {
      const record = (s.waves || []).filter(w => w.wave === n).pop();
      // The current wave has no record until it ends: its pull request and cycles come from the state.
      const current = !record && n === s.currentWave && s.phase !== "COMPLETED";
      const number = record ? record.prNumber : current ? s.prNumber : null;
      const cycles = record ? record.reviewCycles : current ? s.reviewCycles : 0;
      const pull = s.pulls.filter(p => number && p.number === number)[0];
      waves.push(h("div", { class: "wave" + (n === s.currentWave && s.phase !== "COMPLETED" ? " current" : "") },
        h("b", {}, `Wave ${n}`), record ? h("span", { class: "badge" }, record.status) : null,
        number ? h("span", {}, ` PR #${number}`) : null,
        cycles ? h("span", { class: "muted" }, ` ${cycles} review cycle${cycles === 1 ? "" : "s"}`) : null,
        pull ? h("ul", { class: "reviews" }, pull.reviews.map(r => h("li", {}, `${r.reviewer}: ${r.kind}${r.body ? " - " + r.body : ""}`))) : null,
        h("div", { class: "chips" }, s.tasks.filter(t => t.wave === n).map(t => h("span", { class: "chip " + ({ passed: "pass", failed: "stuck", running: "run" }[t.status] || "todo"), title: t.title, "data-task": t.id }, t.id)))));
    }
    out.push(h("div", { class: "progress spec", "data-spec": s.name },
      h("div", { class: "line" }, h("b", {}, `Spec ${s.name}`), h("span", { class: "badge" }, s.phase),
        h("span", {}, `${passed} / ${s.tasks.length} tasks pass`), failed ? h("span", { class: "badge bad" }, `${failed} failed`) : null,
        s.message ? h("span", { class: "muted" }, s.message) : null),
      bar(passed, s.tasks.length - passed, failed),
      h("div", { class: "waves" }, waves)));
  }
  if (out.length === 0) out.push(h("p", { class: "muted" }, "No feature list and no spec here yet: 'pace init', then 'pace run' or 'pace spec run NAME'."));
  return out;
}

function chart(live, rows) {
  // The sessions since the feature run started (against its budget); without one, every session.
  const from = live.run ? Date.parse(live.run.startedAt) : 0;
  const done = rows.filter(r => r.finishedAt && Date.parse(r.startedAt) >= from).sort((a, b) => finished(a) - finished(b));
  if (done.length === 0) return [h("p", { class: "muted" }, "No session has finished yet.")];
  const W = 640, H = 160, P = 32;
  let total = 0;
  const points = done.map(r => { total += r.cost || 0; return [Date.parse(r.finishedAt), total]; });
  const start = Math.min(Date.parse(done[0].startedAt), points[0][0]);
  const end = Math.max(points[points.length - 1][0], start + 1000);
  const budget = live.run && live.run.budget;
  const top = Math.max(total, budget || 0, 0.0001);
  const x = t => P + (W - 2 * P) * (t - start) / (end - start);
  const y = v => H - P + -(H - 2 * P) * v / top;
  const path = points.map(([t, v], i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `cost over time: ${money(total)} after ${done.length} sessions` },
    svg("line", { x1: P, y1: H - P, x2: W - P, y2: H - P, class: "axis" }),
    svg("line", { x1: P, y1: P, x2: P, y2: H - P, class: "axis" }),
    budget ? svg("line", { x1: P, y1: y(budget), x2: W - P, y2: y(budget), class: "budget" }) : null,
    budget ? svg("text", { x: W - P, y: y(budget) - 4, "text-anchor": "end", class: "label" }, `budget ${money(budget)}`) : null,
    svg("path", { d: path, class: "cost" }),
    ...(points.length > 400 ? [] : points).map(([t, v], i) => svg("circle", { cx: x(t).toFixed(1), cy: y(v).toFixed(1), r: 2.5, class: done[i].passed ? "dot pass" : "dot fail" })),
    svg("text", { x: P, y: H - 8, class: "label" }, time(new Date(start).toISOString())),
    svg("text", { x: W - P, y: H - 8, "text-anchor": "end", class: "label" }, `${span((end - start) / 1000)} later`),
    svg("text", { x: P + 4, y: P - 8, class: "label" }, `${money(total)} spent`));
  const passed = done.filter(r => r.passed).length;
  return [s, h("p", { class: "muted" }, `${done.length} sessions, ${passed} passed, ${money(total)}${budget ? ` of a ${money(budget)} budget` : ""}, ${span(done.reduce((a, r) => a + r.seconds, 0))} of agent and check time.`)];
}

function fleet(live) {
  const f = live.fleet;
  const out = [];
  if (live.fleetProblem) out.push(h("p", { class: "bad" }, live.fleetProblem));
  if (!f) return out;
  out.push(h("table", { id: "workers" }, h("thead", {}, h("tr", {}, ["Worker", "Host", "Slots", "Seen", "State"].map(x => h("th", {}, x)))),
    h("tbody", {}, (f.workers || []).map(w => h("tr", {}, h("td", {}, w.id), h("td", {}, w.host), h("td", {}, w.slots), h("td", {}, since(w.seenAt) + " ago"), h("td", {}, w.stoppedAt ? "stopped" : "running"))))));
  out.push(h("table", {}, h("thead", {}, h("tr", {}, ["Run", "Ready", "Claimed", "Done", "Cost"].map(x => h("th", {}, x)))),
    h("tbody", {}, (f.runs || []).map(r => h("tr", {}, h("td", {}, r.run), h("td", {}, r.ready), h("td", {}, r.claimed), h("td", {}, r.done), h("td", {}, money(r.costUsd)))))));
  if ((f.leases || []).length) out.push(h("p", {}, "Held now: " + f.leases.map(l => `${l.item} by ${l.worker}`).join(", ")));
  return out;
}

const finished = r => r.finishedMs || (r.finishedMs = Date.parse(r.finishedAt));

function history(rows) {
  const item = document.getElementById("filter-item").value.trim().toLowerCase();
  const verdict = document.getElementById("filter-verdict").value;
  const agent = document.getElementById("filter-agent").value;
  const shown = rows.filter(r => (!item || r.item.toLowerCase().includes(item)) && (!verdict || (verdict === "passed") === r.passed) && (!agent || r.agent === agent))
    .sort((a, b) => finished(b) - finished(a));
  document.getElementById("history-count").textContent = `${shown.length} of ${rows.length} sessions`;
  const more = document.getElementById("more");
  more.hidden = shown.length <= state.shown;
  return shown.slice(0, state.shown).map(r => {
    const where = r.spec ? `${r.spec} w${r.wave} ${r.place === r.item ? "" : r.place + " "}#${r.attempt}` : `${r.session}`;
    const checks = r.checks.map(c => `${c.name} ${c.passed ? "✓" : c.timedOut ? "timed out" : "✗ " + c.exit}`).join(", ");
    const t = r.totals;
    const detail = h("details", {}, h("summary", {}, r.passed ? "passed" : (r.reasons[0] || "failed")),
      h("ul", {}, r.reasons.map(x => h("li", {}, x)), r.notes.map(x => h("li", { class: "muted" }, x))),
      r.proofTests.length ? h("p", {}, "Proof tests: " + r.proofTests.join(", ")) : null,
      r.commit ? h("p", {}, "Commit " + r.commit.slice(0, 10)) : null,
      r.attemptRef ? h("p", {}, h("code", { class: "attempt" }, r.attemptRef)) : null,
      r.worker ? h("p", {}, "Ran on worker " + r.worker) : null,
      h("p", { class: "muted" }, `${time(r.startedAt)} to ${time(r.finishedAt)}`));
    return h("tr", { "data-key": r.key, "data-item": r.item, class: r.passed ? "pass" : "fail" },
      h("td", {}, where), h("td", {}, h("b", {}, r.item)), h("td", { class: "verdict" }, r.passed ? "passed" : "FAILED"),
      h("td", { class: "why" }, detail), h("td", {}, r.proof || ""), h("td", {}, checks),
      h("td", {}, t ? `${t.passed}/${t.passed + t.failed}` : ""), h("td", {}, `${r.diff.files}f +${r.diff.insertions} -${r.diff.deletions}`),
      h("td", {}, money(r.cost)), h("td", {}, `${r.tokensIn}/${r.tokensOut}`), h("td", {}, r.turns === null ? "" : r.turns),
      h("td", {}, span(r.seconds)), h("td", {}, r.agent),
      h("td", {}, r.transcript ? h("a", { href: "#", class: "transcript", onclick: e => { e.preventDefault(); showTranscript(r); } }, "transcript") : ""));
  });
}

async function showTranscript(r) {
  const dialog = document.getElementById("transcript");
  document.getElementById("transcript-title").textContent = `${r.item}, session ${r.spec ? r.spec + " wave " + r.wave + " attempt " + r.attempt : r.session}`;
  const pre = document.getElementById("transcript-text");
  pre.textContent = "loading…";
  dialog.showModal();
  const answer = await fetch("/api/transcript?path=" + encodeURIComponent(r.transcript));
  pre.textContent = await answer.text();
}

function replace(id, nodes) {
  const el = document.getElementById(id);
  el.replaceChildren(...nodes);
}

function render() {
  state.pending = false;
  const live = state.live;
  if (!live) return;
  const rows = [...state.rows.values()];
  document.getElementById("project").textContent = live.features ? live.features.project : live.root.split("/").pop();
  document.title = `Pace: ${document.getElementById("project").textContent}`;
  const holder = document.getElementById("holder");
  holder.replaceChildren();
  if (live.lock && live.lock.running) {
    holder.append(h("span", { class: "badge run" }, "running"), ` ${live.lock.command} (pid ${live.lock.pid} on ${live.lock.host}) since ${time(live.lock.since)} `);
    if (live.lock.stoppable) holder.append(h("button", { id: "stop", type: "button", onclick: () => { if (confirm(`Stop '${live.lock.command}'? It saves its state; the same command resumes it.`)) post("/api/stop"); } }, "Stop run"));
  } else {
    holder.append(h("span", { class: "badge" }, "idle"), " no Pace run holds this repository");
  }
  // What waits for a person is drawn again only when it changed: a message being typed stays.
  const needsKey = JSON.stringify([live.problems, live.features && live.features.stuckList, live.specs.map(s => [s.name, s.waiting, s.prNumber, s.message, s.pauses]), live.run && live.run.pauses]);
  if (needsKey !== state.needsKey) {
    state.needsKey = needsKey;
    const drafts = new Map([...document.querySelectorAll("#needs textarea")].map(t => [t.closest("[data-spec]").dataset.spec, t.value]));
    const waiting = needs(live);
    replace("needs", waiting.length ? waiting : [h("p", { class: "muted" }, "Nothing waits for you.")]);
    for (const t of document.querySelectorAll("#needs textarea")) t.value = drafts.get(t.closest("[data-spec]").dataset.spec) || "";
  }
  replace("now", now(live));
  replace("progress", progress(live));
  replace("chart", chart(live, rows));
  document.getElementById("fleet-section").hidden = !live.fleet && !live.fleetProblem;
  replace("fleet", fleet(live));
  const agents = [...new Set(rows.map(r => r.agent))].sort();
  const select = document.getElementById("filter-agent");
  const chosen = select.value;
  if (select.options.length - 1 !== agents.length) {
    select.replaceChildren(h("option", { value: "" }, "any"), ...agents.map(a => h("option", { value: a }, a)));
    select.value = chosen;
  }
  // The history is drawn again only when its rows or filters changed: an opened row stays open.
  const historyKey = [state.seq, rows.length, state.shown, ...["filter-item", "filter-verdict", "filter-agent"].map(id => document.getElementById(id).value)].join("|");
  if (historyKey !== state.historyKey) {
    state.historyKey = historyKey;
    const body = document.querySelector("#history tbody");
    const open = new Set([...body.querySelectorAll("tr[data-key] details[open]")].map(d => d.closest("tr").dataset.key));
    body.replaceChildren(...history(rows));
    for (const tr of body.querySelectorAll("tr[data-key]")) if (open.has(tr.dataset.key)) tr.querySelector("details").open = true;
  }
  document.body.dataset.version = String(state.version);
}

function schedule() {
  if (state.pending) return;
  state.pending = true;
  setTimeout(render, 100);
}

function features(update) {
  if (update.featureList) {
    state.features = update.featureList;
    state.listVersion = update.listVersion;
  }
}

function take(update) {
  if (state.loading) return;
  if (update.start !== state.start) return load();
  features(update);
  update.live.failure = update.failure;
  state.live = normalize(update.live);
  state.version = update.version;
  for (const row of update.sessions) state.rows.set(row.key, row);
  state.seq = Math.max(state.seq, update.seq);
  if (state.rows.size !== update.count) return load();
  schedule();
}

async function load() {
  if (state.loading) return;
  state.loading = true;
  let snapshot;
  try {
    snapshot = await (await fetch("/api/snapshot")).json();
  } catch (e) {
    state.loading = false;
    document.getElementById("link").className = "link off";
    setTimeout(load, 2000);
    return;
  }
  state.loading = false;
  features(snapshot);
  snapshot.live.failure = snapshot.failure;
  state.rows = new Map(snapshot.sessions.map(row => [row.key, row]));
  state.start = snapshot.start;
  state.live = normalize(snapshot.live);
  state.version = snapshot.version;
  state.seq = snapshot.seq;
  render();
  // For the benchmark (bench/README.md) and anyone timing the page: the first full drawing.
  if (!performance.getEntriesByName("pace-usable").length) performance.mark("pace-usable");
  follow();
}

function follow() {
  if (state.source) state.source.close();
  const link = document.getElementById("link");
  const source = new EventSource(`/api/events?since=${state.seq}&list=${state.listVersion}`);
  state.source = source;
  source.addEventListener("update", e => { link.className = "link on"; take(JSON.parse(e.data)); });
  source.onopen = () => { link.className = "link on"; };
  source.onerror = () => {
    link.className = "link off";
    source.close();
    setTimeout(() => { if (state.source === source) follow(); }, 1000);
  };
}

for (const id of ["filter-item", "filter-verdict", "filter-agent"]) {
  document.getElementById(id).addEventListener("input", () => { state.shown = PAGE; render(); });
}
document.getElementById("more").addEventListener("click", () => { state.shown += PAGE; render(); });
setInterval(() => {
  for (const el of document.querySelectorAll("[data-since]")) if (el.dataset.since) el.textContent = since(el.dataset.since);
}, 1000);
load();
