// The blood bank dashboard's 30-day chart: data from the canvas's data-chart attribute (no inline script under the CSP).
(function () {
  var canvas = document.getElementById('blood-flow-chart');
  if (!canvas || typeof Chart === 'undefined') return;
  var data = JSON.parse(canvas.getAttribute('data-chart'));
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: [
        { label: 'Collected', data: data.collected, backgroundColor: '#2f855a' },
        { label: 'Issued', data: data.issued, backgroundColor: '#c53030' },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  });
})();
