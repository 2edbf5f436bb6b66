// Part of the explorer of kg's offline graph page (see view.js): export, and the end of the first layout.
// The parts are joined, in the order kg/view.py lists them, inside one function.
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
