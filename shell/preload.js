// Inlined into index.html (see Trunk's rel="inline"): asks the API for what the route needs
// while the wasm is still downloading, instead of after it has started. The app takes these
// answers in `ApiClient::get` (src/api/client.rs) when it asks for the same URL; an answer it
// never asks for is simply unused. The URLs must match the ones the app builds: the route
// table in src/routes.rs and `ApiClient::*_path` in src/api/client.rs, checked end to end in
// tests/e2e/speed.spec.ts.
//
// Behind the front server, the page brings the answers it had (`#portal-data`) and its first
// screen; they are used instead of asking again.
//
// While the wasm is still on its way, the boot screen also shows the headline and lead of
// the article (or the front page's lead story) as plain text, with the classes the app uses,
// so a reader on a slow network starts reading before the app runs. Text goes in with
// textContent only, never as HTML. The app replaces the boot screen when it starts.
(function () {
  // The reader's chosen theme and text size before the first paint (as
  // `apply_stored_preferences` in src/components/reading_tools.rs, with the steps of
  // `TEXT_SIZES` in src/domain/reading.rs), so a dark page does not flash white while loading
  // and the first screen does not change size when the app starts.
  try {
    var root = document.documentElement;
    var theme = localStorage.getItem('portal.theme');
    if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
    var step = localStorage.getItem('portal.text-size');
    var sizes = [90, 100, 115, 130, 150];
    if (/^[0-9]$/.test(step || '') && Number(step) < sizes.length) root.setAttribute('data-text-size', String(sizes[Number(step)]));
  } catch (e) {
    // No storage: the system's theme and the default size.
  }

  // The rest runs in a task of its own, so that the task that parses the page (the browser
  // paints after it) stays short: issue #14, docs/performance.md. The app starts after the
  // first paint (index.html) and takes the answers then.
  setTimeout(preload);

  function preload() {
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

    // Every page's header needs the site and its channels (the broadcast menu entries).
    var paths = ['/site', '/channels'];
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
    var id = null;
    if (route.length === 0) {
      paths.push('/home');
    } else if (route[0] === 'bai-viet' && (m = /^[0-9]+$/.exec(route[1] || '')) && route.length <= 3) {
      id = Number(m[0]);
      // Its comments come with their chunk, when the reader nears them (src/chunks.rs).
      paths.push('/articles/' + id);
    } else if (route[0] === 'chuyen-muc' && route.length === 2) {
      paths.push(list(['category=' + encode(route[1])], pageOf(query.get('trang'))));
    } else if (route[0] === 'tim-kiem' && route.length === 1) {
      var q = (query.get('q') || '').trim();
      paths.push(list(q ? ['q=' + encode(q)] : [], pageOf(query.get('trang'))));
    }

    // A page that is a chunk of its own (src/chunks.rs): its files are fetched now, with the
    // main wasm, not after it has started. tools/build-wasm.mjs fills in the files of each chunk.
    var CHUNKS = {}; // __PORTAL_CHUNKS__
    var LAZY = { 'truyen-hinh': 'broadcast', 'phat-thanh': 'broadcast', 'xem-lai': 'broadcast', kiosk: 'kiosk', 'tim-kiem': 'search', 'da-luu': 'saved' };
    var own = Object.prototype.hasOwnProperty;
    var chunk = own.call(LAZY, route[0]) ? LAZY[route[0]] : null;
    (chunk && own.call(CHUNKS, chunk) ? CHUNKS[chunk] : []).forEach(function (file) {
      var link = document.createElement('link');
      link.rel = 'preload';
      link.as = 'fetch';
      link.crossOrigin = 'anonymous';
      link.href = '/' + file;
      document.head.appendChild(link);
    });

    // Answers the front server (server/src/front/) already had for this page come inside it.
    var embedded = {};
    try {
      var data = document.getElementById('portal-data');
      if (data) embedded = JSON.parse(data.textContent) || {};
    } catch (e) {
      // Unreadable data: ask the API.
    }

    var pending = {};
    paths.forEach(function (path) {
      if (Object.prototype.hasOwnProperty.call(embedded, path)) {
        var body = JSON.stringify(embedded[path]);
        pending[base + path] = {
          answer: Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } })),
          ctl: new AbortController(),
        };
        return;
      }
      var ctl = new AbortController();
      var answer = fetch(base + path, {
        headers: { Accept: 'application/json' },
        signal: ctl.signal,
      });
      // A failure is the app's to report when it takes the answer, not an unhandled rejection.
      answer.catch(function () {});
      pending[base + path] = { answer: answer, ctl: ctl };
    });

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    }
    function str(v) {
      return typeof v === 'string' ? v : '';
    }
    // As `resolve_api_url` in src/domain/mod.rs; only http(s) pictures are shown.
    function picture(image) {
      if (!image || typeof image.url !== 'string') return null;
      var url = image.url.trim();
      var origin = /^https?:\/\/[^/]+/i.exec(base);
      if (url.charAt(0) === '/' && url.charAt(1) !== '/' && origin) url = origin[0] + url;
      try {
        if (!/^https?:$/.test(new URL(url, location.href).protocol)) return null;
      } catch (e) {
        return null;
      }
      var img = document.createElement('img');
      img.src = url;
      img.alt = str(image.alt);
      img.width = image.width > 0 ? image.width : 3;
      img.height = image.height > 0 ? image.height : 2;
      img.setAttribute('fetchpriority', 'high');
      // As the front server's first screen: the app waits for its paint (src/app.rs).
      img.setAttribute('elementtiming', 'first-photo');
      return img;
    }
    // Puts `node` in place of the boot screen's skeleton, if the app has not started yet.
    function show(node) {
      var boot = document.getElementById('boot');
      var slot = boot && boot.querySelector('.boot-content');
      // The front server has written the first screen already.
      if (!slot || !node || boot.hasAttribute('data-first-screen')) return;
      slot.textContent = '';
      slot.appendChild(node);
    }
    function preview(path, draw) {
      var p = pending[base + path];
      if (!p) return;
      p.answer
        .then(function (r) {
          return r.ok ? r.clone().json() : null;
        })
        .then(function (data) {
          if (data) show(draw(data));
        })
        .catch(function () {
          // The app reports what went wrong.
        });
    }

    if (route.length === 0) {
      preview('/home', function (home) {
        var lead = home && home.featured && home.featured[0];
        if (!lead || !str(lead.title)) return null;
        var card = el('article', 'card card-lead');
        var img = picture(lead.thumbnail);
        if (img) {
          var thumb = el('span', 'card-thumb');
          thumb.appendChild(img);
          card.appendChild(thumb);
        }
        var text = el('div', 'card-text');
        text.appendChild(el('h2', 'card-title', str(lead.title)));
        text.appendChild(el('p', 'card-sapo', str(lead.sapo)));
        card.appendChild(text);
        return card;
      });
    } else if (route[0] === 'bai-viet' && id) {
      preview('/articles/' + id, function (a) {
        if (!a || !str(a.title)) return null;
        var art = el('article', 'article');
        art.appendChild(el('p', 'article-category', a.category && str(a.category.name)));
        art.appendChild(el('h1', 'article-title', str(a.title)));
        art.appendChild(el('p', 'sapo', str(a.sapo)));
        return art;
      });
    }

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
  }
})();
