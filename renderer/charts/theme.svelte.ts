/** The palette charts draw with; App refreshes it whenever the theme changes. */
import { LIGHT_PALETTE, readPalette, type Palette } from './palette.js';

class ChartTheme {
  palette = $state.raw<Palette>(LIGHT_PALETTE);

  refresh(): void {
    this.palette = readPalette();
  }
}

export const chartTheme = new ChartTheme();
