// Passkeys: runs the browser's WebAuthn ceremony for a form marked data-passkey
// ("register" on the add-a-passkey page, "verify" on the second sign-in step).
// The server sends the options and checks the answer (accounts/passkey_views.py);
// this file only converts between JSON and the browser's binary buffers.
(function () {
  "use strict";

  function toBuffer(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBuffer(item.id) });
    });
  }

  async function post(form, url, body) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body || {}),
    });
    var data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    return { ok: response.ok, data: data };
  }

  async function register(form, options) {
    var publicKey = Object.assign({}, options, {
      challenge: toBuffer(options.challenge),
      user: Object.assign({}, options.user, { id: toBuffer(options.user.id) }),
      excludeCredentials: descriptors(options.excludeCredentials),
    });
    var credential = await navigator.credentials.create({ publicKey: publicKey });
    var response = credential.response;
    return {
      name: form.querySelector("input[name=name]").value,
      credential: described(credential, {
        clientDataJSON: toText(response.clientDataJSON),
        attestationObject: toText(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      }),
    };
  }

  // What the server reads of a credential the browser made or used; ``response`` holds
  // the parts that differ between adding a passkey and signing in with it.
  function described(credential, response) {
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response,
    };
  }

  async function verify(form, options) {
    var publicKey = Object.assign({}, options, {
      challenge: toBuffer(options.challenge),
      allowCredentials: descriptors(options.allowCredentials),
    });
    var credential = await navigator.credentials.get({ publicKey: publicKey });
    var response = credential.response;
    return {
      credential: described(credential, {
        clientDataJSON: toText(response.clientDataJSON),
        authenticatorData: toText(response.authenticatorData),
        signature: toText(response.signature),
        userHandle: toText(response.userHandle),
      }),
    };
  }

  var ceremonies = { register: register, verify: verify };

  function say(form, text) {
    var status = form.querySelector("[data-passkey-status]");
    status.textContent = text || "";
    status.hidden = !text;
  }

  async function run(form) {
    var button = form.querySelector("button[type=submit]");
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(form, form.dataset.unsupported);
      return;
    }
    button.disabled = true;
    say(form, "");
    try {
      var begun = await post(form, form.dataset.begin);
      if (!begun.ok) return failed(form, begun.data);
      var answer;
      try {
        answer = await ceremonies[form.dataset.passkey](form, begun.data);
      } catch (error) {
        // The person cancelled, the time ran out, or no passkey matched.
        say(form, form.dataset.cancelled);
        return;
      }
      var done = await post(form, form.dataset.complete, answer);
      if (!done.ok) return failed(form, done.data);
      window.location.assign(done.data.redirect);
    } finally {
      button.disabled = false;
    }
  }

  function failed(form, data) {
    if (data.redirect) {
      window.location.assign(data.redirect);
      return;
    }
    say(form, data.error || form.dataset.cancelled);
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.checkValidity()) run(form);
    });
  });
})();
