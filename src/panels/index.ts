// Curve panel and sidebar curve viewer (filled in by the curves work).

import type { Ctx } from '../ctx';
import type { EditorFeatures } from '../editor/register';

export function registerPanels(_ctx: Ctx, _features: EditorFeatures): void {}
