// The doctor's day: draws the patient-flow chart and refreshes the counts, chart and statuses
// every 15 seconds from /doctor/day.json, so the page stays current without reloading.
(() => {
  const canvas = document.getElementById('flow-chart');
  const stats = document.querySelector('[data-day-stats]');
  if (!canvas || !stats || !window.Chart) return;

  const toData = (flow) => ({
    labels: flow.map((f) => f.hour),
    datasets: [{ label: 'Visits', data: flow.map((f) => f.visits), backgroundColor: '#0b6e6e', borderRadius: 4, maxBarThickness: 40 }],
  });
  const chart = new window.Chart(canvas, {
    type: 'bar',
    data: toData(JSON.parse(canvas.dataset.flow)),
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, animation: false },
  });

  async function refresh() {
    const query = new URLSearchParams({ date: stats.dataset.date, specialty: stats.dataset.specialty });
    const response = await fetch(`/doctor/day.json?${query}`, { headers: { Accept: 'application/json', 'X-MedTrack-Background': '1' } });
    if (!response.ok) return;
    const day = await response.json();
    for (const [key, value] of Object.entries(day.stats)) {
      const cell = stats.querySelector(`[data-stat="${key}"]`);
      if (cell) cell.textContent = String(value);
    }
    for (const { id, status, label } of day.statuses) {
      const badge = document.querySelector(`[data-status-of="${id}"]`);
      if (badge && badge.textContent !== label) {
        badge.textContent = label;
        badge.className = `badge badge-${status}`;
      }
    }
    chart.data = toData(day.flow);
    chart.update();
  }
  setInterval(() => refresh().catch(() => {}), 15000);
})();
