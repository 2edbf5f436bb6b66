// Part of the explorer of kg's offline graph page (see view.js): filters, visibility and counts.
// The parts are joined, in the order kg/view.py lists them, inside one function.
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
        // A faded edge keeps no label: the neighbourhood's own read clearly.
        font: look & 2 ? {color: "rgba(85,85,85,0)", strokeWidth: 0} : {color: "#555555", strokeWidth: 4}});
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
