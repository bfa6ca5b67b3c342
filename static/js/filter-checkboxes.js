// A long list of tick boxes (a field rendered with CheckboxSelectMultiple and the
// data-filter attribute, e.g. the mentees of a new placement) gets a box above it
// that shows only the names containing what is typed, and a count of those shown,
// announced by its live region. Ticked names stay shown, so nothing chosen is hidden.
// Without JavaScript the list is plain tick boxes and works the same.
(function () {
  "use strict";
  var SHORT_LIST = 6; // a list this short is read at a glance: no filter

  function plural(count, noun) {
    return count === 1 ? noun : noun + "s";
  }

  function addFilter(boxes, noun) {
    var items = boxes.map(function (box) {
      return box.closest(".form-check") || box.parentNode;
    });
    var list = items[0].parentNode;
    var id = boxes[0].name + "-filter";

    var wrapper = document.createElement("div");
    wrapper.className = "checkbox-filter";
    var label = document.createElement("label");
    label.className = "form-label";
    label.htmlFor = id;
    label.textContent = "Filter the " + plural(2, noun) + " by name";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control";
    input.autocomplete = "off";
    input.spellcheck = false;
    var count = document.createElement("p");
    count.className = "form-text checkbox-filter-count";
    count.id = id + "-count";
    count.setAttribute("role", "status");
    input.setAttribute("aria-describedby", count.id);
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(count);
    list.parentNode.insertBefore(wrapper, list);

    function update() {
      var wanted = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item, index) {
        var text = item.textContent.toLowerCase();
        var show = !wanted || boxes[index].checked || text.indexOf(wanted) !== -1;
        item.hidden = !show;
        if (show) shown += 1;
      });
      count.textContent = shown
        ? shown + " " + plural(shown, noun) + " shown"
        : "No " + plural(2, noun) + " match “" + input.value.trim() + "”";
    }

    input.addEventListener("input", update);
    // Enter in the filter would send the form half filled in.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    update();
  }

  var groups = {};
  var order = [];
  document.querySelectorAll("input[type=checkbox][data-filter]").forEach(function (box) {
    if (!groups[box.name]) {
      groups[box.name] = [];
      order.push(box.name);
    }
    groups[box.name].push(box);
  });
  order.forEach(function (name) {
    var boxes = groups[name];
    if (boxes.length > SHORT_LIST) addFilter(boxes, boxes[0].getAttribute("data-filter"));
  });
})();
