/* Ask before leaving a page whose form holds text that was typed but not sent.
 *
 * Forms marked data-keep-typed are watched: once something in them changes, leaving the
 * page (a link, the back button, closing the tab) asks first; sending the form does not.
 * No inline script, nothing from elsewhere: the page's CSP allows only our own files.
 */
(function () {
  "use strict";

  var changed = [];

  function watched(target) {
    var form = target && target.closest ? target.closest("form[data-keep-typed]") : null;
    return form;
  }

  function markChanged(event) {
    var form = watched(event.target);
    if (form && changed.indexOf(form) === -1) {
      changed.push(form);
    }
  }

  document.addEventListener("input", markChanged, true);
  document.addEventListener("change", markChanged, true);

  // Sending the form keeps what was typed (the server saves it, or shows it again).
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) { return; }
    changed = changed.filter(function (form) { return form !== event.target; });
  });

  window.addEventListener("beforeunload", function (event) {
    if (changed.length === 0) { return undefined; }
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = "";
    return "";
  });
}());
