// The prescription on the completion form: "Add another medicine" and each medicine's "Remove" work
// in the page, without sending the form. Without JavaScript the same buttons submit the form and the
// server sends it back with the rows changed (src/appointments/doctor-day/prescription-rows.ts).
(() => {
  const box = document.querySelector('[data-rx]');
  if (!box) return;
  const list = box.querySelector('[data-rx-rows]');
  const max = Number(box.dataset.rxMax);
  let add = box.querySelector('[data-rx-add]');
  if (!add) {
    // At the maximum the server leaves the button out; the page still needs it once a row goes.
    add = document.createElement('button');
    add.type = 'submit';
    add.name = 'rows';
    add.value = 'add';
    add.className = 'button';
    add.dataset.rxAdd = '';
    add.textContent = 'Add another medicine';
    list.after(add);
  }
  const rows = () => [...list.querySelectorAll('[data-rx-row]')];

  // Row n's inputs are named drug_n, dose_n ...: numbers, names, ids and labels follow the order on screen.
  const renumber = () => {
    rows().forEach((row, index) => {
      const n = String(index + 1);
      const swap = (value) => value.replace(/_\d+(?=$|-)/, `_${n}`);
      row.querySelector('[data-rx-number]').textContent = n;
      row.querySelectorAll('[name]').forEach((input) => { if (input.name !== 'rows') input.name = swap(input.name); });
      row.querySelectorAll('[id]').forEach((el) => { el.id = swap(el.id); });
      row.querySelectorAll('label[for]').forEach((label) => { label.htmlFor = swap(label.htmlFor); });
      row.querySelectorAll('[aria-describedby]').forEach((el) => el.setAttribute('aria-describedby', el.getAttribute('aria-describedby').split(' ').map(swap).join(' ')));
      const remove = row.querySelector('[data-rx-remove]');
      remove.value = `remove-${n}`;
      remove.setAttribute('aria-label', `Remove medicine ${n}`);
    });
    add.hidden = rows().length >= max;
  };

  const blank = (row) => {
    row.querySelectorAll('.field-error').forEach((error) => error.remove());
    row.querySelectorAll('.has-error').forEach((field) => field.classList.remove('has-error'));
    row.querySelectorAll('input').forEach((input) => {
      input.value = '';
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    });
    return row;
  };

  box.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || !box.contains(button)) return;
    if (button === add) {
      event.preventDefault();
      if (rows().length >= max) return;
      const row = blank(rows()[0].cloneNode(true));
      list.append(row);
      renumber();
      row.querySelector('input').focus();
    } else if (button.matches('[data-rx-remove]')) {
      event.preventDefault();
      const row = button.closest('[data-rx-row]');
      const next = row.nextElementSibling ?? row.previousElementSibling;
      // The last box is emptied rather than removed: the form always has one to type in.
      if (rows().length === 1) blank(row);
      else row.remove();
      renumber();
      (next && list.contains(next) ? next : rows()[0]).querySelector('input').focus();
    }
  });
  renumber();
})();
