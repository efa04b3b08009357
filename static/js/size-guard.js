/* Stop a form that is too large before it is sent, and keep what was typed.
 *
 * The server refuses request bodies over its limits (casework/body_limit.py, Django's
 * DATA_UPLOAD_MAX_MEMORY_SIZE for the text of a form); refused after a slow upload, the
 * text would be lost with the page. The limits come from <meta name="request-limits">.
 * No inline script, nothing from elsewhere: the page's CSP allows only our own files.
 */
(function () {
  "use strict";

  function limits() {
    var meta = document.querySelector('meta[name="request-limits"]');
    if (!meta) { return null; }
    return {
      text: parseInt(meta.getAttribute("data-text-bytes"), 10),
      total: parseInt(meta.getAttribute("data-total-bytes"), 10)
    };
  }

  function utf8Bytes(text) {
    return new Blob([text]).size;
  }

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  // What the browser will send: URL-encoded text exactly, or multipart text and files.
  function measure(form) {
    var data = new FormData(form);
    var multipart = (form.getAttribute("enctype") || "").indexOf("multipart/") === 0;
    var text = 0;
    var files = 0;
    data.forEach(function (value) {
      if (typeof value === "string") {
        text += multipart ? utf8Bytes(value) : 0;
      } else if (multipart) {
        files += value.size;
      }
    });
    if (!multipart) {
      var plain = new URLSearchParams();
      data.forEach(function (value, name) {
        plain.append(name, typeof value === "string" ? value : value.name);
      });
      text = plain.toString().length;
    }
    return { text: text, files: files };
  }

  function problem(size, limit) {
    if (size.text > limit.text) {
      return "This is too large to send: " + megabytes(size.text) + " of text, and at most " +
        megabytes(limit.text) + " can be sent at once. Nothing has been sent and what you " +
        "typed is still here: copy it somewhere safe, then send it in smaller parts.";
    }
    if (size.text + size.files > limit.total) {
      return "This is too large to send: " + megabytes(size.text + size.files) +
        " in all, and at most " + megabytes(limit.total) + " can be sent at once. Nothing " +
        "has been sent and the form is as you left it: choose fewer or smaller files.";
    }
    return null;
  }

  function show(form, text) {
    var note = form.querySelector(".size-guard");
    if (!note) {
      note = document.createElement("p");
      note.className = "size-guard error";
      note.setAttribute("role", "alert");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = text;
    note.scrollIntoView({ block: "center" });
  }

  // Capture phase: runs before htmx or any other handler can send the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var limit = limits();
    if (!limit || !(form instanceof HTMLFormElement) ||
        (form.getAttribute("method") || "get").toLowerCase() !== "post") {
      return;
    }
    var text = problem(measure(form), limit);
    if (text) {
      event.preventDefault();
      event.stopImmediatePropagation();
      show(form, text);
    }
  }, true);
}());
