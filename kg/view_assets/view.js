// The explorer of kg's offline graph page. Every name and sentence comes from
// article text and is untrusted: it reaches the DOM only through textContent
// (or as DOM nodes handed to vis-network), never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var status = $("kg-status");
  var panel = $("kg-panel");

  function add(parent, tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }

  // A cut page draws data.nodes and data.edges; the reserve holds the rest of
  // the graph, brought in (``live``) when a search or a link asks for it.
  var reserve = data.reserve || {nodes: [], edges: []};
  var live = {nodes: data.nodes.slice(), edges: data.edges.slice(), node: {}, edge: {}};
  var byId = {};
  var edgeById = {};
  var incident = {};
  data.nodes.concat(reserve.nodes).forEach(function (n) { byId[n.id] = n; incident[n.id] = []; });
  data.edges.concat(reserve.edges).forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    if (e.to !== e.from) { incident[e.to].push(e); }
  });
  live.nodes.forEach(function (n) { live.node[n.id] = true; });
  live.edges.forEach(function (e) { live.edge[e.id] = true; });
  var relationLabel = {};
  data.relations.forEach(function (r) { relationLabel[r[0]] = r[1]; });

  // Tooltips are DOM elements filled with textContent: vis-network shows an
  // element as is, so untrusted article text is never parsed as HTML.
  function tooltip(kind, name, extra, evidence) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    add(box, "div", "kg-tip-kind", kind);
    add(box, "div", "kg-tip-name", name);
    extra.forEach(function (line) { add(box, "div", "kg-tip-extra", line); });
    if (evidence.length) {
      var list = add(box, "ol", "kg-tip-evidence");
      evidence.slice(0, 5).forEach(function (item) {
        var li = add(list, "li", null, item[1]);
        if (item[0] !== null) { add(li, "span", "kg-tip-conf", "置信度 " + item[0].toFixed(2)); }
      });
      if (evidence.length > 5) { add(box, "div", "kg-tip-extra", "另有 " + (evidence.length - 5) + " 条证据，点击查看全部"); }
    }
    return box;
  }

  // Labels grow with the number of relations, up to this size at zoom 1.
  function labelSize(n) { return 14 + Math.round(3 * Math.sqrt(Math.min(n.degree, 25))); }

  function visNode(n) {
    var extra = n.alt.length ? ["别名：" + n.alt.join("、")] : [];
    extra.push(n.degree + " 条关系，点击查看详情");
    extra.push(n.iri);
    var node = {
      id: n.id, label: n.label, shape: n.shape, size: n.size, color: n.color, font: {size: labelSize(n)},
      title: tooltip(n.type, n.name, extra, [])
    };
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  }
  function visEdge(e) {
    var arrow = e.symmetric ? " — " : " → ";
    var smooth = e.bend === 0 ? false
      : {type: e.bend % 2 ? "curvedCW" : "curvedCCW", roundness: 0.3 * Math.ceil(e.bend / 2)};
    return {
      id: e.id, from: e.from, to: e.to, label: e.label, smooth: smooth,
      arrows: e.symmetric ? "" : "to",
      title: tooltip(e.label, byId[e.from].name + arrow + byId[e.to].name, [], e.evidence)
    };
  }
  // Past one article, entities without a relation start hidden (the filter
  // below says so), so that the first layout does not spend its time on them.
  var hideIsolatedFirst = data.articles.length > 1;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var node = visNode(n);
    node.hidden = hideIsolatedFirst && incident[n.id].every(function (e) { return !live.edge[e.id]; });
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(visEdge));

  var font = "'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";
  var NO_LABELS = 1e9;
  // vis-network stabilises in batches, the first while it is constructed;
  // after a batch that ends past the time limit, stopping the simulation
  // ends stabilisation where it is.
  var deadline = performance.now() + 1000 * data.seconds;
  var network = new vis.Network($("kg-canvas"), {nodes: nodes, edges: edges}, {
    layout: {randomSeed: 7, improvedLayout: !data.seeded},
    nodes: {
      font: {face: font, size: 15, strokeWidth: 3, strokeColor: "#ffffff"}, borderWidth: 1,
      // The page draws node labels itself (see drawLabels), never on top of each other.
      scaling: {label: {drawThreshold: NO_LABELS}}
    },
    edges: {
      scaling: {label: {drawThreshold: 8}},
      color: {color: "#9aa0a6", highlight: "#333333", hover: "#333333"},
      font: {face: font, size: 13, color: "#555555", strokeWidth: 4, strokeColor: "#ffffff"},
      arrows: {to: {scaleFactor: 0.5}},
      width: 1
    },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: {
        gravitationalConstant: -80, centralGravity: 0.015, springLength: 120, springConstant: 0.06, avoidOverlap: 0.4,
        // A coarser Barnes-Hut approximation halves the cost of an iteration
        // on a big graph and looks the same there.
        theta: data.large ? 1.0 : 0.5
      },
      stabilization: {iterations: data.iterations, updateInterval: 20, fit: true}
    },
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.large, hideEdgesOnZoom: data.large}
  });
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;

  // ------------------------------------------------------------ labels

  // vis-network would draw every label at its own size, over each other,
  // and none at all once a big graph is fitted. The page draws them after
  // each frame at a readable size whatever the zoom: the selection, its
  // neighbourhood, then the best connected nodes first, each only where it
  // overlaps no label drawn before it, always inside the canvas. Zooming in
  // makes room for more.
  var labelOrder = null;  // ids, best connected first; null when nodes were added
  var placed = [];  // the labels of the last frame: {id, x, y, w, h} in CSS pixels of the canvas
  var widths = {};
  var LABEL_CELL = 40;

  function labelFont(px, bold) { return (bold ? "bold " : "") + px + "px " + font; }

  function textWidth(ctx, text, px, bold) {
    var key = px + (bold ? "b" : "") + "|" + text;
    if (widths[key] === undefined) {
      ctx.font = labelFont(px, bold);
      widths[key] = ctx.measureText(text).width;
    }
    return widths[key];
  }

  // Where the label of a node goes, or null when it is off the canvas.
  function labelBox(ctx, id, width, height) {
    var body = network.body.nodes[id];
    var view = network.body.view;
    if (!body) { return null; }
    var x0 = body.x * view.scale + view.translation.x;
    var y0 = body.y * view.scale + view.translation.y;
    if (x0 < 0 || y0 < 0 || x0 > width || y0 > height) { return null; }
    var n = byId[id];
    var px = Math.round(Math.max(12, Math.min(labelSize(n), labelSize(n) * view.scale)));
    var bold = id === state.selected;
    var w = textWidth(ctx, n.label, px, bold) + 4;
    var h = px + 4;
    var r = body.options.size * view.scale;
    var y = y0 + r + 1 + h > height - 1 ? y0 - r - 1 - h : y0 + r + 1;
    return {id: id, x: Math.min(Math.max(x0 - w / 2, 1), width - w - 1), y: Math.max(y, 1), w: w, h: h, px: px, bold: bold};
  }

  function drawLabels(ctx) {
    if (labelOrder === null) {
      labelOrder = live.nodes.map(function (n) { return n.id; }).sort(function (a, b) {
        return byId[b].degree - byId[a].degree || a - b;
      });
    }
    var frame = network.canvas.frame.canvas;
    var width = frame.clientWidth;
    var height = frame.clientHeight;
    var first = state.selected !== null ? [state.selected] : [];
    if (shown.near) { first = first.concat(labelOrder.filter(function (id) { return shown.near[id]; })); }
    var grid = {};
    var done = {};
    placed = [];
    ctx.save();
    ctx.setTransform(network.canvas.pixelRatio, 0, 0, network.canvas.pixelRatio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#343434";
    first.concat(labelOrder).forEach(function (id) {
      if (done[id] || !shown.nodes[id] || (shown.near && !shown.near[id])) { return; }
      done[id] = true;
      var box = labelBox(ctx, id, width, height);
      if (box === null) { return; }
      var cells = [];
      for (var cx = Math.floor(box.x / LABEL_CELL); cx <= Math.floor((box.x + box.w) / LABEL_CELL); cx++) {
        for (var cy = Math.floor(box.y / LABEL_CELL); cy <= Math.floor((box.y + box.h) / LABEL_CELL); cy++) {
          var key = cx + "," + cy;
          var taken = (grid[key] || []).some(function (b) {
            return box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h;
          });
          if (taken) { return; }
          cells.push(key);
        }
      }
      cells.forEach(function (key) { (grid[key] = grid[key] || []).push(box); });
      placed.push(box);
      ctx.font = labelFont(box.px, box.bold);
      ctx.strokeText(byId[id].label, box.x + 2, box.y + 2);
      ctx.fillText(byId[id].label, box.x + 2, box.y + 2);
    });
    ctx.restore();
  }
  network.on("afterDrawing", drawLabels);

  // The node whose label is at a point of the canvas (CSS pixels), or null.
  function labelAt(point) {
    var hit = placed.find(function (b) { return point.x >= b.x && point.x <= b.x + b.w && point.y >= b.y && point.y <= b.y + b.h; });
    return hit ? hit.id : null;
  }

  // Fit the visible nodes with a margin, so no node sits on the canvas's edge.
  function fitView(animated) {
    var ids = Object.keys(shown.nodes).map(Number);
    if (!ids.length) { return; }
    var before = {position: network.getViewPosition(), scale: network.getScale()};
    network.fit({nodes: ids, animation: false});
    var target = {position: network.getViewPosition(), scale: network.getScale() * 0.9};
    if (!animated) { network.moveTo(target); return; }
    network.moveTo(before);
    network.moveTo({position: target.position, scale: target.scale,
      animation: {duration: 300, easingFunction: "easeInOutQuad"}});
  }

  // ------------------------------------------------------------ filters

  var state = {
    hiddenClasses: {}, hiddenRelations: {}, minConfidence: 0, article: null, dateFrom: "", dateTo: "",
    hideIsolated: hideIsolatedFirst, selected: null, selectedEdge: null, focus: false, depth: 1
  };
  var shown = {nodes: {}, edges: {}, near: null};
  var drawn = {nodes: {}, edges: {}};

  // Whether the article and date filters keep only some articles; which ones.
  function byArticle() { return state.article !== null || state.dateFrom !== "" || state.dateTo !== ""; }
  function articleOk(index) {
    if (state.article !== null && index !== state.article) { return false; }
    if (state.dateFrom === "" && state.dateTo === "") { return true; }
    // An article without a date is outside any date range.
    var day = index === null || !data.articles[index] ? "" : data.articles[index].date.slice(0, 10);
    return day !== "" && (state.dateFrom === "" || day >= state.dateFrom) && (state.dateTo === "" || day <= state.dateTo);
  }

  // The statements of an edge that pass the confidence, article and date filters.
  function passing(e) {
    return e.evidence.filter(function (s) {
      var confident = s[0] === null ? state.minConfidence === 0 : s[0] >= state.minConfidence - 1e-9;
      return confident && (!byArticle() || (s[2] !== null && articleOk(s[2])));
    });
  }

  function computeVisible() {
    var visibleNodes = {};
    var visibleEdges = {};
    var linked = {};
    function nodeOk(n) {
      return !state.hiddenClasses[n.cls] && (!byArticle() || n.arts.some(articleOk));
    }
    live.edges.forEach(function (e) {
      var ok = !state.hiddenRelations[e.pred] && nodeOk(byId[e.from]) && nodeOk(byId[e.to]) &&
        (e.evidence.length ? passing(e).length > 0 : state.minConfidence === 0 && !byArticle());
      if (ok) { visibleEdges[e.id] = true; linked[e.from] = linked[e.to] = true; }
    });
    live.nodes.forEach(function (n) {
      if (nodeOk(n) && (!state.hideIsolated || linked[n.id])) { visibleNodes[n.id] = true; }
    });
    // The selection stays on screen whatever the filters say.
    if (state.selected !== null) { visibleNodes[state.selected] = true; }
    return {nodes: visibleNodes, edges: visibleEdges};
  }

  // Nodes within ``depth`` steps of the selection over visible edges.
  function neighbourhood(visible) {
    var near = {};
    var frontier;
    if (state.selectedEdge !== null) {
      var e = edgeById[state.selectedEdge];
      near[e.from] = near[e.to] = true;
      return near;
    }
    near[state.selected] = true;
    frontier = [state.selected];
    for (var step = 0; step < state.depth; step++) {
      var next = [];
      frontier.forEach(function (id) {
        incident[id].forEach(function (e) {
          if (!visible.edges[e.id]) { return; }
          var other = e.from === id ? e.to : e.from;
          if (!near[other] && visible.nodes[other]) { near[other] = true; next.push(other); }
        });
      });
      frontier = next;
    }
    return near;
  }

  function apply() {
    var visible = computeVisible();
    var focusing = state.focus && (state.selected !== null || state.selectedEdge !== null);
    var near = focusing ? neighbourhood(visible) : null;
    // Only items whose look changes are handed to vis-network: a filter
    // dragged over a big graph stays smooth.
    var nodeChanges = [];
    live.nodes.forEach(function (n) {
      var look = (visible.nodes[n.id] ? 1 : 0) + (near !== null && !near[n.id] ? 2 : 0);
      if (drawn.nodes[n.id] === look) { return; }
      drawn.nodes[n.id] = look;
      nodeChanges.push({id: n.id, hidden: !(look & 1), opacity: look & 2 ? 0.15 : 1});
    });
    var edgeChanges = [];
    live.edges.forEach(function (e) {
      var on = visible.edges[e.id] && visible.nodes[e.from] && visible.nodes[e.to];
      var look = (on ? 1 : 0) + (near !== null && !(near[e.from] && near[e.to]) ? 2 : 0);
      if (drawn.edges[e.id] === look) { return; }
      drawn.edges[e.id] = look;
      edgeChanges.push({id: e.id, hidden: !(look & 1), color: {opacity: look & 2 ? 0.08 : 1},
        font: {color: look & 2 ? "rgba(85,85,85,0.15)" : "#555555"}});
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    shown = {nodes: visible.nodes, edges: {}, near: near};
    live.edges.forEach(function (e) {
      if (visible.edges[e.id] && visible.nodes[e.from] && visible.nodes[e.to]) { shown.edges[e.id] = true; }
    });
    updateCounts();
    network.body.emitter.emit("_requestRedraw");  // the labels follow what is shown
  }

  function count(set) { return Object.keys(set).length; }

  function updateCounts() {
    var perClass = {};
    var perRelation = {};
    Object.keys(shown.nodes).forEach(function (id) {
      var cls = byId[id].cls;
      perClass[cls] = (perClass[cls] || 0) + 1;
    });
    Object.keys(shown.edges).forEach(function (id) {
      var pred = edgeById[id].pred;
      perRelation[pred] = (perRelation[pred] || 0) + 1;
    });
    // Each count says what it counts: shown / drawn（共 in the whole graph）, the
    // parts that differ only, spelled out in its title and in the legend's key.
    var classTotals = tally(live.nodes, "cls");
    var relationTotals = tally(live.edges, "pred");
    var filtered = false;
    var partial = false;
    legendItems.forEach(function (li) {
      var span = li.querySelector(".kg-count");
      var visibleCount = perClass[li.dataset.cls] || 0;
      var inPage = classTotals[li.dataset.cls] || 0;
      var total = Number(li.dataset.total);
      filtered = filtered || visibleCount !== inPage;
      partial = partial || inPage !== total;
      span.textContent = (visibleCount !== inPage ? visibleCount + " / " : "") + inPage +
        (inPage !== total ? "（共 " + total + "）" : "");
      span.title = "显示 " + visibleCount + " 个，本页画出 " + inPage + " 个" +
        (inPage !== total ? "，全图共有 " + total + " 个" : "");
    });
    $("kg-legend-key").textContent = filtered || partial
      ? "数字：" + (filtered ? "显示 / " : "") + "画出" + (partial ? "（全图共有）" : "") : "";
    relationItems.forEach(function (li) {
      var pred = li.dataset.pred;
      var visibleCount = perRelation[pred] || 0;
      var inPage = relationTotals[pred] || 0;  // a relation of the graph none of whose edges is drawn
      var span = li.querySelector(".kg-count");
      span.textContent = visibleCount === inPage ? String(visibleCount) : visibleCount + " / " + inPage;
      span.title = "显示 " + visibleCount + " 条，本页画出 " + inPage + " 条";
    });
    $("kg-counts").textContent = "显示 " + count(shown.nodes) + " / " + live.nodes.length + " 个节点，" +
      count(shown.edges) + " / " + live.edges.length + " 条关系。";
  }

  function tally(list, key) {
    var found = {};
    list.forEach(function (item) { found[item[key]] = (found[item[key]] || 0) + 1; });
    return found;
  }

  // The legend, written by the page's builder, becomes a set of toggles.
  var legendItems = Array.prototype.slice.call(document.querySelectorAll("#kg-legend li"));
  function toggler(li, hidden, key) {
    function toggle() {
      hidden[key] = !hidden[key];
      li.setAttribute("aria-pressed", hidden[key] ? "false" : "true");
      apply();
    }
    li.addEventListener("click", toggle);
    li.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
    });
  }
  legendItems.forEach(function (li) { toggler(li, state.hiddenClasses, li.dataset.cls); });

  var relationItems = data.relations.map(function (r) {
    var li = add($("kg-relations"), "li", "kg-relation");
    li.dataset.pred = r[0];
    li.setAttribute("role", "button");
    li.setAttribute("tabindex", "0");
    li.setAttribute("aria-pressed", "true");
    add(li, "span", null, r[1]);
    add(li, "span", "kg-count");
    toggler(li, state.hiddenRelations, r[0]);
    return li;
  });

  var confidence = $("kg-confidence");
  confidence.addEventListener("input", function () {
    state.minConfidence = Number(confidence.value);
    $("kg-confidence-value").textContent = state.minConfidence.toFixed(2);
    apply();
  });
  var articleSelect = $("kg-article");
  data.articles.forEach(function (a, index) {
    var option = add(articleSelect, "option", null, a.title + (a.date ? "（" + a.date.slice(0, 10) + "）" : ""));
    option.value = String(index);
  });
  articleSelect.addEventListener("change", function () {
    state.article = articleSelect.value === "" ? null : Number(articleSelect.value);
    apply();
  });
  // The date range: its bounds are the first and the last article's days.
  var days = data.articles.map(function (a) { return a.date.slice(0, 10); }).filter(Boolean).sort();
  $("kg-dates").hidden = !days.length;
  ["kg-date-from", "kg-date-to"].forEach(function (id) {
    var input = $(id);
    if (days.length) { input.min = days[0]; input.max = days[days.length - 1]; }
    input.addEventListener("change", function () {
      state[id === "kg-date-from" ? "dateFrom" : "dateTo"] = input.value;
      apply();
    });
  });
  var isolated = $("kg-isolated");
  isolated.checked = state.hideIsolated;
  isolated.addEventListener("change", function () { state.hideIsolated = isolated.checked; apply(); });

  // ------------------------------------------------------------ details panel

  // The source of a statement (of ``edge``, when given: the reader marks its evidence).
  function articleLine(parent, index, edge) {
    var a = data.articles[index];
    var line = add(parent, "div", "kg-source");
    if (!a) { line.textContent = "来源文章不详"; return; }
    line.appendChild(document.createTextNode("来源："));
    var title = add(line, "span", a.node !== null ? "kg-link" : null, "《" + a.title + "》");
    if (a.node !== null) { title.addEventListener("click", function () { selectNode(a.node, true); }); }
    var rest = [a.date, a.file].filter(Boolean).join(" · ");
    if (rest) { line.appendChild(document.createTextNode(" " + rest)); }
    line.appendChild(document.createTextNode(" "));
    var read = add(line, "span", "kg-link kg-read-source", "读原文");
    read.addEventListener("click", function () { openReader(index, edge); });
  }

  // The sentence as text, with every name of the given entities marked.
  function highlighted(parent, sentence, names) {
    var p = add(parent, "div", "kg-evidence");
    names = names.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var plain = "";
    for (var i = 0; i < sentence.length;) {
      var hit = null;
      for (var k = 0; k < names.length && hit === null; k++) {
        if (sentence.startsWith(names[k], i)) { hit = names[k]; }
      }
      if (hit === null) { plain += sentence[i]; i += 1; continue; }
      if (plain) { p.appendChild(document.createTextNode(plain)); plain = ""; }
      add(p, "mark", null, hit);
      i += hit.length;
    }
    if (plain) { p.appendChild(document.createTextNode(plain)); }
    return p;
  }

  function statements(parent, e) {
    var names = [byId[e.from].name, byId[e.to].name].concat(byId[e.from].alt, byId[e.to].alt);
    e.evidence.forEach(function (s) {
      var item = add(parent, "div", "kg-statement");
      highlighted(item, s[1], names);
      var conf = add(item, "div", "kg-source", s[0] === null ? "置信度不详" : "置信度 " + s[0].toFixed(2));
      conf.dataset.confidence = s[0] === null ? "" : String(s[0]);
      articleLine(item, s[2], e.id);
    });
  }

  function nodeLink(parent, id) {
    var link = add(parent, "span", "kg-link", byId[id].name);
    link.addEventListener("click", function () { selectNode(id, true); });
    return link;
  }

  function panelHead(kind, color) {
    panel.textContent = "";
    var badge = add(panel, "span", "kg-kind", kind);
    badge.style.background = color;
  }

  function renderNode(id, added) {
    var n = byId[id];
    panelHead(n.type, n.color);
    add(panel, "h2", "kg-panel-name", n.name);
    if (n.alt.length) { add(panel, "div", "kg-panel-alt", "别名：" + n.alt.join("、")); }
    add(panel, "div", "kg-panel-meta", n.iri);
    if (added && added.length) {
      add(panel, "p", "kg-notice kg-brought", "此实体原本未画出（本页先画出连接最多的 " + data.nodes.length + " 个节点，共 " +
        data.total + " 个）；现已把它和它的 " + (added.length - 1) + " 个未画出的邻居加入图中。");
    }
    var article = data.articles.findIndex(function (a) { return a.node === id; });
    if (article >= 0) { renderArticle(article); }
    var groups = {};
    var order = [];
    incident[id].forEach(function (e) {
      if (!groups[e.pred]) { groups[e.pred] = []; order.push(e.pred); }
      groups[e.pred].push(e);
    });
    var rank = data.relations.map(function (r) { return r[0]; });
    order.sort(function (a, b) { return rank.indexOf(a) - rank.indexOf(b); });
    add(panel, "h3", null, "关系（" + incident[id].length + "）");
    if (!order.length) { add(panel, "p", "kg-note", "没有关系。"); }
    order.forEach(function (pred) {
      var group = add(panel, "section", "kg-group");
      group.dataset.pred = pred;
      add(group, "h3", null, relationLabel[pred] + "（" + groups[pred].length + "）");
      var list = add(group, "ul", "kg-facts");
      groups[pred].forEach(function (e) {
        var li = add(list, "li");
        var head = add(li, "div", "kg-fact-head");
        var outgoing = e.from === id;
        if (e.symmetric) {
          head.appendChild(document.createTextNode("— "));
        } else {
          head.appendChild(document.createTextNode(outgoing ? e.label + " → " : "← " + e.label + " · "));
        }
        nodeLink(head, outgoing ? e.to : e.from);
        statements(li, e);
      });
    });
    if (n.arts.length && article < 0) {
      add(panel, "h3", null, "来源文章（" + n.arts.length + "）");
      n.arts.forEach(function (index) { articleLine(panel, index); });
    }
  }

  function renderArticle(index) {
    var a = data.articles[index];
    add(panel, "h3", null, "文章");
    add(panel, "div", null, "标题：" + a.title);
    if (a.date) { add(panel, "div", null, "日期：" + a.date); }
    if (a.file) { add(panel, "div", null, "文件：" + a.file); }
    var read = add(panel, "button", "kg-read", "阅读原文");
    read.type = "button";
    read.addEventListener("click", function () { openReader(index, null); });
    var from = data.nodes.concat(reserve.nodes).filter(function (n) { return n.arts.indexOf(index) >= 0 && n.id !== a.node; });
    var facts = data.edges.concat(reserve.edges).filter(function (e) { return e.evidence.some(function (s) { return s[2] === index; }); });
    add(panel, "h3", null, "来自本文：" + from.length + " 个实体，" + facts.length + " 条关系");
    var list = add(panel, "div", "kg-article-entities");
    from.forEach(function (n, k) {
      if (k) { list.appendChild(document.createTextNode("、")); }
      nodeLink(list, n.id);
    });
  }

  function renderEdge(id) {
    var e = edgeById[id];
    panelHead("关系 · " + e.label, "#555555");
    var head = add(panel, "h2", "kg-panel-name");
    nodeLink(head, e.from);
    head.appendChild(document.createTextNode(e.symmetric ? " — " + e.label + " — " : " " + e.label + " → "));
    nodeLink(head, e.to);
    add(panel, "h3", null, "陈述（" + e.evidence.length + "）");
    statements(panel, e);
  }

  // ------------------------------------------------------------ article reader

  var reader = $("kg-reader");
  var readerText = $("kg-reader-text");
  var reading = null;
  // The graph shrinks or grows beside the reader: keep the selection (or everything) in view.
  function keepInView() {
    requestAnimationFrame(function () {
      network.setSize("100%", "100%");
      if (state.selected !== null) { centre(state.selected); } else { fitView(true); }
    });
  }
  function closeReader() { reader.hidden = true; reading = null; keepInView(); }
  $("kg-reader-close").addEventListener("click", closeReader);

  function mentionElement(m) {
    var el = document.createElement("span");
    el.className = "kg-mention";
    el.dataset.node = m[2] === null ? "" : String(m[2]);
    el.style.background = m[5] + "38";
    el.style.borderBottomColor = m[5];
    el.title = m[4] + " · " + m[3] + (m[2] === null ? "（不在图中）" : live.node[m[2]] ? "" : "（未画出，点击加入图中）");
    el.addEventListener("click", function (event) {
      event.stopPropagation();
      if (m[2] !== null) { selectNode(m[2], true); }
    });
    return el;
  }

  function markMentions() {
    Array.prototype.forEach.call(readerText.querySelectorAll(".kg-mention"), function (el) {
      el.classList.toggle("kg-mention-selected", el.dataset.node !== "" && Number(el.dataset.node) === state.selected);
    });
  }

  // The text as text nodes, cut at every mention and evidence boundary:
  // mentions (never overlapping) are coloured spans, evidence is underlined.
  function openReader(at, edge) {
    var a = data.articles[at];
    reading = at;
    if (reader.hidden) { reader.hidden = false; keepInView(); }
    $("kg-reader-title").textContent = "《" + a.title + "》" + (a.date ? " " + a.date : "");
    readerText.textContent = "";
    readerText.scrollTop = 0;
    if (a.text === null) {
      add(readerText, "p", "kg-notice", data.texts ? "本页没有这篇文章的原文。"
        : "本页是从图文件重新画出的（kg view），图文件不含文章原文；kg build 写的 graph.html 可以阅读原文。");
      return;
    }
    var cuts = {0: true};
    cuts[a.text.length] = true;
    a.mentions.concat(a.evidence).forEach(function (r) { cuts[r[0]] = cuts[r[1]] = true; });
    var points = Object.keys(cuts).map(Number).sort(function (x, y) { return x - y; });
    var m = 0;
    var holder = null;
    var current = null;
    for (var k = 0; k + 1 < points.length; k++) {
      var from = points[k];
      var to = points[k + 1];
      while (m < a.mentions.length && a.mentions[m][1] <= from) { m++; }
      var mention = m < a.mentions.length && a.mentions[m][0] <= from ? a.mentions[m] : null;
      if (mention === null) {
        holder = readerText;
      } else if (mention !== current) {
        holder = readerText.appendChild(mentionElement(mention));
      }
      current = mention;
      var said = a.evidence.filter(function (r) { return r[0] <= from && to <= r[1]; });
      var piece = a.text.slice(from, to);
      if (!said.length) { holder.appendChild(document.createTextNode(piece)); continue; }
      var span = add(holder, "span", "kg-ev", piece);
      span.dataset.edges = said.map(function (r) { return r[2] === null ? "" : r[2]; }).join(" ");
      span.title = said.map(function (r) { return r[3]; }).join("\n");
      span.addEventListener("click", (function (r) {
        return function () { if (r[2] !== null) { selectEdge(r[2]); } };
      })(said[0]));
    }
    markMentions();
    if (edge === null || edge === undefined) { return; }
    var marked = Array.prototype.filter.call(readerText.querySelectorAll(".kg-ev"), function (el) {
      return el.dataset.edges.split(" ").indexOf(String(edge)) >= 0;
    });
    marked.forEach(function (el) { el.classList.add("kg-ev-current"); });
    if (marked.length) { marked[0].scrollIntoView({block: "center"}); }
  }

  // ------------------------------------------------------------ selection and focus

  function setHash(name) {
    var hash = "#" + encodeURIComponent(name);
    if (location.hash === hash) { return; }
    try { history.replaceState(null, "", hash); } catch (err) { location.hash = hash; }
  }

  function centre(id) {
    var near = Object.keys(shown.near || {}).map(Number);
    var positions = network.getPositions(near.length ? near : [id]);
    var me = positions[id];
    var radius = 80;
    Object.keys(positions).forEach(function (key) {
      radius = Math.max(radius, Math.hypot(positions[key].x - me.x, positions[key].y - me.y));
    });
    var box = $("kg-canvas").getBoundingClientRect();
    var scale = Math.min(1.5, 0.42 * Math.min(box.width, box.height) / radius);
    network.focus(id, {scale: scale, animation: {duration: 300, easingFunction: "easeInOutQuad"}});
  }

  // Select a node or an edge (the other is null) and focus on it.
  function focusOn(node, edge) {
    state.selected = node;
    state.selectedEdge = edge;
    state.focus = true;
    apply();
  }

  // Bring a node of the reserve into the drawing with its neighbours not
  // drawn yet, placed around it beside its best connected drawn neighbour
  // (or right of the drawing), and every edge between drawn nodes they
  // complete. Physics is off by then: nothing else moves. Returns the nodes added.
  function bringIn(id) {
    if (live.node[id]) { return []; }
    var added = [id];
    var anchor = null;
    incident[id].forEach(function (e) {
      var other = e.from === id ? e.to : e.from;
      if (live.node[other]) {
        if (anchor === null || byId[other].degree > byId[anchor].degree) { anchor = other; }
      } else if (added.indexOf(other) < 0) {
        added.push(other);
      }
    });
    var positions = network.getPositions();
    var centre;
    if (anchor !== null) {
      var angle = id * 2.39996;  // the golden angle: nodes brought in beside one anchor spread out
      centre = {x: positions[anchor].x + 220 * Math.cos(angle), y: positions[anchor].y + 220 * Math.sin(angle)};
    } else {
      var right = 0;
      Object.keys(positions).forEach(function (key) { right = Math.max(right, positions[key].x); });
      centre = {x: right + 300, y: 0};
    }
    added.forEach(function (other, k) {
      var ring = k ? 90 + 12 * added.length : 0;
      var turn = 2 * Math.PI * k / Math.max(1, added.length - 1);
      byId[other].x = Math.round(centre.x + ring * Math.cos(turn));
      byId[other].y = Math.round(centre.y + ring * Math.sin(turn));
      live.node[other] = true;
      live.nodes.push(byId[other]);
    });
    nodes.add(added.map(function (other) { return visNode(byId[other]); }));
    var completed = [];
    added.forEach(function (other) {
      incident[other].forEach(function (e) {
        if (!live.edge[e.id] && live.node[e.from] && live.node[e.to]) {
          live.edge[e.id] = true;
          live.edges.push(e);
          completed.push(visEdge(e));
        }
      });
    });
    edges.add(completed);
    labelOrder = null;
    return added;
  }

  function selectNode(id, recentre) {
    var added = bringIn(id);
    focusOn(id, null);
    network.selectNodes([id]);
    renderNode(id, added);
    setHash(byId[id].name);
    if (reading !== null) { markMentions(); }
    if (recentre) { centre(id); }
  }

  function selectEdge(id) {
    bringIn(edgeById[id].from);
    bringIn(edgeById[id].to);
    focusOn(null, id);
    network.selectEdges([id]);
    renderEdge(id);
  }

  function whole() {
    state.focus = false;
    apply();
    fitView(true);
  }

  function setDepth(depth) {
    state.depth = depth;
    $("kg-depth-1").setAttribute("aria-pressed", depth === 1 ? "true" : "false");
    $("kg-depth-2").setAttribute("aria-pressed", depth === 2 ? "true" : "false");
    if (state.selected !== null) { state.focus = true; }
    apply();
  }
  $("kg-depth-1").addEventListener("click", function () { setDepth(1); });
  $("kg-depth-2").addEventListener("click", function () { setDepth(2); });
  $("kg-reset").addEventListener("click", whole);

  network.on("click", function (params) {
    var labelled = labelAt(params.pointer.DOM);
    if (params.nodes.length) {
      selectNode(params.nodes[0], false);
    } else if (labelled !== null) {
      selectNode(labelled, false);
    } else if (params.edges.length) {
      selectEdge(params.edges[0]);
    }
  });

  // ------------------------------------------------------------ find

  var search = $("kg-search");
  var suggest = $("kg-suggest");
  var results = [];
  var active = -1;
  // Nodes left out of a cut graph are found too, and said to be so.
  var index = data.nodes.concat(reserve.nodes).map(function (n) {
    return {node: n, keys: [n.name].concat(n.alt).map(function (k) { return k.toLowerCase(); }), initials: null};
  });

  // 拼音 initials of a name, one set of letters a character: a Han character
  // falls between two of data.pinyin's boundary characters in the browser's
  // Chinese (pinyin) collation, and the common characters of several readings
  // have them all (data.pinyin.polyphones); anything else stands for itself.
  var pinyin = data.pinyin;
  var collator = null;
  try { collator = new Intl.Collator("zh-Hans-CN", {sensitivity: "base"}); } catch (err) { collator = null; }
  var pinyinWorks = collator !== null && collator.compare(pinyin.boundaries[1], pinyin.boundaries[2]) < 0 &&
    collator.compare(pinyin.boundaries[0], pinyin.boundaries[pinyin.boundaries.length - 1]) < 0;
  var initialOf = {};
  function initials(text) {
    return Array.from(text.toLowerCase()).map(function (ch) {
      if (!/[\u3400-\u9fff]/.test(ch)) { return ch; }
      if (pinyin.polyphones[ch]) { return pinyin.polyphones[ch]; }
      if (initialOf[ch] === undefined) {
        var low = 0;
        var high = pinyin.boundaries.length - 1;
        if (collator.compare(ch, pinyin.boundaries[0]) < 0) { initialOf[ch] = ""; return ""; }
        while (low < high) {  // the last boundary not after ch
          var mid = Math.ceil((low + high) / 2);
          if (collator.compare(ch, pinyin.boundaries[mid]) >= 0) { low = mid; } else { high = mid - 1; }
        }
        initialOf[ch] = pinyin.letters[low];
      }
      return initialOf[ch];
    });
  }
  // Where the letters q spell the initials of a run of characters: -1, or the first position.
  function initialsAt(sets, q) {
    for (var at = 0; at + q.length <= sets.length; at++) {
      var k = 0;
      while (k < q.length && sets[at + k].indexOf(q[k]) >= 0) { k++; }
      if (k === q.length) { return at; }
    }
    return -1;
  }
  window.kgInitials = function (text) { return pinyinWorks ? initials(text).map(function (set) { return set[0] || "?"; }).join("") : null; };

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var byInitials = pinyinWorks && /^[a-z]{2,}$/.test(q);
    var found = [];
    index.forEach(function (entry) {
      var best = null;
      entry.keys.forEach(function (key, k) {
        var at = key.indexOf(q);
        if (at < 0) { return; }
        var score = (key === q ? 0 : at === 0 ? 1 : 2) * 2 + (k ? 1 : 0);
        if (best === null || score < best.score) { best = {score: score, via: k ? entry.node.alt[k - 1] : null}; }
      });
      if (best === null && byInitials) {
        if (entry.initials === null) { entry.initials = entry.keys.map(initials); }
        entry.initials.forEach(function (sets, k) {
          var at = initialsAt(sets, q);
          if (at < 0) { return; }
          var score = 6 + (at === 0 && sets.length === q.length ? 0 : at === 0 ? 1 : 2) * 2 + (k ? 1 : 0);
          if (best === null || score < best.score) {
            best = {score: score, via: k ? entry.node.alt[k - 1] : null, spelled: q};
          }
        });
      }
      if (best) { found.push({node: entry.node, via: best.via, spelled: best.spelled, score: best.score}); }
    });
    found.sort(function (a, b) {
      return a.score - b.score || b.node.degree - a.node.degree || a.node.name.length - b.node.name.length ||
        (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0);
    });
    return found.slice(0, 12);
  }

  function showSuggestions() {
    results = find(search.value);
    active = results.length ? 0 : -1;
    suggest.textContent = "";
    results.forEach(function (r, k) {
      var li = add(suggest, "li", "kg-suggestion");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", k === active ? "true" : "false");
      add(li, "span", "kg-swatch").style.background = r.node.color;
      add(li, "span", "kg-suggest-name", r.node.name);
      add(li, "span", "kg-suggest-extra", r.node.type + (r.spelled ? " · 拼音 " + r.spelled : "") +
        (r.via ? " · 别名 " + r.via : "") + (live.node[r.node.id] ? "" : " · 未画出"));
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(k); });
    });
    if (search.value.trim() && !results.length) { add(suggest, "li", "kg-note", "没有匹配的名称"); }
    suggest.hidden = !search.value.trim();
    search.setAttribute("aria-expanded", suggest.hidden ? "false" : "true");
  }

  function hideSuggestions() {
    suggest.hidden = true;
    search.setAttribute("aria-expanded", "false");
  }

  function choose(k) {
    var r = results[k];
    if (!r) { return; }
    search.value = r.node.name;
    hideSuggestions();
    selectNode(r.node.id, true);
  }

  search.addEventListener("input", showSuggestions);
  search.addEventListener("focus", function () { if (search.value.trim()) { showSuggestions(); } });
  search.addEventListener("blur", hideSuggestions);
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!results.length) { return; }
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      Array.prototype.forEach.call(suggest.children, function (li, k) {
        li.setAttribute("aria-selected", k === active ? "true" : "false");
      });
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      event.stopPropagation();
      hideSuggestions();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { if (reading !== null) { closeReader(); } else { whole(); } }
  });

  function fromHash() {
    var name;
    try { name = decodeURIComponent(location.hash.slice(1)); } catch (err) { return; }
    if (!name) { return; }
    var entry = index.find(function (e) { return e.node.name === name; }) ||
      index.find(function (e) { return e.node.alt.indexOf(name) >= 0; });
    if (entry && entry.node.id !== state.selected) { selectNode(entry.node.id, true); }
  }
  window.addEventListener("hashchange", fromHash);

  // ------------------------------------------------------------ export

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // A leading = + - @ would make a spreadsheet read the cell as a formula.
    if (/^[=+\-@]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function save(name, blob) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function download(name, rows) {
    var text = "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    save(name, new Blob([text], {type: "text/csv;charset=utf-8"}));
  }

  // The view as drawn, on white (the canvas itself is transparent).
  $("kg-export-png").addEventListener("click", function () {
    var canvas = document.querySelector("#kg-canvas canvas");
    var copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    copy.toBlob(function (blob) { save("kg-view.png", blob); }, "image/png");
  });

  function onScreen(id) { return shown.nodes[id] && (!shown.near || shown.near[id]); }

  $("kg-export-nodes").addEventListener("click", function () {
    var rows = [["name", "class", "aliases", "relations", "articles", "iri"]];
    live.nodes.forEach(function (n) {
      if (!onScreen(n.id)) { return; }
      var titles = n.arts.map(function (k) { return data.articles[k].title; });
      rows.push([n.name, n.type, n.alt.join("|"), n.degree, titles.join("|"), n.iri]);
    });
    download("kg-nodes.csv", rows);
  });
  $("kg-export-edges").addEventListener("click", function () {
    var rows = [["subject", "relation", "object", "confidence", "evidence", "article", "date", "file"]];
    live.edges.forEach(function (e) {
      if (!shown.edges[e.id] || !onScreen(e.from) || !onScreen(e.to)) { return; }
      passing(e).forEach(function (s) {
        var a = data.articles[s[2]] || {title: "", date: "", file: ""};
        rows.push([byId[e.from].name, e.label, byId[e.to].name, s[0], s[1], a.title, a.date, a.file]);
      });
    });
    download("kg-edges.csv", rows);
  });

  window.kg = {state: state, shown: function () { return shown; }, select: selectNode, read: openReader,
    labels: function () { return placed.map(function (b) { return {id: b.id, x: b.x, y: b.y, w: b.w, h: b.h}; }); },
    fit: fitView};
  apply();

  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局中 " + Math.round(100 * p.iterations / p.total) + "%";
    if (performance.now() > deadline) { network.stopSimulation(); }
  });
  // Physics would otherwise keep nudging nodes (and burning CPU) forever;
  // once the bounded stabilisation is over the drawing stays put.
  function settle() {
    network.setOptions({physics: false});
    fitView(false);
    status.textContent = data.nodes.length ? "" : "图中没有节点。";
    window.kgSettledMs = Math.round(performance.now());
    fromHash();
    window.kgStabilized = true;
  }
  // An empty network never stabilises, so nothing would call settle.
  if (data.nodes.length) { network.once("stabilizationIterationsDone", settle); } else { settle(); }
})();
