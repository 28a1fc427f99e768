import { DEFAULT_PRICES } from './budget';
import type { RouterConfig } from './types';

/** The documented defaults of the routing configuration (the same as the extension's setting defaults). */
export const DEFAULT_ROUTER_CONFIG: RouterConfig = Object.freeze({
  mode: 'auto',
  confidenceThreshold: 0.6,
  routerTimeoutMs: 1500,
  routerModelEnabled: true,
  fallbackToCloud: true,
  fallbackToLocal: true,
  localContextTokens: 8192,
  dailyBudgetUsd: 0,
  prices: DEFAULT_PRICES,
  sensitiveFileGlobs: [],
  extraPatterns: [],
  unknownTokenFormats: false,
  maxOutputTokens: 2048,
  onSecret: 'stayLocal',
});
