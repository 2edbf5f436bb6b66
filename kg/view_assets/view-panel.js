// Part of the explorer of kg's offline graph page (see view.js): the details panel and the article reader.
// The parts are joined, in the order kg/view.py lists them, inside one function.
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
        data.total + " 个）；现已把它" + (added.length > 1 ? "和它的 " + (added.length - 1) + " 个未画出的邻居" : "") +
        "加入图中。");
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
