/* govreport-kg explorer.  Every string from the build is inserted with textContent
   (or as a text node); this file never parses data as HTML.

   The page carries every entity of the view (DATA.nodes, DATA.entities) and draws only
   some: the first screen (DATA.first, the most important), then whatever the reader asks
   for: search results, a filter's entities, a node's neighbours (expand). */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var ENT = DATA.entities;
  var REPORTS = DATA.reports;
  var TYPES = {};
  DATA.types.forEach(function (t) { TYPES[t.type] = t; });
  var NODE = {};
  DATA.nodes.forEach(function (n) { NODE[n.id] = n; });
  var PRED = DATA.predicates || {};

  var LABELLED = 30;      // labels legible at the first zoom: the most important drawn entities
  var ADD_AT_MOST = 40;   // entities one expand or one filter adds to the canvas
  var SMALL_FONT = 14;    // other labels: drawn once zoomed in (vis drawThreshold)
  var READABLE_PX = 13;   // rendered size of an emphasised label
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39"];
  var SECTION_ZH = { plan: "今年工作安排 plan", review: "过去一年回顾 review", self: "政府自身建设 self",
                     glossary: "名词解释 glossary", preamble: "开头 opening", body: "正文 body" };

  var kg = { ready: false, network: null, nodes: null, edges: null, openCard: openCard,
             counts: counts, data: DATA, labelState: labelState, expand: expand,
             selectNode: selectNode, drawn: drawnIds, refreshLabels: refreshLabels };
  window.kg = kg;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function reportLabel(i) {
    var r = REPORTS[i];
    if (!r) return "?";
    return r.label + (r.date ? " (" + r.date + ")" : "");
  }
  function byRank(a, b) { return NODE[a].rank - NODE[b].rank; }
  // after vis-network has applied a new view (fit/focus take effect on its next frame);
  // the page is not "ready" for a test until then
  var layingOut = false, waiting = 0;
  function updateReady() {
    kg.ready = !layingOut && waiting === 0;
    document.body.dataset.ready = kg.ready ? "1" : "0";
  }
  function later(f) {
    waiting++;
    updateReady();
    setTimeout(function () { f(); waiting--; updateReady(); }, 60);
  }

  /* ------------------------------------------------------------ graph data */
  var edgesOf = {};   // id -> edges touching it (every edge of the page)
  var typedDeg = {}, allDeg = {};
  DATA.edges.forEach(function (e) {
    [e.from, e.to].forEach(function (k) {
      (edgesOf[k] = edgesOf[k] || []).push(e);
      allDeg[k] = (allDeg[k] || 0) + 1;
      if (!e.weak) typedDeg[k] = (typedDeg[k] || 0) + 1;
    });
  });
  function other(e, id) { return e.from === id ? e.to : e.from; }
  function neighbours(id, withWeak) {
    var out = {};
    (edgesOf[id] || []).forEach(function (e) { if (withWeak || !e.weak) out[other(e, id)] = true; });
    delete out[id];
    return Object.keys(out);
  }
  function weakShown() { return !!($("show-weak") && $("show-weak").checked); }

  /* ------------------------------------------------------------ filters */
  function fillSelect(sel, values) {
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = String(v[0]);
      o.textContent = String(v[1]);
      sel.appendChild(o);
    });
  }
  var regions = {}, years = {};
  REPORTS.forEach(function (r) {
    if (r.region) regions[r.region] = true;
    if (r.year !== null && r.year !== undefined) years[r.year] = true;
  });
  fillSelect($("f-region"), Object.keys(regions).sort().map(function (r) { return [r, r]; }));
  fillSelect($("f-year"), Object.keys(years).sort().map(function (y) { return [y, y]; }));
  fillSelect($("f-report"), REPORTS.map(function (r, i) { return [i, reportLabel(i) + " · " + r.id]; }));

  function names(ent) { return [ent.label].concat(ent.aliases); }
  // a part of a definition that is itself a defined term links to it (三高四新 -> 三个高地)
  var TERM_IDS = {};
  Object.keys(ENT).forEach(function (id) {
    var ent = ENT[id];
    if (ent.type !== "Abbreviation") return;
    names(ent).forEach(function (n) {
      var key = n.replace(/[“”"]/g, "");
      if (!(key in TERM_IDS)) TERM_IDS[key] = id;
    });
  });
  function partChip(text) {
    var key = text.replace(/[“”"]/g, "");
    var id = TERM_IDS[key];
    if (id === undefined) return el("span", "chip", text);
    var b = el("button", "chip linkish", text);
    b.type = "button";
    b.title = "名词 term: " + ENT[id].label;
    b.addEventListener("click", function () { selectNode(id); });
    return b;
  }
  function matches(ent, q) {
    return names(ent).some(function (n) { return n.toLowerCase().indexOf(q) >= 0; });
  }

  function state() {
    var types = {}, allTypes = true;
    Array.prototype.forEach.call(document.querySelectorAll(".type-filter"), function (c) {
      if (c.checked) types[c.value] = true; else allTypes = false;
    });
    return {
      types: types, allTypes: allTypes,
      region: $("f-region").value,
      year: $("f-year").value,
      report: $("f-report").value,
      q: $("search").value.trim().toLowerCase()
    };
  }
  function filtering(st) { return !st.allTypes || !!st.region || !!st.year || st.report !== ""; }

  function passes(ent, st) {
    if (!st.types[ent.type]) return false;
    if (!st.region && !st.year && st.report === "") return true;
    return ent.reports.some(function (i) {
      var r = REPORTS[i];
      if (st.region && r.region !== st.region) return false;
      if (st.year && String(r.year) !== st.year) return false;
      if (st.report !== "" && String(i) !== st.report) return false;
      return true;
    });
  }

  /* ------------------------------------------------------------ drawing */
  var visible = {};     // drawn and not hidden
  var lastMatches = {};
  var emphasis = {};    // ids whose label is drawn legibly whatever the zoom
  var colourBy = "type";

  function drawnIds() { return kg.nodes ? kg.nodes.getIds() : []; }
  function isDrawn(id) { return !!(kg.nodes && kg.nodes.get(id)); }

  function nodeColour(n) {
    if (colourBy === "community") {
      var c = n.community < PALETTE.length ? PALETTE[n.community] : "#b8c2cc";
      return { background: c, border: NODE[n.id].borderWidth === 4 ? "#111111" : c };
    }
    return NODE[n.id].color;
  }
  // what vis-network draws for a node / an edge of the page's data
  function nodeView(id) {
    var n = NODE[id], t = TYPES[ENT[id].type] || { zh: "", type: ENT[id].type };
    var v = Object.assign({}, n, {
      title: ENT[id].label + "\n" + t.zh + " " + t.type + " · " + ENT[id].reports.length +
        " 份报告 reports · " + (n.typed || 0) + " 条明确关系 stated relations",
      font: { size: SMALL_FONT }
    });
    v.color = nodeColour(v);
    return v;
  }
  function edgeView(e) {
    var p = PRED[e.predicate] || [e.predicate, e.predicate];
    var v = Object.assign({}, e, {
      label: p[0], width: 1 + Math.min(e.n, 5) * 0.5,
      title: (ENT[e.from] ? ENT[e.from].label : e.from) + " —" + p[0] + " (" + p[1] + ")" +
        (e.weak ? "— " : "→ ") + (ENT[e.to] ? ENT[e.to].label : e.to) + " · " + e.n + " 条证据 evidence"
    });
    if (e.weak) {
      v.dashes = true;
      v.arrows = { to: { enabled: false } };
      v.hidden = !weakShown();
    }
    return v;
  }

  // add ids (and the edges between drawn nodes) to the canvas; new nodes start beside a
  // drawn neighbour, or at the centre of the view, and a short layout run places them
  function draw(ids, settleAfter) {
    if (!kg.nodes) return [];
    var fresh = ids.filter(function (id) { return NODE[id] && !kg.nodes.get(id); });
    if (!fresh.length) return [];
    var pos = kg.network.getPositions(), centre = kg.network.getViewPosition();
    var freshSet = {};
    fresh.forEach(function (id) { freshSet[id] = true; });
    var add = fresh.map(function (id, i) {
      var n = nodeView(id);
      var anchor = neighbours(id, true).filter(function (k) { return pos[k]; }).sort(byRank)[0];
      var c = anchor ? pos[anchor] : centre;
      var a = 2.399963 * i;   // golden angle: a spiral around the anchor, no overlap
      var r = 90 + 12 * Math.sqrt(i + 1);
      n.x = c.x + r * Math.cos(a);
      n.y = c.y + r * Math.sin(a);
      n.hidden = false;
      return n;
    });
    kg.nodes.add(add);
    var seen = {}, newEdges = [];
    fresh.forEach(function (id) {
      (edgesOf[id] || []).forEach(function (e) {
        if (seen[e.id] || kg.edges.get(e.id)) return;
        var o = other(e, id);
        if (!freshSet[o] && !kg.nodes.get(o)) return;
        seen[e.id] = true;
        newEdges.push(edgeView(e));
      });
    });
    kg.edges.add(newEdges);
    if (settleAfter !== false) relayout(null);
    return fresh;
  }

  // physics on until the layout settles again, then off; ``then`` runs once settled
  var pending = [];
  function relayout(then) {
    if (then) pending.push(then);
    layingOut = true;
    updateReady();
    kg.network.setOptions({ physics: { enabled: true } });
    kg.network.stabilize(150);
  }
  function settled() {
    kg.network.setOptions({ physics: { enabled: false } });
    $("progress").hidden = true;
    var todo = pending;
    pending = [];
    layingOut = false;
    updateReady();
    if (!todo.length) later(refreshLabels);
    todo.forEach(function (f) { f(); });
  }

  // the most important visible entities, the search's matches and the selection get a label
  // legible at the current zoom; the rest keep a small one that vis draws once zoomed in
  function refreshLabels() {
    if (!kg.network) return;
    var s = kg.network.getScale();
    var big = Math.max(SMALL_FONT, Math.min(160, Math.ceil(READABLE_PX / s)));
    var want;
    var pos = kg.network.getPositions();
    var boxes = [];
    var box = function (id) {
      var p = kg.network.canvasToDOM(pos[id]);
      var w = (NODE[id].label || "").length * READABLE_PX + 4;
      var below = (NODE[id].size || 10) * s + 2;
      return [p.x - w / 2 - 2, p.y + below - 3, p.x + w / 2 + 2, p.y + below + READABLE_PX + 7];
    };
    var free = function (b) {
      return boxes.every(function (o) { return b[2] < o[0] || b[0] > o[2] || b[3] < o[1] || b[1] > o[3]; });
    };
    var sel = {}, selected = kg.network.getSelectedNodes();
    if (selected.length === 1) sel[selected[0]] = true;  // one selected: always labelled
    want = {};
    Object.keys(sel).forEach(function (id) { if (pos[id]) { boxes.push(box(id)); want[id] = true; } });
    // the search's matches and an expanded neighbourhood first, then the most important;
    // a label that would overlap one already chosen waits for the reader to zoom in
    var first = Object.keys(emphasis).filter(function (id) { return visible[id] && pos[id] && !sel[id]; }).sort(byRank);
    var rest = drawnIds().filter(function (id) { return visible[id] && pos[id] && !sel[id] && !emphasis[id]; }).sort(byRank);
    var n = 0;
    first.concat(rest).forEach(function (id) {
      if (n >= LABELLED) return;
      var b = box(id);
      if (free(b)) { boxes.push(b); want[id] = true; n++; }
    });
    var up = [];
    kg.nodes.forEach(function (x) {
      var size = want[x.id] ? big : SMALL_FONT;
      if (!x.font || x.font.size !== size) up.push({ id: x.id, font: { size: size } });
    });
    if (up.length) kg.nodes.update(up);
  }

  function labelState() {
    var out = { scale: kg.network ? kg.network.getScale() : null, readable: [] };
    if (!kg.network) return out;
    var body = kg.network.body.nodes;
    drawnIds().forEach(function (id) {
      var n = body[id];
      // drawn by vis-network, and at least 11 px on screen
      if (n && !n.options.hidden && n.labelModule.visible() &&
          n.labelModule.fontOptions.size * out.scale >= 11) out.readable.push(id);
    });
    return out;
  }

  function apply(opts) {
    opts = opts || {};
    var st = state();
    var ids = Object.keys(ENT);
    var pass = {};
    ids.forEach(function (id) { if (passes(ENT[id], st)) pass[id] = true; });
    var hits = {};
    if (st.q) ids.forEach(function (id) { if (pass[id] && matches(ENT[id], st.q)) hits[id] = true; });
    lastMatches = hits;

    // what should be on the canvas: a filter brings its most important entities,
    // a search its best matches; nothing already drawn is taken away (only hidden)
    var bring = [];
    if (filtering(st) && !st.q) {
      bring = ids.filter(function (id) { return pass[id]; }).sort(byRank).slice(0, DATA.meta.first || 150);
    } else if (st.q) {
      bring = Object.keys(hits).sort(byRank).slice(0, ADD_AT_MOST);
      // and what the reports tie the best match to (a park's firms, an honour's holders)
      if (bring.length) {
        bring = bring.concat(neighbours(bring[0], false).filter(function (k) { return pass[k]; })
          .sort(byRank).slice(0, 12));
      }
    }
    var shown = {};
    if (st.q) {
      Object.keys(hits).forEach(function (id) {
        shown[id] = true;
        (edgesOf[id] || []).forEach(function (e) {
          if ((weakShown() || !e.weak) && pass[other(e, id)]) shown[other(e, id)] = true;
        });
      });
    } else {
      ids.forEach(function (id) { if (pass[id]) shown[id] = true; });
    }
    visible = {};
    if (kg.nodes) {
      var added = draw(bring.filter(function (id) { return shown[id]; }), false);
      var nu = [];
      kg.nodes.forEach(function (n) {
        var hide = !shown[n.id];
        if (!hide) visible[n.id] = true;
        var border = hits[n.id] ? 4 : (DATA.meta.focus.indexOf(n.id) >= 0 ? 4 : 1);
        if (!!n.hidden !== hide || (n.borderWidth || 1) !== border) {
          nu.push({ id: n.id, hidden: hide, borderWidth: border });
        }
      });
      if (nu.length) kg.nodes.update(nu);
      syncEdges();
      emphasis = {};
      Object.keys(hits).forEach(function (id) { emphasis[id] = true; });
      var target = Object.keys(hits).filter(function (id) { return visible[id]; });
      var zoom = function () {
        if (target.length && !opts.noZoom) {
          kg.network.selectNodes(target.sort(byRank).slice(0, 50));
          kg.network.fit({ nodes: target, maxZoomLevel: 1.2, animation: false });
        } else if (added.length && !st.q) {
          kg.network.fit({ animation: false });
        }
        later(refreshLabels);
      };
      if (added.length) relayout(zoom); else zoom();
    }
    renderResults(st.q);
    renderCounts();
    renderList();
    var none = DATA.nodes.length > 0 && Object.keys(shown).length === 0;
    if (!DATA.meta.empty) {
      $("empty").hidden = !none;
      $("empty").textContent = none ? "没有符合当前筛选条件的实体。No entity matches the current search and filters." : "";
    }
  }

  function syncEdges() {
    var eu = [];
    var weak = weakShown();
    kg.edges.forEach(function (e) {
      var hide = !(visible[e.from] && visible[e.to]) || (!!e.weak && !weak);
      if (!!e.hidden !== hide) eu.push({ id: e.id, hidden: hide });
    });
    if (eu.length) kg.edges.update(eu);
  }

  function counts() {
    var n = 0, m = 0, d = 0;
    if (kg.nodes) {
      kg.nodes.forEach(function (x) { d++; if (!x.hidden) n++; });
      kg.edges.forEach(function (x) { if (!x.hidden) m++; });
    }
    return { nodes: n, edges: m, drawn: d, totalNodes: DATA.nodes.length, totalEdges: DATA.edges.length };
  }
  function renderCounts() {
    var c = counts();
    $("counts").textContent = "显示 showing " + c.nodes + " / " + c.totalNodes + " 节点 nodes · " +
      c.edges + " / " + c.totalEdges + " 关系 edges";
  }

  function resultButton(id, q) {
    var ent = ENT[id];
    var b = el("button");
    b.type = "button";
    var sw = el("span", "swatch shape-" + (TYPES[ent.type] || { shape: "dot" }).shape);
    sw.style.setProperty("--c", (TYPES[ent.type] || { color: "#7a7f87" }).color);
    b.appendChild(sw);
    b.appendChild(document.createTextNode(ent.label));
    var alias = q ? ent.aliases.filter(function (a) { return a.toLowerCase().indexOf(q) >= 0; })[0] : null;
    if (alias && ent.label.toLowerCase().indexOf(q) < 0) {
      b.appendChild(el("span", "muted", " （" + alias + "）"));
    }
    // where it is from: the same name in several governments' reports is several entities
    var where = {};
    ent.reports.forEach(function (i) { if (REPORTS[i] && REPORTS[i].region) where[REPORTS[i].region] = true; });
    var places = Object.keys(where).sort();
    if (places.length) {
      b.appendChild(el("span", "muted", " · " + places[0] + (places.length > 1 ? " 等 " + places.length + " 地" : "")));
    }
    b.addEventListener("click", function () { selectNode(id); });
    return b;
  }

  function renderResults(q) {
    var ul = $("results");
    ul.replaceChildren();
    $("search-info").textContent = "";
    if (!q) return;
    var ids = Object.keys(ENT).filter(function (id) { return matches(ENT[id], q); });
    ids.sort(function (a, b) {
      var la = ENT[a].label, lb = ENT[b].label;
      var ea = la.toLowerCase() === q ? 0 : 1, eb = lb.toLowerCase() === q ? 0 : 1;
      if (ea !== eb) return ea - eb;
      return NODE[a].rank - NODE[b].rank;
    });
    var outside = (DATA.others || []).filter(function (o) {
      return [o[0]].concat(o[2]).some(function (n) { return n.toLowerCase().indexOf(q) >= 0; });
    });
    $("search-info").textContent = ids.length + " 个匹配 matches" +
      (outside.length ? " · " + outside.length + " 个未在本页 not in this page" : "");
    ids.slice(0, 100).forEach(function (id) {
      var li = el("li");
      var b = resultButton(id, q);
      if (!lastMatches[id]) b.appendChild(el("span", "muted", " · 已被筛选隐藏 filtered out"));
      li.appendChild(b);
      ul.appendChild(li);
    });
    outside.slice(0, 20).forEach(function (o) {
      ul.appendChild(el("li", "outside", o[0] + " — 未在本页 not in this page: kg html --focus " + o[0]));
    });
  }

  /* a side list: the selected node's community (when colouring by community) or the
     entities the filters and search let through, sortable by reports or relations */
  function renderList() {
    if (!$("list-items")) return;
    var st = state();
    var sel = kg.network ? kg.network.getSelectedNodes() : [];
    var ids, title;
    if (colourBy === "community" && sel.length === 1 && NODE[sel[0]]) {
      var c = NODE[sel[0]].community;
      ids = Object.keys(ENT).filter(function (id) { return NODE[id].community === c; });
      title = "社区 community " + (c + 1) + " · " + ids.length;
    } else {
      ids = Object.keys(ENT).filter(function (id) {
        return passes(ENT[id], st) && (!st.q || lastMatches[id]);
      });
      title = (filtering(st) || st.q ? "筛选结果 filtered" : "全部 all") + " · " + ids.length;
    }
    var key = $("list-sort").value;
    var score = function (id) {
      return key === "relations" ? (typedDeg[id] || 0) * 100000 + (allDeg[id] || 0) : ENT[id].reports.length;
    };
    ids.sort(function (a, b) { return score(b) - score(a) || NODE[a].rank - NODE[b].rank; });
    $("list-title").textContent = title;
    var ul = $("list-items");
    ul.replaceChildren();
    ids.slice(0, 60).forEach(function (id) {
      var li = el("li");
      var b = resultButton(id, null);
      b.appendChild(el("span", "muted", " · " + ENT[id].reports.length + " 报告 · " + (typedDeg[id] || 0) + " 关系"));
      li.appendChild(b);
      ul.appendChild(li);
    });
    if (ids.length > 60) ul.appendChild(el("li", "muted", "另有 " + (ids.length - 60) + " 个 more"));
  }

  function selectNode(id) {
    if (!ENT[id]) return;
    var show = function () {
      if (kg.network && visible[id]) {
        kg.network.selectNodes([id]);
        emphasis[id] = true;
        kg.network.focus(id, { scale: Math.max(kg.network.getScale(), 0.9), animation: false });
        later(refreshLabels);
      }
      openCard(id);
      renderList();
    };
    if (kg.network && !isDrawn(id) && passes(ENT[id], state())) {
      draw([id], false);
      visible[id] = true;
      syncEdges();
      relayout(show);
      renderCounts();
    } else {
      show();
    }
  }

  // one more hop: the entity's neighbours (typed relations; co-mentions too when shown),
  // the most important first, drawn beside it
  function expand(id) {
    if (!kg.network || !ENT[id]) return 0;
    var st = state();
    var nb = neighbours(id, weakShown()).filter(function (k) { return passes(ENT[k], st); });
    var fresh = nb.filter(function (k) { return !isDrawn(k); }).sort(byRank).slice(0, ADD_AT_MOST);
    var ids = [id].concat(fresh);
    draw(ids, false);
    ids.concat(nb.filter(isDrawn)).forEach(function (k) { visible[k] = true; emphasis[k] = true; });
    var up = ids.filter(function (k) { return kg.nodes.get(k).hidden; }).map(function (k) { return { id: k, hidden: false }; });
    if (up.length) kg.nodes.update(up);
    syncEdges();
    renderCounts();
    relayout(function () {
      kg.network.selectNodes([id]);
      kg.network.fit({ nodes: ids.concat(nb.filter(isDrawn)), maxZoomLevel: 1.2, animation: false });
      openCard(id);
      later(refreshLabels);
    });
    return fresh.length;
  }

  /* ------------------------------------------------------------ indicators chart */
  /* One line per target: the band the target allows (shaded), the target (a tick) and the
     result (a dot, green met, red missed), on a scale of the row's own numbers. */
  var SVG = "http://www.w3.org/2000/svg";
  var OUTCOME = { met: "完成 met", missed: "未完成 missed", not_comparable: "不可比 not comparable",
                  unreported: "未报告 unreported" };
  function svg(tag, attrs) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }
  function indicatorChart(rows) {
    var wrap = el("div", "indicators");
    rows.forEach(function (r) {
      var row = el("div", "ind-row ind-" + r.outcome);
      row.appendChild(el("div", "ind-name", r.name + " · " + r.year + " · " + (OUTCOME[r.outcome] || r.outcome)));
      if (r.target !== null) {
        var nums = [r.target].concat([r.lo, r.hi, r.actual].filter(function (v) { return v !== null; }));
        var lo = Math.min(0, Math.min.apply(null, nums)), hi = Math.max.apply(null, nums) * 1.15 || 1;
        var W = 240, H = 20, x = function (v) { return 6 + (v - lo) / (hi - lo) * (W - 12); };
        var s = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
          "aria-label": "target " + r.target_text + ", result " + (r.actual === null ? "none" : r.actual + r.unit) });
        s.appendChild(svg("line", { x1: 6, x2: W - 6, y1: 10, y2: 10, "class": "axis" }));
        var b0 = x(r.lo === null ? lo : r.lo), b1 = x(r.hi === null ? hi : r.hi);
        s.appendChild(svg("rect", { x: b0, y: 4, width: Math.max(1, b1 - b0), height: 12, "class": "band" }));
        s.appendChild(svg("line", { x1: x(r.target), x2: x(r.target), y1: 2, y2: 18, "class": "tick" }));
        if (r.actual !== null) s.appendChild(svg("circle", { cx: x(r.actual), cy: 10, r: 4.5, "class": "dot" }));
        row.appendChild(s);
      }
      row.appendChild(el("div", "ind-why muted", "目标 target " + r.target_text + " · " + r.why));
      wrap.appendChild(row);
    });
    return wrap;
  }

  /* ------------------------------------------------------------ card */
  function sentence(ev) {
    var p = el("p", "sent");
    p.appendChild(document.createTextNode(ev.pre || ""));
    if (ev.hit) p.appendChild(el("mark", null, ev.hit));
    p.appendChild(document.createTextNode(ev.post || ""));
    return p;
  }
  function section(card, title) {
    card.appendChild(el("h3", null, title));
  }
  function more(card, shown, total, what) {
    if (total > shown) {
      card.appendChild(el("p", "muted", "另有 " + (total - shown) + " " + what + " 未列出 more not listed " +
        "(entities.jsonl / relations.jsonl, kg show)"));
    }
  }
  function entityButton(id, label) {
    if (!ENT[id]) return el("span", null, label);
    var b = el("button", "linkish", label);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(id); });
    return b;
  }

  // plan and result per year, side by side (a promise in one report, what the next said)
  function timeline(status) {
    var grid = el("div", "tl-grid");
    ["年份 year", "计划 plan", "结果 result"].forEach(function (h) { grid.appendChild(el("div", "tl-head", h)); });
    var years = [];
    var by = {};
    status.forEach(function (s) {
      var y = s.year === null ? "?" : String(s.year);
      if (!by[y]) { by[y] = { plan: [], result: [] }; years.push(y); }
      by[y][s.modality === "planned" ? "plan" : "result"].push(s);
    });
    years.forEach(function (y) {
      grid.appendChild(el("div", "tl-year", y === "?" ? "年份不详 year?" : y));
      ["plan", "result"].forEach(function (col) {
        var cell = el("div", "tl-cell " + col);
        by[y][col].forEach(function (s) {
          var stage = s.modality === "planned" && s.stage ? s : null;
          var said = stage ? (s.stage_zh ? s.stage_zh + " " : "") + s.stage
                           : (s.status_zh ? s.status_zh + " " : "") + s.status;
          var head = el("div", "tl-stage", said);
          head.title = reportLabel(s.ev.r) + (s.note ? " · " + s.note : "");
          cell.appendChild(head);
          cell.appendChild(el("div", "ev-meta", reportLabel(s.ev.r)));
          cell.appendChild(sentence(s.ev));
        });
        grid.appendChild(cell);
      });
    });
    return grid;
  }

  function openCard(id) {
    var ent = ENT[id];
    var card = $("card");
    if (!ent) return;
    card.replaceChildren();
    card.hidden = false;
    card.dataset.key = id;
    var close = el("button", "close", "×");
    close.type = "button";
    close.title = "close";
    close.addEventListener("click", function () { card.hidden = true; if (kg.network) kg.network.unselectAll(); });
    card.appendChild(close);
    card.appendChild(el("h2", "card-title", ent.label));
    var t = TYPES[ent.type] || { zh: "", color: "#7a7f87" };
    var tb = el("span", "badge type-badge", t.zh + " " + ent.type);
    tb.style.background = t.color;
    card.appendChild(tb);
    if (ent.divergent) card.appendChild(el("span", "badge warn divergent", "含义不一致 divergent meanings"));
    if (kg.network) {
      var nb = neighbours(id, weakShown());
      var hidden = nb.filter(function (k) { return !visible[k]; }).length;
      var ex = el("button", "expand", "展开邻居 expand · " + nb.length + (hidden ? " (+" + hidden + ")" : ""));
      ex.type = "button";
      ex.title = "把它的关系对象画到图上 draw its neighbours (double-click a node does the same)";
      ex.addEventListener("click", function () { expand(id); });
      card.appendChild(ex);
    }

    if (ent.aliases.length) {
      section(card, "别名 Aliases");
      var al = el("div", "aliases");
      ent.aliases.forEach(function (a) { al.appendChild(el("span", "chip", a)); });
      card.appendChild(al);
    }

    // what the reports state about it, at a glance: parks, projects, enterprises, programmes
    var typed = ent.brief ? (edgesOf[id] || []).filter(function (e) { return !e.weak; }).map(function (e) {
      var p = PRED[e.predicate] || [e.predicate, e.predicate];
      return { dir: e.from === id ? "out" : "in", p: e.predicate, p_zh: p[0], p_en: p[1], other: other(e, id),
               other_label: ENT[other(e, id)].label };
    }) : ent.relations.filter(function (r) { return !r.weak; });
    if (typed.length) {
      section(card, ent.type === "Enterprise" ? "园区与项目 Parks and projects" : "明确关系 Stated relations");
      var groups = {}, order = [];
      typed.forEach(function (r) {
        var k = (r.dir === "out" ? "→ " : "← ") + (r.p_zh || r.p);
        if (!groups[k]) { groups[k] = []; order.push(k); }
        groups[k].push(r);
      });
      order.forEach(function (k) {
        var row = el("div", "stated");
        var name = el("span", "stated-p", k + " ");
        name.title = groups[k][0].p_en || groups[k][0].p;
        row.appendChild(name);
        groups[k].forEach(function (r, i) {
          if (i) row.appendChild(document.createTextNode("、"));
          row.appendChild(entityButton(r.other, r.other_label));
        });
        card.appendChild(row);
      });
    }

    section(card, "报告 Reports (" + ent.reports.length + ")" +
      (ent.years.length ? " · " + ent.years.join(", ") : ""));
    var rl = el("ul", "reports");
    ent.reports.forEach(function (i) {
      var li = el("li", null, reportLabel(i));
      li.appendChild(el("span", "muted", " · " + REPORTS[i].id));
      rl.appendChild(li);
    });
    card.appendChild(rl);

    var rows = (DATA.indicators || {})[id];
    if (rows && rows.length) {
      section(card, "目标与结果 Targets and results");
      card.appendChild(indicatorChart(rows));
    }

    if (ent.status.length) {
      section(card, "进展 Timeline: 计划与结果 plan and result");
      card.appendChild(timeline(ent.status));
      more(card, ent.status.length, ent.status_total, "条状态 status");
    }

    if (ent.senses.length) {
      section(card, "含义 Senses" + (ent.divergent ? " — 各报告含义不同 differ between reports" : ""));
      var ss = el("div", ent.senses.length > 1 ? "senses side" : "senses");
      ent.senses.forEach(function (s) {
        var d = el("div", "sense");
        var h = el("div", "ev-meta", (s.r !== null ? reportLabel(s.r) : "?") + " · " +
          (s.source === "glossary" ? "名词解释 glossary" : "文中定义 inline") + " · " + s.term);
        d.appendChild(h);
        if (s.check === "mismatch") {
          d.appendChild(el("span", "badge warn", "部分数不符 parts ≠ " + (s.expected_parts === null ? "?" : s.expected_parts)));
        } else if (s.check === "ok") {
          d.appendChild(el("span", "badge ok", "部分数相符 parts ok"));
        }
        if (s.definition) d.appendChild(el("div", "definition", s.definition));
        if (s.groups.length > 1) {
          s.groups.forEach(function (g, gi) {
            var gd = el("div", "group", (gi + 1) + ". ");
            g.forEach(function (c) { gd.appendChild(partChip(c)); });
            d.appendChild(gd);
          });
        } else if (s.components.length) {
          var cd = el("div", "components");
          s.components.forEach(function (c) { cd.appendChild(partChip(c)); });
          d.appendChild(cd);
        }
        if (s.ev) d.appendChild(sentence(s.ev));
        ss.appendChild(d);
      });
      card.appendChild(ss);
      more(card, ent.senses.length, ent.senses_total, "个含义 senses");
    }

    if (ent.brief && (edgesOf[id] || []).length) {
      // a brief card: the relations by name and count (their sentences: kg show, relations.jsonl)
      section(card, "关系 Relations (" + edgesOf[id].length + ")");
      var bl = el("ul", "relations");
      edgesOf[id].slice().sort(function (a, b) {
        return (!!a.weak - !!b.weak) || (b.n - a.n) || byRank(other(a, id), other(b, id));
      }).slice(0, 30).forEach(function (e) {
        var p = PRED[e.predicate] || [e.predicate, e.predicate];
        var li = el("li", e.weak ? "weak" : null);
        var nm = el("span", null, (e.weak ? "— " : e.from === id ? "→ " : "← ") + p[0] + " ");
        nm.title = p[1];
        li.appendChild(nm);
        li.appendChild(entityButton(other(e, id), ENT[other(e, id)].label));
        li.appendChild(el("span", "muted", " · " + e.n + " 条证据 evidence"));
        bl.appendChild(li);
      });
      card.appendChild(bl);
      more(card, Math.min(30, edgesOf[id].length), edgesOf[id].length, "条关系 relations");
    }
    if (ent.brief) {
      card.appendChild(el("p", "muted brief-note", "简要卡片：每类证据只列一条。brief card: one sentence of each kind; " +
        "every sentence is in entities.jsonl and relations.jsonl (kg show " + ent.label + ")."));
    }

    if (ent.relations.length) {
      section(card, "关系 Relations (" + ent.relations_total + ")");
      var ul = el("ul", "relations");
      ent.relations.forEach(function (r) {
        var li = el("li", r.weak ? "weak" : null);
        var name = el("span", null, (r.weak ? "— " : r.dir === "out" ? "→ " : "← ") + (r.p_zh || r.p) + " ");
        name.title = r.p_en || r.p;
        li.appendChild(name);
        if (r.shown) {
          li.appendChild(entityButton(r.other, r.other_label));
        } else {
          li.appendChild(el("span", null, r.other_label));
          li.appendChild(el("span", "muted", " (未在本页 not in this page)"));
        }
        li.appendChild(el("span", "muted", " · " + r.n + " 条证据 evidence"));
        r.ev.forEach(function (ev) {
          li.appendChild(el("div", "ev-meta", reportLabel(ev.r)));
          li.appendChild(sentence(ev));
        });
        ul.appendChild(li);
      });
      card.appendChild(ul);
      more(card, ent.relations.length, ent.relations_total, "条关系 relations");
    }

    section(card, "出处 Evidence (" + ent.mentions_total + ")");
    ent.mentions.forEach(function (m) {
      var meta = el("div", "ev-meta", reportLabel(m.r) + " · " + (SECTION_ZH[m.section] || m.section) +
        (m.cue ? " · " + m.cue : ""));
      meta.title = "识别规则 rule: " + m.rule;
      card.appendChild(meta);
      card.appendChild(sentence(m));
    });
    more(card, ent.mentions.length, ent.mentions_total, "处出处 mentions");
    card.scrollTop = 0;
  }

  /* ------------------------------------------------------------ fonts */
  // two different CJK characters drawn in the page's fonts: identical pixels mean both
  // are the same missing-glyph box, i.e. the browser has no Chinese font
  function cjkFontMissing() {
    try {
      var c = document.createElement("canvas");
      c.width = 40; c.height = 20;
      var g = c.getContext("2d");
      var face = getComputedStyle(document.body).fontFamily;
      var img = function (ch) {
        g.clearRect(0, 0, 40, 20);
        g.font = "16px " + face;
        g.fillText(ch, 2, 16);
        return Array.prototype.join.call(g.getImageData(0, 0, 40, 20).data, ",");
      };
      return img("中") === img("国");
    } catch (e) {
      return false;
    }
  }

  /* ------------------------------------------------------------ network */
  function start() {
    if (cjkFontMissing()) {
      $("font-note").hidden = false;
    }
    if (DATA.meta.empty || !DATA.nodes.length || typeof vis === "undefined") {
      apply();
      updateReady();
      return;
    }
    var firstSet = {};
    DATA.first.forEach(function (id) { firstSet[id] = true; });
    kg.nodes = new vis.DataSet(DATA.first.map(nodeView));
    kg.edges = new vis.DataSet(DATA.edges.filter(function (e) {
      return firstSet[e.from] && firstSet[e.to];
    }).map(edgeView));
    var progress = $("progress");
    progress.hidden = false;
    progress.textContent = "布局中 laying out…";
    layingOut = true;
    var network = new vis.Network($("graph"), { nodes: kg.nodes, edges: kg.edges }, DATA.options);
    kg.network = network;
    var first = true;
    function onSettled() {
      if (first) {
        first = false;
        network.fit();
      }
      settled();
    }
    network.on("stabilizationProgress", function (p) {
      progress.textContent = "布局中 laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.on("stabilizationIterationsDone", onSettled);
    network.on("click", function (p) {
      if (p.nodes && p.nodes.length) { openCard(p.nodes[0]); refreshLabels(); renderList(); }
    });
    // the legible labels follow the zoom: the most important in view at the new scale
    var zoomTimer = null;
    network.on("zoom", function () {
      clearTimeout(zoomTimer);
      zoomTimer = setTimeout(refreshLabels, 150);
    });
    network.on("doubleClick", function (p) {
      if (p.nodes && p.nodes.length) expand(p.nodes[0]);
    });
    apply({ noZoom: true });
    if (DATA.meta.focus.length) {
      network.selectNodes(DATA.meta.focus.filter(isDrawn));
      DATA.meta.focus.forEach(function (id) { emphasis[id] = true; });
      openCard(DATA.meta.focus[0]);
    }
  }

  /* ------------------------------------------------------------ wiring */
  var timer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 200);
  });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(timer);
      apply();
      var btn = document.querySelector("#results button");
      var first = Object.keys(lastMatches).sort(byRank)[0];
      if (btn) btn.click(); else if (first) selectNode(first);
    }
  });
  ["f-region", "f-year", "f-report"].forEach(function (id) { $(id).addEventListener("change", function () { apply(); }); });
  Array.prototype.forEach.call(document.querySelectorAll(".type-filter"), function (c) {
    c.addEventListener("change", function () { apply(); });
  });
  $("show-weak").addEventListener("change", function () { apply({ noZoom: true }); });
  $("colour-by").addEventListener("change", function () {
    colourBy = $("colour-by").value;
    if (kg.nodes) {
      kg.nodes.update(kg.nodes.map(function (n) { return { id: n.id, color: nodeColour(n) }; }));
    }
    renderList();
  });
  $("list-sort").addEventListener("change", renderList);
  $("reset").addEventListener("click", function () {
    $("search").value = "";
    ["f-region", "f-year", "f-report"].forEach(function (id) { $(id).value = ""; });
    Array.prototype.forEach.call(document.querySelectorAll(".type-filter"), function (c) { c.checked = true; });
    $("show-weak").checked = false;
    apply({ noZoom: true });
    if (kg.network) { kg.network.fit({ animation: false }); later(refreshLabels); }
  });

  start();
})();
