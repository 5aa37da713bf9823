/*
 * The citizen form, enhanced (request-intake, web.FormScript). Without this script every field shows and the form
 * works: the server checks only the fields of the chosen right. With it, only the fields of the chosen right show; the
 * others are hidden and disabled (so they are not sent), and shown again when the right changes. An error summary,
 * if the page has one, takes the focus so a screen reader reads it first.
 */
(function () {
  'use strict';
  var right = document.getElementById('right');
  var groups = document.querySelectorAll('fieldset[data-right]');
  var hint = document.getElementById('details-hint');
  if (hint) {
    hint.hidden = true;
  }
  function showChosen() {
    for (var i = 0; i < groups.length; i++) {
      var chosen = groups[i].getAttribute('data-right') === right.value;
      groups[i].hidden = !chosen;
      groups[i].disabled = !chosen;
    }
  }
  if (right) {
    right.addEventListener('change', showChosen);
    showChosen();
  }
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
  }
}());
