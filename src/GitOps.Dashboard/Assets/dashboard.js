// GitOps Functions dashboard: refreshes the page's live region in place (no full-page reload, no flicker).
// The server renders every region; this script only fetches the same URL with X-Dashboard-Part: live and swaps the HTML.
(function () {
  'use strict';
  var live = document.getElementById('live');
  var status = document.getElementById('live-status');
  if (!live || !window.fetch) {
    return;
  }

  var every = Math.max(1, Number(document.body.getAttribute('data-refresh')) || 5) * 1000;
  var last = null;
  var busy = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function tick() {
    // Never move content under a keyboard user: skip while focus is inside the region, or the tab is hidden.
    if (busy || document.hidden || live.contains(document.activeElement)) {
      return;
    }

    busy = true;
    fetch(window.location.href, { headers: { 'X-Dashboard-Part': 'live' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          say('Live updates paused: HTTP ' + response.status);
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        if (html !== last) {
          last = html;
          live.innerHTML = html;
        }
        say('Updated ' + new Date().toLocaleTimeString());
      })
      .catch(function () { say('Live updates paused: the server did not answer'); })
      .then(function () { busy = false; });
  }

  window.setInterval(tick, every);
})();
