// Draws the people network with vis-network (served locally); positions come from Python.
(function () {
  "use strict";
  const source = document.getElementById("network-data");
  const box = document.getElementById("network");
  if (!source || !box || typeof vis === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = { male: "#7ea6d8", female: "#e3a1b8" };
  const nodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, label: n.label, x: n.x, y: n.y, value: n.value, url: n.url,
    color: colours[n.gender] || "#c9c4b5", shape: "dot",
  })));
  const edgesFor = (mode) => data.edges
    .filter((e) => e[mode] > 0)
    .map((e) => ({ id: e.from + "|" + e.to, from: e.from, to: e.to, value: e[mode],
                   title: e.cooccurrence + " together, " + e.dialogue + " spoken" }));
  const edges = new vis.DataSet(edgesFor("cooccurrence"));
  const network = new vis.Network(box, { nodes: nodes, edges: edges }, {
    physics: false,
    nodes: { scaling: { min: 6, max: 30, label: { enabled: true, min: 11, max: 20 } } },
    edges: { color: { color: "#b8b2a2", highlight: "#2b5c8a" }, scaling: { min: 1, max: 8 },
             smooth: false },
    interaction: { hover: true, tooltipDelay: 150 },
  });
  network.on("doubleClick", (event) => {
    if (event.nodes.length) window.location.href = nodes.get(event.nodes[0]).url;
  });
  network.on("click", (event) => {
    if (event.nodes.length) window.location.href = nodes.get(event.nodes[0]).url;
  });
  for (const radio of document.querySelectorAll("#network-mode input[name=mode]")) {
    radio.addEventListener("change", () => {
      edges.clear();
      edges.add(edgesFor(radio.value));
    });
  }
})();
