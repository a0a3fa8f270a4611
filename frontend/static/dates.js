// Dates on pages follow the reader's browser language; times are shown in the
// workspace's time zone (the data-time-zone of <html>, or the browser's own
// zone on pages outside a workspace) with the zone named. The server writes
// every date as <time datetime="..." data-when="time|day|date">, readable as
// it is when this script does not run.
(function () {
  'use strict';
  var langs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || 'en'];
  var zone = document.documentElement.getAttribute('data-time-zone') || undefined;
  var formats = {};

  function format(kind) {
    if (formats[kind]) { return formats[kind]; }
    var opts;
    if (kind === 'time') {
      opts = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone: zone };
    } else if (kind === 'day') {
      opts = { year: 'numeric', month: 'long', day: 'numeric', timeZone: zone };
    } else {
      // A calendar day (a due date) has no zone: read it as written.
      opts = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
    }
    try {
      formats[kind] = new Intl.DateTimeFormat(langs, opts);
    } catch (e) {
      // A zone this browser does not know: its own zone, still named.
      delete opts.timeZone;
      if (kind === 'date') { opts.timeZone = 'UTC'; }
      formats[kind] = new Intl.DateTimeFormat(langs, opts);
    }
    return formats[kind];
  }

  function rewrite(root) {
    var els = (root || document).querySelectorAll('time[data-when]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var kind = el.getAttribute('data-when');
      var value = el.getAttribute('datetime');
      var at = new Date(kind === 'date' ? value + 'T00:00:00Z' : value);
      if (isNaN(at.getTime())) { continue; }
      if (!el.title) { el.title = el.textContent; }
      el.textContent = format(kind).format(at);
    }
  }

  window.mspevalDates = rewrite;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { rewrite(); });
  } else {
    rewrite();
  }
})();
