// The comment form: shown only when the page is served over http(s) and the site names its Isso
// server (the form waits in an inert <template>). Posts to Isso's API; nothing is loaded from
// another host, and a copy opened from file:// keeps its comments read-only.
(function () {
  "use strict";
  var template = document.getElementById("komentar-formulir");
  if (!template || !/^https?:$/.test(location.protocol) || !window.fetch) return;
  var form = template.content.firstElementChild.cloneNode(true);
  var offline = document.querySelector("[data-komentar-offline]");
  if (offline) offline.hidden = true;
  template.parentNode.insertBefore(form, template);
  var status = form.querySelector(".comment-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = {
      author: form.author.value.trim(),
      email: form.email.value.trim(),
      website: form.website.value.trim() || null,
      text: form.text.value,
      title: document.title
    };
    if (!data.author || !data.email || !data.text.trim() || !form.email.checkValidity()) {
      status.textContent = status.dataset.missing;
      return;
    }
    var url = template.dataset.isso.replace(/\/$/, "") + "/new?uri=" + encodeURIComponent(template.dataset.uri);
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(data),
      credentials: "include"
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      form.text.value = "";
      status.textContent = status.dataset.pending;
    }).catch(function () {
      status.textContent = status.dataset.error;
    }).then(function () {
      button.disabled = false;
    });
  });
})();
