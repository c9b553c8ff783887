// The portal's one media element, as the broadcast and kiosk tests look at it.
import { expect, Page } from '@playwright/test';

/** The player's element (there is one) and where it stands; null before the first play. */
export async function media(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('video');
    if (!el) return null;
    const tracks = Array.from(el.textTracks);
    return {
      time: el.currentTime,
      paused: el.paused,
      muted: el.muted,
      error: el.error?.code ?? null,
      src: el.currentSrc,
      // 0: NETWORK_EMPTY, nothing loaded or loading.
      network: el.networkState,
      inKiosk: !!el.closest('.kiosk-video'),
      controls: el.controls,
      tracks: tracks.length,
      showing: tracks.filter((t) => t.mode === 'showing').length,
    };
  });
}

/** The playing position moves on by more than a second. */
export async function expectAdvancing(page: Page, timeout = 30_000) {
  const first = (await media(page))?.time ?? 0;
  await expect.poll(async () => (await media(page))?.time ?? 0, { timeout }).toBeGreaterThan(first + 1);
}
