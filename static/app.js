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
