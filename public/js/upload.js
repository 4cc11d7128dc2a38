// The vault's upload form with a progress bar and a Cancel button. Without JavaScript the form is
// sent as usual; with it, the same form goes by XMLHttpRequest, and the server's answer (the file
// page after a redirect, or the form with its messages) replaces the page.
(() => {
  const form = document.querySelector('[data-upload]');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const box = form.querySelector('[data-upload-progress]');
  const bar = form.querySelector('[data-upload-bar]');
  const percent = form.querySelector('[data-upload-percent]');
  const cancel = form.querySelector('[data-upload-cancel]');
  const submit = form.querySelector('[data-upload-submit]');
  const message = form.querySelector('[data-upload-message]');
  let xhr = null;

  const reset = (text) => {
    xhr = null;
    box.hidden = true;
    submit.disabled = false;
    message.hidden = !text;
    message.textContent = text || '';
  };

  const show = (html, url) => {
    const page = new DOMParser().parseFromString(html, 'text/html');
    if (url) history.replaceState(null, '', url);
    document.title = page.title;
    document.body.replaceWith(page.body);
    // Scripts of the new page do not run when parsed: load this one again for a form shown with messages.
    if (page.querySelector('[data-upload]')) {
      const script = document.createElement('script');
      script.src = '/js/upload.js';
      document.body.append(script);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (xhr) return;
    xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const done = Math.round((e.loaded / e.total) * 100);
      bar.value = done;
      percent.textContent = `${done}%`;
    });
    xhr.addEventListener('load', () => show(xhr.responseText, xhr.responseURL));
    xhr.addEventListener('error', () => reset('The upload stopped. Check your connection and try again.'));
    xhr.addEventListener('abort', () => reset('Upload cancelled. Nothing was saved.'));
    box.hidden = false;
    submit.disabled = true;
    message.hidden = true;
    bar.value = 0;
    percent.textContent = '0%';
    xhr.send(new FormData(form));
  });

  cancel.addEventListener('click', () => xhr && xhr.abort());
})();
