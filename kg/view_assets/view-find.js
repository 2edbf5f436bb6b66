// Part of the explorer of kg's offline graph page (see view.js): selection, focus and search.
// The parts are joined, in the order kg/view.py lists them, inside one function.
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
