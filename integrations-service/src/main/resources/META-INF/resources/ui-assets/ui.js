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
      var button = form.querySelector('button[data-busy-label]');
      if (button) {
        if (button.getAttribute('aria-busy') === 'true') { event.preventDefault(); return; }
        button.setAttribute('aria-busy', 'true');
        button.textContent = button.getAttribute('data-busy-label');
        var live = document.querySelector('[data-live]');
        if (live) live.textContent = button.getAttribute('data-busy-label');
      }
    });
  });

  // Organisation switcher.
  var orgs = document.querySelector('[data-org-switch] select');
  if (orgs) orgs.addEventListener('change', function () { window.location = '/ui/orgs/' + orgs.value + '/plugins'; });

  // API key shown once: copy button.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var input = document.querySelector(button.getAttribute('data-copy'));
      input.select();
      if (navigator.clipboard) navigator.clipboard.writeText(input.value);
      button.textContent = 'Copied';
    });
  });
})();
