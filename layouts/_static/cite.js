/* Copy buttons of the "Kutip" box. Works from file:// (no fetch, no module); without JavaScript
   the buttons stay hidden and the references are plain selectable text. */
(function () {
  "use strict";
  var status = document.querySelector(".cite-status");
  function say(key) { if (status) { status.textContent = status.getAttribute(key) || ""; } }
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function copyBySelection(node) {
    selectText(node);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".cite-copy"), function (button) {
    var node = document.getElementById(button.getAttribute("data-copy"));
    if (!node) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = node.textContent.replace(/\s+/g, " ").trim();
      // The Clipboard API is missing or refused on file:// in some browsers: fall back to a selection.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say("data-copied"); }, function () {
          say(copyBySelection(node) ? "data-copied" : "data-failed");
        });
      } else {
        say(copyBySelection(node) ? "data-copied" : "data-failed");
      }
    });
  });
}());
