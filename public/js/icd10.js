// The ICD-10 picker: as the doctor types, the field's suggestions become the best matches from
// /doctor/icd10.json (codes starting with what is typed, then titles with words starting with it).
// Without JavaScript the field suggests the whole shipped list (<datalist id="icd10-list">).
(() => {
  const input = document.querySelector('[data-icd10]');
  const list = document.getElementById('icd10-list');
  if (!input || !list || !window.fetch) return;
  let timer;
  let asked = '';
  const show = (results) => {
    list.replaceChildren(...results.map((entry) => {
      const option = document.createElement('option');
      option.value = `${entry.code} ${entry.title}`;
      return option;
    }));
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    // A picked suggestion ("J06.9 Acute ...") needs no new search.
    if (query.length < 2 || [...list.options].some((o) => o.value === query)) return;
    timer = setTimeout(async () => {
      asked = query;
      try {
        const response = await fetch(`/doctor/icd10.json?q=${encodeURIComponent(query)}&limit=20`, { headers: { Accept: 'application/json' } });
        if (!response.ok) return;
        const page = await response.json();
        if (asked === query) show(page.results);
      } catch {
        // Offline or signed out: the suggestions already there stay.
      }
    }, 150);
  });
})();
