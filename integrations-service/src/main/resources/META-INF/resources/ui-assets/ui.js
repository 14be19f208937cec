// Progressive enhancement only: every page works without this script.
(function () {
  'use strict';
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function suggestSlug(name) {
    return name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '');
  }

  function slugProblem(value) {
    if (!value) return 'The slug is required.';
    if (value.length > 32) return 'At most 32 characters.';
    if (!SLUG.test(value)) return 'Use kebab-case: lowercase letters and digits separated by single hyphens, e.g. support-crm.';
    return '';
  }

  // Install form: suggest the slug from the display name until the user edits it; validate as they type.
  var slug = document.querySelector('[data-slug]');
  var name = document.getElementById('displayName');
  if (slug && name) {
    var edited = slug.value !== '' && slug.value !== suggestSlug(name.value);
    var message = document.querySelector('[data-field-error="slug"]');
    var check = function () {
      var problem = slugProblem(slug.value);
      slug.setAttribute('aria-invalid', problem ? 'true' : 'false');
      slug.closest('.field').classList.toggle('invalid', !!problem);
      if (message) message.textContent = problem;
    };
    name.addEventListener('input', function () {
      if (!edited) { slug.value = suggestSlug(name.value); check(); }
    });
    slug.addEventListener('input', function () { edited = slug.value !== ''; check(); });
  }

  // Credential picker: "Create a new credential…" reveals its fields.
  var picker = document.querySelector('[data-credential-select]');
  var fresh = document.querySelector('[data-new-credential]');
  if (picker && fresh) {
    var toggle = function () { fresh.hidden = picker.value !== 'new'; };
    picker.addEventListener('change', toggle);
    toggle();
  }

  // Long-running submits (refresh, install): show the work is in progress and prevent a double submit.
  document.querySelectorAll('form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var question = form.getAttribute('data-confirm');
      if (question && !window.confirm(question)) { event.preventDefault(); return; }
      // The button that submitted (Install or Test connection), else the form's first busy one.
      var button = event.submitter && event.submitter.hasAttribute('data-busy-label') ? event.submitter
        : form.querySelector('button[data-busy-label]');
      if (button) {
        if (button.getAttribute('aria-busy') === 'true') { event.preventDefault(); return; }
        button.setAttribute('aria-busy', 'true');
        button.textContent = button.getAttribute('data-busy-label');
        var live = document.querySelector('[data-live]');
        if (live) live.textContent = button.getAttribute('data-busy-label');
      }
    });
  });

  // Error summary of a refused submit: its labels become links to their inputs, and it takes the
  // focus (which scrolls it into view), so nobody is left at the top of a long page wondering.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.querySelectorAll('[data-error-link]').forEach(function (label) {
      var field = label.getAttribute('data-error-link');
      var message = document.querySelector('[data-field-error="' + CSS.escape(field) + '"]');
      var input = message && message.id && document.querySelector('[aria-describedby~="' + CSS.escape(message.id) + '"]');
      if (!input && message) {
        var box = message.closest('.field, fieldset');
        input = box && box.querySelector('input:not([type=hidden]), select, textarea');
      }
      if (!input || !input.id) return;
      var link = document.createElement('a');
      link.href = '#' + input.id;
      link.className = label.className;
      link.setAttribute('data-error-link', field);
      link.textContent = label.textContent;
      link.addEventListener('click', function (event) { event.preventDefault(); input.focus(); });
      label.replaceWith(link);
    });
    summary.focus();
  } else {
    var result = document.querySelector('[data-focus-on-load]');
    if (result) result.focus();
  }

  // Times: the server writes UTC; the reader sees their own time zone, with UTC on hover.
  document.querySelectorAll('time[datetime]').forEach(function (time) {
    var when = new Date(time.getAttribute('datetime'));
    if (isNaN(when.getTime())) return;
    time.title = time.textContent.trim();
    time.textContent = when.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric',
      hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
  });

  // "Find a tool": hides the items whose text does not contain every typed word.
  document.querySelectorAll('[data-filter-for]').forEach(function (box) {
    var input = box.querySelector('[data-filter]');
    var count = box.querySelector('[data-filter-count]');
    var items = document.querySelectorAll('#' + box.getAttribute('data-filter-for') + ' > [data-filter-text]');
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.getAttribute('data-filter-text').toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        item.hidden = !match;
        if (match) shown++;
      });
      count.textContent = words.length ? shown + ' of ' + items.length + ' tools' : '';
    });
  });

  // Organisation switcher.
  var orgs = document.querySelector('[data-org-switch] select');
  if (orgs) orgs.addEventListener('change', function () { window.location = '/ui/orgs/' + orgs.value + '/plugins'; });

  // Copy buttons (a new API key, a callback URL, ids): the text of an input or of any element.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.querySelector(button.getAttribute('data-copy'));
      var value = 'value' in source ? source.value : source.textContent.trim();
      if (source.select) source.select();
      if (navigator.clipboard) navigator.clipboard.writeText(value);
      button.textContent = 'Copied';
      var live = document.querySelector('[data-live]');
      if (live) live.textContent = 'Copied to the clipboard';
    });
  });

  // A tool trial the gateway has not answered yet: look again shortly (the page is a GET: reloading repeats nothing).
  var waiting = document.querySelector('[data-reload-after]');
  if (waiting) {
    setTimeout(function () { window.location.reload(); }, 1000 * Number(waiting.getAttribute('data-reload-after')));
  }

  // An API key's scope: ticking a plugin means "only the ticked ones".
  document.querySelectorAll('.key-scope input[name=plugin]').forEach(function (box) {
    box.addEventListener('change', function () {
      var some = box.closest('.key-scope').querySelector('input[name=scope][value=some]');
      if (box.checked && some) some.checked = true;
    });
  });
})();
