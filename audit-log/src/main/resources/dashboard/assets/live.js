/*
 * The dashboard's only script: live updates. On each case-changed server-sent event (only for the
 * request in data-live-request when the page names one) it re-fetches data-live-fragment and
 *  - with data-live-target: replaces that element's content (the case list's rows);
 *  - else: replaces each element marked data-live-region by the fresh one with the same id, and in each
 *    element marked data-live-forms adds the forms that now fit and drops those that no longer do, leaving
 *    every form that stays untouched, so what staff are typing is never lost.
 * It then says what changed in #live-status (role="status", aria-live="polite"), and sets
 * data-last-event on it. Pages without data-live-fragment stay still.
 * When the event stream opens (and on every reconnect) it re-fetches once too: a change folded between
 * the page being rendered and the stream being open sends its event to nobody, and the page would show
 * the case as it was until the next change. A region whose fresh copy is the same is left alone.
 */
(function () {
  var main = document.querySelector('main');
  var url = main && main.getAttribute('data-live-fragment');
  if (!url) {
    return;
  }
  var target = main.getAttribute('data-live-target');
  var only = main.getAttribute('data-live-request');

  function words(eventType) {
    var spaced = String(eventType).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  }

  function mergeRegions(fresh) {
    fresh.querySelectorAll('[data-live-region]').forEach(function (region) {
      var current = document.getElementById(region.id);
      if (current && current.outerHTML !== region.outerHTML) {
        current.replaceWith(document.importNode(region, true));
      }
    });
    fresh.querySelectorAll('[data-live-forms]').forEach(function (freshList) {
      var list = document.getElementById(freshList.id);
      if (!list) {
        return;
      }
      var wanted = {};
      Array.prototype.forEach.call(freshList.children, function (c) { wanted[c.id] = true; });
      Array.prototype.slice.call(list.children).forEach(function (c) {
        if (!wanted[c.id]) {
          c.remove();
        }
      });
      var previous = null;
      Array.prototype.forEach.call(freshList.children, function (c) {
        var kept = c.id ? document.getElementById(c.id) : null;
        if (!kept || kept.parentNode !== list) {
          kept = document.importNode(c, true);
          list.insertBefore(kept, previous ? previous.nextSibling : list.firstChild);
        }
        previous = kept;
      });
    });
  }

  var events = new EventSource('/api/v1/dashboard/events');
  function refresh(change) {
    fetch(url, {credentials: 'same-origin'}).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (html) {
      if (target) {
        var element = document.getElementById(target);
        if (element.innerHTML !== html) {
          element.innerHTML = html;
        }
      } else {
        mergeRegions(new DOMParser().parseFromString(html, 'text/html'));
      }
      var status = document.getElementById('live-status');
      if (status && change) {
        status.textContent = 'Updated just now: ' + words(change.eventType) + (only ? '' : ' on a case') + '.';
        status.setAttribute('data-last-event', change.eventType);
      }
    });
  }

  events.onopen = function () {
    document.body.setAttribute('data-live', 'open');
    refresh(null);
  };
  events.addEventListener('case-changed', function (e) {
    var change = JSON.parse(e.data);
    if (only && change.requestId !== only) {
      return;
    }
    refresh(change);
  });
})();
