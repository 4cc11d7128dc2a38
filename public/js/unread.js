// The inbox badge in the navigation: asks /inbox/unread.json every 20 seconds (data-poll-ms) while
// the tab is visible, so a new notification shows without reloading. It also pauses once nobody has
// used the page for a few minutes: every request slides the session's idle timeout, and a screen
// left unattended must still log itself out.
(() => {
  const link = document.querySelector('[data-unread-link]');
  const badge = link && link.querySelector('[data-unread-badge]');
  if (!badge) return;
  const every = Number(link.dataset.pollMs) || 20000;
  const IDLE_MS = 5 * 60 * 1000;
  let lastActivity = Date.now();
  let timer;
  let signedOut = false;
  let busy = false;

  function show({ unread, shown }) {
    badge.textContent = shown;
    badge.hidden = unread === 0;
    link.setAttribute('aria-label', unread === 0 ? 'Inbox' : `Inbox, ${shown} unread`);
  }

  async function refresh() {
    const response = await fetch('/inbox/unread.json', { headers: { Accept: 'application/json', 'X-MedTrack-Background': '1' } });
    if (response.status === 401) signedOut = true;
    else if (response.ok) show(await response.json());
  }

  const active = () => document.visibilityState === 'visible' && Date.now() - lastActivity < IDLE_MS;

  async function poll() {
    if (active()) {
      busy = true;
      await refresh().catch(() => {});
      busy = false;
    }
    schedule();
  }

  /** The next count in one interval, unless the page is hidden, unused or signed out. */
  function schedule() {
    clearTimeout(timer);
    timer = undefined;
    if (!signedOut && active()) timer = setTimeout(poll, every);
  }

  /** Back on a visible page after a pause: count now, then every interval again. */
  function resume() {
    if (!timer && !busy && !signedOut && active()) poll();
  }

  for (const event of ['pointerdown', 'keydown', 'scroll', 'focus']) {
    window.addEventListener(event, () => {
      lastActivity = Date.now();
      resume();
    }, { passive: true });
  }
  document.addEventListener('visibilitychange', () => (document.visibilityState === 'visible' ? resume() : schedule()));
  schedule();
})();
