// Progressive enhancement for the booking page: changing the specialty, doctor or date shows the
// free times at once. Without JavaScript the "Show free times" button does the same.
document.querySelectorAll('form[data-auto-submit]').forEach((form) => {
  const specialty = form.querySelector('[name=specialty]');
  const doctor = form.querySelector('[name=doctorId]');
  form.addEventListener('change', (event) => {
    // A new specialty makes the chosen doctor meaningless.
    if (event.target === specialty && doctor) doctor.value = '';
    form.requestSubmit();
  });
});
