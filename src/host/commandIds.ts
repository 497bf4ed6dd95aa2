// Command ids in one place: package.json contributes them, code and tests refer to them here.

export const COMMANDS = {
  toggleInlayHints: 'scalingLens.toggleInlayHints',
  showDerivation: 'scalingLens.showDerivation',
  openCurvePanel: 'scalingLens.openCurvePanel',
  budgetCalculator: 'scalingLens.budgetCalculator',
  fitLaw: 'scalingLens.fitLaw',
  forecastLog: 'scalingLens.forecastLog',
  selectLaw: 'scalingLens.selectLaw',
  fetchModelConfig: 'scalingLens.fetchModelConfig',
} as const;

/**
 * Commands that only make sense with the arguments a lens or hint passes (a file and a line):
 * package.json hides them from the palette (`contributes.menus.commandPalette`, `when: false`).
 */
export const INTERNAL_COMMANDS: readonly (keyof typeof COMMANDS)[] = ['showDerivation', 'fetchModelConfig'];
