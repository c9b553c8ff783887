// Inlined into index.html (see Trunk's rel="inline"): asks the API for what the route needs
// while the wasm is still downloading, instead of after it has started. The app takes these
// answers in `ApiClient::get` (src/api/client.rs) when it asks for the same URL; an answer it
// never asks for is simply unused. The URLs must match the ones the app builds: the route
// table in src/routes.rs and `ApiClient::*_path` in src/api/client.rs, checked end to end in
// tests/e2e/speed.spec.ts.
(function () {
  var meta = document.querySelector('meta[name="portal-api-base"]');
  var base = ((meta && meta.content) || '').trim().replace(/\/+$/, '');
  if (!base || !window.fetch || !window.AbortController) return;

  // As `encode` in src/api/client.rs: everything but RFC 3986's unreserved characters.
  function encode(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function pageOf(raw) {
    var n = Number((raw || '').trim());
    return n >= 1 && n <= 4294967295 && Math.floor(n) === n ? n : 1;
  }
  function list(parts, page) {
    if (page > 1) parts.push('page=' + page);
    parts.push('per_page=20');
    return '/articles?' + parts.join('&');
  }

  var paths = ['/site'];
  var place = null;
  try {
    place = localStorage.getItem('portal.weather-location');
  } catch (e) {
    // Storage can be disabled; the app then asks for the default place too.
  }
  paths.push(place ? '/weather?location=' + encode(place) : '/weather');

  var route = location.pathname.split('/').filter(Boolean).map(function (s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  });
  var query = new URLSearchParams(location.search);
  var m;
  if (route.length === 0) {
    paths.push('/home');
  } else if (route[0] === 'bai-viet' && (m = /^[0-9]+$/.exec(route[1] || '')) && route.length <= 3) {
    var id = Number(m[0]);
    paths.push('/articles/' + id, '/articles/' + id + '/comments?page=1&per_page=10');
  } else if (route[0] === 'chuyen-muc' && route.length === 2) {
    paths.push(list(['category=' + encode(route[1])], pageOf(query.get('trang'))));
  } else if (route[0] === 'tim-kiem' && route.length === 1) {
    var q = (query.get('q') || '').trim();
    paths.push(list(q ? ['q=' + encode(q)] : [], pageOf(query.get('trang'))));
  }

  var pending = {};
  paths.forEach(function (path) {
    var ctl = new AbortController();
    var answer = fetch(base + path, {
      headers: { Accept: 'application/json' },
      signal: ctl.signal,
    });
    // A failure is the app's to report when it takes the answer, not an unhandled rejection.
    answer.catch(function () {});
    pending[base + path] = { answer: answer, ctl: ctl };
  });

  window.__portalPreload = {
    // The answer for `url`, once: later requests for it go to the network as usual.
    take: function (url, signal) {
      var p = pending[url];
      if (!p) return null;
      delete pending[url];
      if (signal) {
        if (signal.aborted) p.ctl.abort();
        else signal.addEventListener('abort', function () { p.ctl.abort(); });
      }
      return p.answer;
    },
  };
})();
