// The options of a new curve view. Light on purpose: the host imports it at activation, when
// the laws and curves (model.ts) are not loaded yet.

import type { ViewOptions } from '../protocol';

/**
 * What a new view shows: the config itself under the chosen law, its axes bounded around it and
 * the law's curves. The workspace's configs are one tick away; on by default, a single outlier
 * (a debug config at 1e12 FLOPs) stretched every axis until the config's own curves were flat.
 */
export const DEFAULT_OPTIONS: ViewOptions = { compare: [], scope: 'config' };
