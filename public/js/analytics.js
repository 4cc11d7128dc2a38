// Provider analytics: draws the page's chart from the numbers in its data attribute (the CSP
// allows no inline script). The table below the chart holds the same numbers.
(() => {
  const canvas = document.querySelector('[data-analytics-chart]');
  if (!canvas || !window.Chart) return;
  const chart = JSON.parse(canvas.dataset.analyticsChart);
  if (!chart.datasets.length) return;
  const colours = ['#0b6e6e', '#b7791f', '#2f6fb3', '#b83280', '#38a169', '#6b46c1', '#c05621', '#4a5568'];
  new window.Chart(canvas, {
    type: chart.type,
    data: {
      labels: chart.labels,
      datasets: chart.datasets.map((set, i) => ({
        ...set,
        backgroundColor: colours[i % colours.length],
        borderColor: colours[i % colours.length],
        borderWidth: chart.type === 'line' ? 2 : 0,
        pointRadius: chart.labels.length > 40 ? 0 : 2,
        spanGaps: false,
        maxBarThickness: 48,
      })),
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales: {
        x: { stacked: Boolean(chart.stacked), ticks: { maxRotation: 0, autoSkip: true } },
        y: { stacked: Boolean(chart.stacked), beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: chart.yTitle } },
      },
    },
  });
})();
