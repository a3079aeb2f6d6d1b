import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Overlay } from './Overlay.tsx';
import { dismissAction, type OverlayActions, type OverlayState } from './overlayState.ts';

/** CONTRACT.md: the shadow host's element id (WXT names the host element by tag, not id). */
export const OVERLAY_HOST_ID = 'passkey-companion';

export interface OverlayHost {
  show(state: OverlayState, actions: OverlayActions): void;
  hide(): void;
  showing(): OverlayState | undefined;
}

/**
 * The overlay in an open shadow root, mounted on first use and re-rendered per state.
 * Escape inside it dismisses it like the × button does.
 */
export async function createOverlayHost(ctx: ContentScriptContext, doc: Document): Promise<OverlayHost> {
  let onEscape: (() => void) | undefined;
  let shown: OverlayState | undefined;
  let hostElement: HTMLElement | undefined;
  const ui = await createShadowRootUi<HTMLElement>(ctx, {
    name: 'passkey-companion',
    position: 'inline',
    anchor: () => doc.body ?? doc.documentElement,
    mode: 'open',
    onMount(container, _shadow, host) {
      host.id = OVERLAY_HOST_ID;
      hostElement = host;
      return container;
    },
    onRemove(container) {
      if (container !== undefined) render(null, container);
    },
  });
  // Escape belongs to what has focus: only inside the overlay is it the overlay's "close" (on
  // the page it may be closing the site's own menu, and must not count as "not now").
  const keydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && hostElement !== undefined && event.composedPath().includes(hostElement)) onEscape?.();
  };

  return {
    show(state, actions) {
      if (ui.mounted === undefined) {
        ui.mount();
        doc.addEventListener('keydown', keydown);
      }
      const container = ui.mounted;
      if (container === undefined) return;
      onEscape = dismissAction(state, actions);
      shown = state;
      render(<Overlay state={state} actions={actions} />, container);
    },
    hide() {
      onEscape = undefined;
      shown = undefined;
      doc.removeEventListener('keydown', keydown);
      ui.remove();
    },
    showing: () => shown,
  };
}
