// The page's script. The persona switcher shows the chosen persona's emotion line and dims
// the steps that are not on it. It reads the map's hooks: g.emotion
// elements with data-persona, g.step elements whose data-lines names the
// emotion lines (by id) a step is on.
(function () {
  "use strict";
  // The flow graph's zoom: its own size (scrolled), or fitted to the width.
  var fit = document.getElementById("graph-fit");
  var graph = document.querySelector(".graph-figure");
  if (fit && graph) {
    fit.addEventListener("click", function () {
      var on = graph.classList.toggle("fit");
      fit.setAttribute("aria-pressed", String(on));
    });
  }
  var figure = document.querySelector(".map-figure");
  var buttons = document.querySelectorAll(".switch button");
  if (!figure || !buttons.length) {
    return;
  }
  function choose(persona) {
    var lineID = null;
    figure.querySelectorAll("g.emotion").forEach(function (g) {
      var on = persona === "" || g.getAttribute("data-persona") === persona;
      g.style.display = on ? "" : "none";
      g.classList.toggle("focus", on && persona !== "");
      if (on && persona !== "") {
        lineID = g.id;
      }
    });
    figure.querySelectorAll("g.step").forEach(function (g) {
      var lines = (g.getAttribute("data-lines") || "").split(" ");
      g.classList.toggle("dim", persona !== "" && lines.indexOf(lineID) < 0);
    });
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-persona") === persona));
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      choose(b.getAttribute("data-persona"));
    });
  });
})();
