// The explorer of kg's offline graph page. Every name and sentence comes from
// article text and is untrusted: it reaches the DOM only through textContent
// (or as DOM nodes handed to vis-network), never as markup.
// The parts (view.js, view-filters.js, view-panel.js, view-find.js, view-export.js)
// are joined in this order inside one function, so they share its names.
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
