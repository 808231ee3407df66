// Dossier's own small script: a live filter for tables, and the reader's highlight switch.
(function () {
  "use strict";
  for (const input of document.querySelectorAll("input[data-filter]")) {
    const rows = () => document.querySelectorAll(input.dataset.filter);
    input.addEventListener("input", () => {
      const wanted = input.value.trim().toLowerCase();
      for (const row of rows()) {
        const text = (row.dataset.name || row.textContent).toLowerCase();
        row.hidden = wanted !== "" && !text.includes(wanted);
      }
    });
  }
  // A link to a mention the reader could not mark (one inside another, or across a quote's
  // edge) has no element of its own: scroll to the paragraph that holds its offset instead.
  const wanted = /^#[mq]-(\d+)$/.exec(window.location.hash);
  if (wanted && !document.getElementById(window.location.hash.slice(1))) {
    const offset = Number(wanted[1]);
    let best = null;
    for (const block of document.querySelectorAll("#text [data-start]")) {
      if (Number(block.dataset.start) <= offset) best = block;
    }
    if (best) best.scrollIntoView();
  }
  const toggle = document.getElementById("toggle-mentions");
  const text = document.getElementById("text");
  if (toggle && text) {
    toggle.addEventListener("change", () => text.classList.toggle("plain", !toggle.checked));
  }
})();
