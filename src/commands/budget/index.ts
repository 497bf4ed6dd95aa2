// The budget calculator (filled in by the budget work).

import type { Ctx } from '../../ctx';

export function registerBudgetCalculator(_ctx: Ctx): void {}
