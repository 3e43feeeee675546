/* govreport-kg explorer.  Every string from the build is inserted with textContent
   (or as a text node); this file never parses data as HTML. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var ENT = DATA.entities;
  var REPORTS = DATA.reports;
  var TYPES = {};
  DATA.types.forEach(function (t) { TYPES[t.type] = t; });

  var kg = { ready: false, network: null, nodes: null, edges: null, openCard: openCard,
             counts: counts, data: DATA };
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

  var adj = {};
  DATA.edges.forEach(function (e) {
    (adj[e.from] = adj[e.from] || []).push(e.to);
    (adj[e.to] = adj[e.to] || []).push(e.from);
  });

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
    var types = {};
    Array.prototype.forEach.call(document.querySelectorAll(".type-filter"), function (c) {
      if (c.checked) types[c.value] = true;
    });
    return {
      types: types,
      region: $("f-region").value,
      year: $("f-year").value,
      report: $("f-report").value,
      q: $("search").value.trim().toLowerCase()
    };
  }

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

  var visible = {};
  var lastMatches = {};

  function apply() {
    var st = state();
    var shown = {};
    var ids = Object.keys(ENT);
    ids.forEach(function (id) { if (passes(ENT[id], st)) shown[id] = true; });
    var hits = {};
    if (st.q) {
      var keep = {};
      ids.forEach(function (id) {
        if (shown[id] && matches(ENT[id], st.q)) { hits[id] = true; keep[id] = true; }
      });
      Object.keys(hits).forEach(function (id) {
        (adj[id] || []).forEach(function (n) { if (shown[n]) keep[n] = true; });
      });
      shown = keep;
    }
    visible = shown;
    if (kg.nodes) {
      var nu = [];
      kg.nodes.forEach(function (n) {
        var hide = !shown[n.id];
        var border = hits[n.id] ? 4 : (DATA.meta.focus.indexOf(n.id) >= 0 ? 4 : 1);
        if (!!n.hidden !== hide || (n.borderWidth || 1) !== border) {
          nu.push({ id: n.id, hidden: hide, borderWidth: border });
        }
      });
      if (nu.length) kg.nodes.update(nu);
      var eu = [];
      var weakShown = $("show-weak") && $("show-weak").checked;
      kg.edges.forEach(function (e) {
        var hide = !(shown[e.from] && shown[e.to]) || (!!e.weak && !weakShown);
        if (!!e.hidden !== hide) eu.push({ id: e.id, hidden: hide });
      });
      if (eu.length) kg.edges.update(eu);
    }
    lastMatches = hits;
    renderResults(st.q);
    renderCounts();
    var none = DATA.nodes.length > 0 && Object.keys(shown).length === 0;
    if (!DATA.meta.empty) {
      $("empty").hidden = !none;
      $("empty").textContent = none ? "没有符合当前筛选条件的实体。No entity matches the current search and filters." : "";
    }
  }

  function counts() {
    var n = 0, m = 0;
    if (kg.nodes) {
      kg.nodes.forEach(function (x) { if (!x.hidden) n++; });
      kg.edges.forEach(function (x) { if (!x.hidden) m++; });
    }
    return { nodes: n, edges: m, totalNodes: DATA.nodes.length, totalEdges: DATA.edges.length };
  }
  function renderCounts() {
    var c = counts();
    $("counts").textContent = "显示 showing " + c.nodes + " / " + c.totalNodes + " 节点 nodes · " +
      c.edges + " / " + c.totalEdges + " 关系 edges";
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
      return la < lb ? -1 : la > lb ? 1 : (a < b ? -1 : 1);
    });
    var outside = (DATA.others || []).filter(function (o) {
      return [o[0]].concat(o[2]).some(function (n) { return n.toLowerCase().indexOf(q) >= 0; });
    });
    $("search-info").textContent = ids.length + " 个匹配 matches" +
      (outside.length ? " · " + outside.length + " 个未在本图中 not in this view" : "");
    ids.slice(0, 100).forEach(function (id) {
      var ent = ENT[id];
      var li = el("li");
      var b = el("button");
      b.type = "button";
      var sw = el("span", "swatch shape-" + (TYPES[ent.type] || { shape: "dot" }).shape);
      sw.style.setProperty("--c", (TYPES[ent.type] || { color: "#7a7f87" }).color);
      b.appendChild(sw);
      b.appendChild(document.createTextNode(ent.label));
      var alias = ent.aliases.filter(function (a) { return a.toLowerCase().indexOf(q) >= 0; })[0];
      if (alias && ent.label.toLowerCase().indexOf(q) < 0) {
        b.appendChild(el("span", "muted", " （" + alias + "）"));
      }
      if (!visible[id]) b.appendChild(el("span", "muted", " · 已被筛选隐藏 filtered out"));
      b.addEventListener("click", function () { selectNode(id); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    outside.slice(0, 20).forEach(function (o) {
      ul.appendChild(el("li", "outside", o[0] + " — 未在本图中 not in this view: kg html --focus " + o[0]));
    });
  }

  function selectNode(id) {
    if (kg.network && visible[id]) {
      kg.network.selectNodes([id]);
      kg.network.focus(id, { scale: 1.1, animation: { duration: 300 } });
    }
    openCard(id);
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

    if (ent.aliases.length) {
      section(card, "别名 Aliases");
      var al = el("div", "aliases");
      ent.aliases.forEach(function (a) { al.appendChild(el("span", "chip", a)); });
      card.appendChild(al);
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
      section(card, "状态 Status timeline");
      var ol = el("ol", "timeline");
      ent.status.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("span", "yr", s.year === null ? "年份不详 year?" : String(s.year)));
        var said = s.modality === "planned" && s.stage
          ? "承诺 promised: " + (s.stage_zh ? s.stage_zh + " " : "") + s.stage
          : (s.status_zh ? s.status_zh + " " : "") + s.status + (s.modality === "reported" ? " · 已报告 reported" : "");
        li.appendChild(document.createTextNode(" · " + said + " · " + reportLabel(s.ev.r)));
        if (s.note) li.appendChild(el("div", "ev-meta", s.note));
        li.appendChild(sentence(s.ev));
        ol.appendChild(li);
      });
      card.appendChild(ol);
    }

    if (ent.senses.length) {
      section(card, "含义 Senses" + (ent.divergent ? " — 各报告含义不同 differ between reports" : ""));
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
        card.appendChild(d);
      });
    }

    if (ent.relations.length) {
      section(card, "关系 Relations (" + ent.relations.length + ")");
      var ul = el("ul", "relations");
      ent.relations.forEach(function (r) {
        var li = el("li");
        var name = el("span", null, (r.dir === "out" ? "→ " : "← ") + (r.p_zh || r.p) + " ");
        name.title = r.p_en || r.p;
        li.appendChild(name);
        if (r.shown) {
          var b = el("button", "linkish", r.other_label);
          b.type = "button";
          b.addEventListener("click", function () { selectNode(r.other); });
          li.appendChild(b);
        } else {
          li.appendChild(el("span", null, r.other_label));
          li.appendChild(el("span", "muted", " (未在本图中 not in this view)"));
        }
        li.appendChild(el("span", "muted", " · " + r.n + " 条证据 evidence"));
        r.ev.forEach(function (ev) {
          li.appendChild(el("div", "ev-meta", reportLabel(ev.r)));
          li.appendChild(sentence(ev));
        });
        ul.appendChild(li);
      });
      card.appendChild(ul);
    }

    section(card, "出处 Evidence (" + ent.mentions_total + ")");
    ent.mentions.forEach(function (m) {
      var meta = reportLabel(m.r) + " · " + m.section + (m.cue ? " · " + m.cue : "") + " · " + m.rule;
      card.appendChild(el("div", "ev-meta", meta));
      card.appendChild(sentence(m));
    });
    if (ent.mentions_total > ent.mentions.length) {
      card.appendChild(el("p", "muted", "另有 " + (ent.mentions_total - ent.mentions.length) +
        " 处未列出 more not listed (see the JSONL export)"));
    }
    card.scrollTop = 0;
  }

  /* ------------------------------------------------------------ network */
  function start() {
    if (DATA.meta.empty || !DATA.nodes.length || typeof vis === "undefined") {
      kg.ready = true;
      apply();
      return;
    }
    kg.nodes = new vis.DataSet(DATA.nodes);
    kg.edges = new vis.DataSet(DATA.edges);
    var progress = $("progress");
    progress.hidden = false;
    progress.textContent = "布局中 laying out…";
    var network = new vis.Network($("graph"), { nodes: kg.nodes, edges: kg.edges }, DATA.options);
    kg.network = network;
    var settled = false;
    function settle() {
      if (settled) return;
      settled = true;
      network.setOptions({ physics: { enabled: false } });
      progress.hidden = true;
      network.fit();
      kg.ready = true;
      document.body.dataset.ready = "1";
    }
    network.on("stabilizationProgress", function (p) {
      progress.textContent = "布局中 laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    network.on("click", function (p) {
      if (p.nodes && p.nodes.length) openCard(p.nodes[0]);
    });
    apply();
    if (DATA.meta.focus.length) {
      network.selectNodes(DATA.meta.focus.slice());
      openCard(DATA.meta.focus[0]);
    }
  }

  /* ------------------------------------------------------------ wiring */
  var timer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(timer);
      apply();
      var first = Object.keys(lastMatches).sort()[0];
      var btn = document.querySelector("#results button");
      if (btn) btn.click(); else if (first) selectNode(first);
    }
  });
  ["f-region", "f-year", "f-report"].forEach(function (id) { $(id).addEventListener("change", apply); });
  Array.prototype.forEach.call(document.querySelectorAll(".type-filter"), function (c) {
    c.addEventListener("change", apply);
  });
  $("show-weak").addEventListener("change", apply);
  $("reset").addEventListener("click", function () {
    $("search").value = "";
    ["f-region", "f-year", "f-report"].forEach(function (id) { $(id).value = ""; });
    Array.prototype.forEach.call(document.querySelectorAll(".type-filter"), function (c) { c.checked = true; });
    $("show-weak").checked = false;
    apply();
  });

  start();
})();
