/**
 * The view beside an editor is often only 400–750 px wide. Below COMPACT_PX the CSS (media/view.css) makes the
 * toolbar one row of icons plus a "⋯" menu, below NARROW_PX it stacks the details under the graph; this module
 * does the behaviour that CSS can't: the "⋯" overflow menu, the details
 * drawer (opened when a node is selected), and the legend starting collapsed in a narrow panel.
 */
import type { Skeleton } from "./skeleton.js";

/** Keep in step with the `max-width` media query in media/view.css. */
export const NARROW_PX = 900;
const NARROW_QUERY = `(max-width: ${NARROW_PX}px)`;
/** Below this the toolbar goes compact (icons, "⋯" menu); keep in step with media/view.css. */
export const COMPACT_PX = 1280;
const COMPACT_QUERY = `(max-width: ${COMPACT_PX}px)`;

/** True when the view is in its narrow (stacked) layout. */
export function isNarrow(): boolean {
  return window.matchMedia(NARROW_QUERY).matches;
}

/** Controls for the narrow-layout chrome; the app calls these when the selection changes. */
export class Responsive {
  constructor(private readonly ui: Skeleton) {
    this.wireMenu();
    ui.drawerToggle.addEventListener("click", () => this.setDrawer(!this.drawerOpen));
    const mq = window.matchMedia(NARROW_QUERY);
    // The legend is reference material: open where there is room, one click away where there is not.
    ui.legendBox.open = !mq.matches;
    mq.addEventListener("change", () => (ui.legendBox.open = !mq.matches));
    // The menu's drop-down only exists in the compact toolbar: leaving it must not leave an "open" state behind.
    window.matchMedia(COMPACT_QUERY).addEventListener("change", () => this.closeMenu());
  }

  get drawerOpen(): boolean {
    return this.ui.root.dataset["drawer"] === "open";
  }

  /** Opens or closes the details drawer (only visible as such in the narrow layout). */
  setDrawer(open: boolean): void {
    if (open) this.ui.root.dataset["drawer"] = "open";
    else delete this.ui.root.dataset["drawer"];
    this.ui.drawerToggle.setAttribute("aria-expanded", String(open));
  }

  /** Names what the drawer holds, so a closed drawer still says which node is selected. */
  setDrawerTitle(text: string): void {
    this.ui.drawerTitle.textContent = text;
  }

  private get menuOpen(): boolean {
    return this.ui.moreMenu.hasAttribute("data-open");
  }

  closeMenu(): void {
    this.ui.moreMenu.removeAttribute("data-open");
    this.ui.more.setAttribute("aria-expanded", "false");
  }

  private openMenu(): void {
    this.ui.moreMenu.setAttribute("data-open", "");
    this.ui.more.setAttribute("aria-expanded", "true");
    this.ui.moreMenu.querySelector<HTMLElement>("input, button")?.focus();
  }

  private wireMenu(): void {
    const { more, moreMenu } = this.ui;
    more.addEventListener("click", () => (this.menuOpen ? this.closeMenu() : this.openMenu()));
    // An action taken from the menu closes it; a checkbox keeps it open (several toggles are often flipped at once).
    moreMenu.addEventListener("click", (ev) => {
      if ((ev.target as HTMLElement | null)?.closest("button")) this.closeMenu();
    });
    moreMenu.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && this.menuOpen) {
        ev.stopPropagation();
        this.closeMenu();
        more.focus();
      }
    });
    document.addEventListener("pointerdown", (ev) => {
      const t = ev.target as Node | null;
      if (this.menuOpen && t && !moreMenu.contains(t) && !more.contains(t)) this.closeMenu();
    });
  }
}
