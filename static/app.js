// Sends the CSRF token with every htmx request. The token is read from the
// <meta name="csrf-token"> tag because the Content-Security-Policy forbids inline scripts.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});

// Asks for confirmation before submitting forms marked with data-confirm.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Copy buttons and links (data-copy): copy the value instead of following the link; buttons
// stay hidden without JavaScript or a clipboard, links then work as plain links.
document.querySelectorAll("[data-copy]").forEach(function (el) {
  if (!navigator.clipboard) return;
  el.hidden = false;
  el.addEventListener("click", function (event) {
    event.preventDefault();
    navigator.clipboard.writeText(el.dataset.copy).then(function () {
      el.textContent = el.dataset.copied;
    });
  });
});

// Print buttons (data-print) of the printable invitation.
document.querySelectorAll("[data-print]").forEach(function (el) {
  el.hidden = false;
  el.addEventListener("click", function () {
    window.print();
  });
});
